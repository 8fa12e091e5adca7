/**
 * The account key (docs/security.md, "Keys on the device"): handed over at each full sign-in, the
 * same for an account every time, different between accounts, and in no other answer.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD, useServer } from './helpers/app';
import { DIALECTS } from './helpers/databases';

describe.each(DIALECTS)('account keys on %s', (dialect) => {
  const server = useServer(dialect);
  const signIn = async (username: string) => {
    const response = await server().login(username, PASSWORD);
    expect(response.statusCode).toBe(200);
    return response.json<{ accountKey: string; refreshToken: string; token: string }>();
  };

  it('gives each account one 256-bit key, the same at every sign-in', async () => {
    await server().user('keys.one', 'ATF');
    await server().user('keys.two', 'ATF');
    const first = await signIn('keys.one');
    expect(Buffer.from(first.accountKey, 'base64')).toHaveLength(32);
    expect((await signIn('keys.one')).accountKey).toBe(first.accountKey);
    expect((await signIn('keys.two')).accountKey).not.toBe(first.accountKey);
  });

  it('tells the device after how many idle minutes to lock, at sign-in and at each refresh', async () => {
    await server().user('keys.lock', 'ATF');
    const { refreshToken, ...answer } = await signIn('keys.lock');
    expect(answer).toMatchObject({ lockAfterMinutes: 30 });
    const refreshed = await server().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect(refreshed.json()).toMatchObject({ lockAfterMinutes: 30 });
  });

  it("tells the device whether the agency lets officers record trace status, at sign-in and at each refresh", async () => {
    const agency = 'HSI';
    await server().user('keys.trace', agency);
    const { refreshToken } = await signIn('keys.trace');
    expect(await signIn('keys.trace')).toMatchObject({ officersRecordTrace: false });
    await server().app.store.agencies.setOfficersRecordTrace(agency, true);
    const refreshed = await server().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect(refreshed.json()).toMatchObject({ officersRecordTrace: true });
  });

  it('keeps one key when two sign-ins make it at once', async () => {
    await server().user('keys.race', 'FGR');
    const [a, b] = await Promise.all([signIn('keys.race'), signIn('keys.race')]);
    expect(a.accountKey).toBe(b.accountKey);
    const rows = await server().app.store.db.selectFrom('account_keys').selectAll().execute();
    expect(rows.filter((row) => row.key === a.accountKey)).toHaveLength(1);
  });

  it('is not in a refresh, a failed sign-in or /me', async () => {
    await server().user('keys.quiet', 'CBP');
    const { accountKey, refreshToken } = await signIn('keys.quiet');
    const refreshed = await server().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const wrong = await server().login('keys.quiet', 'not the password at all');
    // The refresh ended the access token it replaced: /me with the new one.
    const me = await server().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${refreshed.json<{ token: string }>().token}` } });
    expect(me.statusCode).toBe(200);
    for (const response of [refreshed, wrong, me]) expect(response.body).not.toContain(accountKey);
  });
});
