/**
 * Short-lived access tokens, rotating refresh tokens, reuse detection, logout and revocation by
 * the admin CLI (docs/security.md "Tokens"), on SQLite and PostgreSQL, with the app's clock.
 */
import { describe, expect, it } from 'vitest';
import { REFRESH_RETRY_GRACE_MS } from '../../src/server/auth/session-tokens';
import { NOW, PASSWORD, useServer, type TestUser } from './helpers/app';
import { admin } from './helpers/admin';
import { DIALECTS } from './helpers/databases';

interface Pair {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

const MINUTE = 60_000;

describe.each(DIALECTS)('access and refresh tokens on %s', (dialect) => {
  let clock = NOW;
  const at = (ms: number) => (clock = new Date(NOW.getTime() + ms));
  const server = useServer(dialect, { now: () => clock });

  const me = (token: string) => server().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
  const refresh = (refreshToken: unknown) => server().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const pairOf = (user: TestUser): Pair => ({ token: user.token, refreshToken: user.refreshToken, expiresAt: '', refreshExpiresAt: '' });
  const refreshed = async (refreshToken: string): Promise<Pair> => {
    const response = await refresh(refreshToken);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Pair>();
  };
  const familyOf = async (username: string) =>
    server()
      .app.store.db.selectFrom('session_families')
      .innerJoin('users', 'users.id', 'session_families.user_id')
      .select(['session_families.id', 'session_families.revoked_reason', 'session_families.device_id'])
      .where('users.username', '=', username)
      .execute();

  it('expires the access token after 15 minutes; a refresh gives a new pair without a password', async () => {
    at(0);
    const officer = await server().user('tok.expiry', 'ATF');
    at(15 * MINUTE - 1000);
    expect((await me(officer.token)).statusCode).toBe(200);
    at(15 * MINUTE);
    expect((await me(officer.token)).json()).toEqual({ error: 'auth.required' });

    const pair = await refreshed(officer.refreshToken);
    expect(pair.token).not.toBe(officer.token);
    expect(pair.refreshToken).not.toBe(officer.refreshToken);
    expect(pair.expiresAt).toBe(new Date(NOW.getTime() + 30 * MINUTE).toISOString());
    // Refreshing never extends the sign-in: the officer types the password again after the shift.
    expect(pair.refreshExpiresAt).toBe(new Date(NOW.getTime() + 12 * 60 * MINUTE).toISOString());
    expect((await me(pair.token)).json()).toMatchObject({ username: 'tok.expiry' });
    expect((await me(officer.token)).statusCode).toBe(401);
    at(0);
  });

  it('ends the access token a refresh replaces at once, not at its expiry', async () => {
    at(0);
    const officer = await server().user('tok.replaced', 'ATF');
    expect((await me(officer.token)).statusCode).toBe(200);
    const pair = await refreshed(officer.refreshToken);
    expect((await me(officer.token)).json()).toEqual({ error: 'auth.required' });
    expect((await me(pair.token)).statusCode).toBe(200);
    // A lost answer retried within the grace: the unused pair ends too, the newest one works.
    const retried = await refreshed(officer.refreshToken);
    expect((await me(pair.token)).statusCode).toBe(401);
    expect((await me(retried.token)).statusCode).toBe(200);
  });

  it('ends the sign-in after 12 hours: the refresh token stops working and the last access token is cut short', async () => {
    at(0);
    const officer = await server().user('tok.shift', 'ATF');
    let pair = pairOf(officer);
    // Refresh every 14 minutes through the shift.
    for (let t = 14 * MINUTE; t < 12 * 60 * MINUTE; t += 14 * MINUTE) {
      at(t);
      pair = await refreshed(pair.refreshToken);
    }
    expect(new Date(pair.expiresAt).getTime()).toBeLessThanOrEqual(NOW.getTime() + 12 * 60 * MINUTE);
    at(12 * 60 * MINUTE);
    expect((await me(pair.token)).statusCode).toBe(401);
    expect((await refresh(pair.refreshToken)).json()).toEqual({ error: 'auth.required' });
    at(0);
  });

  it('rotates on every refresh, and revokes the whole sign-in when a rotated refresh token comes back', async () => {
    at(0);
    const officer = await server().user('tok.theft', 'ATF');
    const second = await refreshed(officer.refreshToken);
    // The device uses its new pair: its next refresh works.
    at(1 * MINUTE);
    const third = await refreshed(second.refreshToken);
    expect((await me(third.token)).statusCode).toBe(200);

    // A thief replays the first refresh token, long since rotated.
    at(2 * MINUTE);
    expect((await refresh(officer.refreshToken)).json()).toEqual({ error: 'auth.required' });
    // Everything of that sign-in is dead now, the device's live tokens included.
    expect((await me(third.token)).statusCode).toBe(401);
    expect((await refresh(third.refreshToken)).statusCode).toBe(401);
    expect(await familyOf('tok.theft')).toEqual([expect.objectContaining({ revoked_reason: 'refresh-reuse' })]);
    // Another sign-in of the same officer is untouched, and signing in again works.
    expect((await server().login('tok.theft', PASSWORD)).statusCode).toBe(200);
    at(0);
  });

  it('lets a lost answer be retried once, briefly, while its successor is unused; the superseded successor then revokes all', async () => {
    at(0);
    const officer = await server().user('tok.lost', 'ATF');
    const lost = await refreshed(officer.refreshToken); // the answer never reached the device
    at(10_000);
    const retried = await refreshed(officer.refreshToken);
    expect(retried.refreshToken).not.toBe(lost.refreshToken);
    // Exactly one live refresh token per sign-in: the lost pair is revoked.
    expect((await me(lost.token)).statusCode).toBe(401);
    expect((await me(retried.token)).statusCode).toBe(200);
    const live = await server()
      .app.store.db.selectFrom('refresh_tokens')
      .select('token_hash')
      .where('family_id', '=', (await familyOf('tok.lost'))[0]!.id)
      .where('revoked_at', 'is', null)
      .where('rotated_at', 'is', null)
      .execute();
    expect(live).toHaveLength(1);

    // If someone did hold the superseded token, presenting it ends the sign-in for everyone.
    expect((await refresh(lost.refreshToken)).statusCode).toBe(401);
    expect((await me(retried.token)).statusCode).toBe(401);
    expect(await familyOf('tok.lost')).toEqual([expect.objectContaining({ revoked_reason: 'refresh-reuse' })]);
    at(0);
  });

  it('treats a retry after the grace period as reuse', async () => {
    at(0);
    const officer = await server().user('tok.late', 'ATF');
    const next = await refreshed(officer.refreshToken);
    at(REFRESH_RETRY_GRACE_MS + 1);
    expect((await refresh(officer.refreshToken)).statusCode).toBe(401);
    expect((await me(next.token)).statusCode).toBe(401);
    expect((await refresh(next.refreshToken)).statusCode).toBe(401);
    at(0);
  });

  it('lets only one of two refreshes at the same moment leave a usable chain', async () => {
    at(0);
    const officer = await server().user('tok.race', 'ATF');
    const answers = await Promise.all([refresh(officer.refreshToken), refresh(officer.refreshToken)]);
    const pairs = answers.filter((a) => a.statusCode === 200).map((a) => a.json<Pair>());
    expect(pairs.length).toBeGreaterThanOrEqual(1);
    const usable = [];
    for (const pair of pairs) if ((await me(pair.token)).statusCode === 200) usable.push(pair);
    expect(usable).toHaveLength(1);
    expect((await refreshed(usable[0]!.refreshToken)).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('ends the sign-in on logout: access and refresh token both stop working, other sign-ins do not', async () => {
    at(0);
    const officer = await server().user('tok.logout', 'ATF');
    const other = (await server().login('tok.logout', PASSWORD)).json<Pair>();
    const fresh = await refreshed(officer.refreshToken);
    const response = await server().app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${fresh.token}` } });
    expect(response.json()).toEqual({ revoked: true });
    expect((await me(fresh.token)).statusCode).toBe(401);
    expect((await refresh(fresh.refreshToken)).statusCode).toBe(401);
    expect((await me(other.token)).statusCode).toBe(200);
    expect((await refreshed(other.refreshToken)).token).toBeTruthy();
  });

  it('refuses a refresh for a disabled user, and refuses malformed refresh requests with 400', async () => {
    at(0);
    const officer = await server().user('tok.disabled', 'ATF');
    await server().app.store.users.disable('tok.disabled', NOW);
    expect((await refresh(officer.refreshToken)).statusCode).toBe(401);
    for (const bad of [undefined, '', 'short', 42, 'A'.repeat(44), { token: officer.refreshToken }]) {
      const response = await refresh(bad);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'request.invalid' });
    }
    expect((await refresh('A'.repeat(43))).json()).toEqual({ error: 'auth.required' });
    // An access token is not a refresh token.
    const other = await server().user('tok.kinds', 'ATF');
    expect((await refresh(other.token)).statusCode).toBe(401);
    expect((await me(other.refreshToken)).statusCode).toBe(401);
  });

  it('remembers which device signed in', async () => {
    at(0);
    await server().user('tok.device', 'ATF');
    const response = await server().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'tok.device', password: PASSWORD, deviceId: 'phone-7' },
    });
    expect(response.statusCode).toBe(200);
    expect((await familyOf('tok.device')).map((f) => f.device_id).sort()).toEqual([null, 'phone-7']);
  });

  it('revokes every sign-in of a user from the admin CLI; the user can sign in again', async () => {
    at(0);
    const officer = await server().user('tok.revoked', 'ATF');
    const second = (await server().login('tok.revoked', PASSWORD)).json<Pair>();
    const bystander = await server().user('tok.bystander', 'ATF');
    const { code, out, err } = await admin(server().db.config, ['user', 'revoke', '--username', 'TOK.Revoked']);
    expect(code, err.join('\n')).toBe(0);
    expect(out).toEqual(['Revoked 2 sign-in(s) of tok.revoked; every device of theirs must sign in again.']);
    for (const token of [officer.token, second.token]) expect((await me(token)).statusCode).toBe(401);
    for (const token of [officer.refreshToken, second.refreshToken]) expect((await refresh(token)).statusCode).toBe(401);
    expect((await me(bystander.token)).statusCode).toBe(200);
    expect((await server().login('tok.revoked', PASSWORD)).statusCode).toBe(200);

    const unknown = (await admin(server().db.config, ['user', 'revoke', '--username', 'nobody.at.all'])).code;
    expect(unknown).toBe(1);
  });
});
