/** Sign-in, bearer tokens, logout and disabled users (docs/sync-protocol.md "Authentication"). */
import { describe, expect, it } from 'vitest';
import { NOW, PASSWORD, useServer } from './helpers/app';
import { DIALECTS } from './helpers/databases';

describe.each(DIALECTS)('authentication on %s', (dialect) => {
  const server = useServer(dialect);
  const me = (token?: string) =>
    server().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('signs in with the right password and answers with an access token, a refresh token, their expiries and the user', async () => {
    const officer = await server().user('auth.officer', 'ATF');
    // Usernames are case-insensitive and trimmed.
    const response = await server().login(' Auth.Officer ', PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ token: string; expiresAt: string; refreshToken: string; refreshExpiresAt: string; user: unknown }>();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refreshToken).not.toBe(body.token);
    expect(body.expiresAt).toBe(new Date(NOW.getTime() + 15 * 60_000).toISOString());
    expect(body.refreshExpiresAt).toBe(new Date(NOW.getTime() + 12 * 3600_000).toISOString());
    expect(body.user).toEqual({
      id: officer.id,
      username: 'auth.officer',
      role: 'officer',
      agency: { code: 'ATF', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)' },
    });
    // Each sign-in is its own session; the database keeps only the token's hash.
    expect(body.token).not.toBe(officer.token);
    const rows = await server().app.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(body.token);
    const refreshRows = await server().app.store.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(refreshRows.length).toBeGreaterThan(0);
    expect(refreshRows.map((r) => r.token_hash)).not.toContain(body.refreshToken);

    const who = await me(body.token);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual(body.user);
  });

  it('answers a wrong password and an unknown user alike, after the same work', async () => {
    await server().user('auth.timing', 'ATF');
    const time = async (username: string, password: string) => {
      const start = performance.now();
      const response = await server().login(username, password);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: 'auth.invalidCredentials' });
      return performance.now() - start;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time('auth.timing', 'not the password at all'));
      unknown.push(await time('auth.nobody', 'not the password at all'));
    }
    // Without the dummy verification an unknown user would answer in well under a millisecond.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...wrong) * 0.3);
  });

  it('refuses a disabled user, and their open sessions stop working', async () => {
    const officer = await server().user('auth.leaver', 'HSI');
    expect((await me(officer.token)).statusCode).toBe(200);
    await server().app.store.users.disable('auth.leaver', NOW);
    expect((await me(officer.token)).json()).toEqual({ error: 'auth.required' });
    const response = await server().login('auth.leaver', PASSWORD);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.invalidCredentials' });
  });

  it('requires a valid bearer token on every API route but login and health', async () => {
    const routes = [
      { method: 'GET', url: '/api/v1/auth/me' },
      { method: 'POST', url: '/api/v1/auth/logout' },
      { method: 'POST', url: '/api/v1/sync/push', payload: { deviceId: 'd', mutations: [] } },
      { method: 'GET', url: '/api/v1/sync/pull' },
    ] as const;
    const headers = [{}, { authorization: 'Bearer' }, { authorization: `Bearer ${'A'.repeat(43)}` }, { authorization: 'Basic dXNlcjpwYXNz' }];
    for (const route of routes) {
      for (const header of headers) {
        const response = await server().app.inject({ ...route, headers: header });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({ error: 'auth.required' });
      }
    }
    const health = await server().app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json()).toEqual({ status: 'ok', database: dialect });
  });

  it('revokes the sign-in on logout, and only that sign-in', async () => {
    const officer = await server().user('auth.logout', 'DEA');
    const other = (await server().login('auth.logout', PASSWORD)).json<{ token: string }>().token;
    const response = await server().app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect((await me(officer.token)).statusCode).toBe(401);
    expect((await server().pull(officer)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
  });
});
