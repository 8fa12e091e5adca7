/** Sign-in, bearer tokens, logout and disabled users (docs/sync-protocol.md "Authentication"). */
import { describe, expect, it } from 'vitest';
import { NOW, PASSWORD, startServer, useServer } from './helpers/app';
import { createTestDatabase, DIALECTS } from './helpers/databases';

describe.each(DIALECTS)('authentication on %s', (dialect) => {
  const server = useServer(dialect);
  const me = (token?: string) =>
    server().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('signs in with the right password and answers with a token, its expiry and the user', async () => {
    const officer = await server().user('auth.officer', 'ATF');
    // Usernames are case-insensitive and trimmed.
    const response = await server().login(' Auth.Officer ', PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ token: string; expiresAt: string; user: unknown }>();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(NOW.getTime() + 12 * 3600_000).toISOString());
    expect(body.user).toEqual({
      id: officer.id,
      username: 'auth.officer',
      role: 'officer',
      agency: { code: 'ATF', name: 'ATF (Bureau of Alcohol, Tobacco, Firearms and Explosives)' },
    });
    // Each sign-in is its own session; the database keeps only the token's hash.
    expect(body.token).not.toBe(officer.token);
    const rows = await server().app.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(body.token);

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

  it('revokes the token on logout, and only that token', async () => {
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

describe('token lifetime', () => {
  it('ends a session when it expires, after the configured number of hours', async () => {
    const db = await createTestDatabase('sqlite');
    let now = NOW;
    const { buildApp } = await import('../../src/server/app');
    const app = await buildApp({ database: db.config, now: () => now, tokenTtlHours: 2 });
    const server = await startServer(db, { database: app.store.db, now: () => now });
    try {
      const officer = await server.user('ttl.officer', 'FBI');
      const login = (await server.login('ttl.officer', PASSWORD)).json<{ expiresAt: string }>();
      expect(login.expiresAt).toBe(new Date(NOW.getTime() + 12 * 3600_000).toISOString());

      const shortLived = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ttl.officer', password: PASSWORD } });
      const { token, expiresAt } = shortLived.json<{ token: string; expiresAt: string }>();
      expect(expiresAt).toBe('2026-11-28T14:00:00.000Z');
      const meWith = (t: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${t}` } });
      now = new Date('2026-11-28T13:59:59Z');
      expect((await meWith(token)).statusCode).toBe(200);
      now = new Date('2026-11-28T14:00:00Z');
      expect((await meWith(token)).statusCode).toBe(401);
      expect((await meWith(officer.token)).statusCode).toBe(200);
    } finally {
      await server.app.close();
      await app.close();
      await db.drop();
    }
  });
});
