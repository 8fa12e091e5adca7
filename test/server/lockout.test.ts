/**
 * CJIS AC-7: five consecutive failed sign-ins lock the name for ten minutes, on every instance,
 * whether or not an account has that name; an administrator can lift the lock.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { NOW, PASSWORD, useServer } from './helpers/app';

describe.each(DIALECTS)('login lockout on %s', (dialect) => {
  let clock = NOW;
  const server = useServer(dialect, { now: () => clock });

  const failTimes = async (username: string, times: number) => {
    const codes: number[] = [];
    for (let i = 0; i < times; i++) codes.push((await server().login(username, 'wrong password here')).statusCode);
    return codes;
  };

  it('locks after five failures in a row, refuses even the right password while locked, then lets it go', async () => {
    await server().user('lock.me', 'ATF');
    expect(await failTimes('lock.me', 5)).toEqual([401, 401, 401, 401, 401]);

    const locked = await server().login('lock.me', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({ error: 'auth.locked' });
    expect(Number(locked.headers['retry-after'])).toBe(600);

    clock = new Date(NOW.getTime() + 10 * 60_000 + 1000);
    expect((await server().login('lock.me', PASSWORD)).statusCode).toBe(200);
    clock = NOW;
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    await server().user('keep.trying', 'ATF');
    await failTimes('keep.trying', 4);
    expect((await server().login('keep.trying', PASSWORD)).statusCode).toBe(200);
    expect(await failTimes('keep.trying', 4)).toEqual([401, 401, 401, 401]);
    expect((await server().login('keep.trying', PASSWORD)).statusCode).toBe(200);
  });

  it('locks names that have no account the same way, so a lock tells nothing', async () => {
    expect(await failTimes('nobody.here', 5)).toEqual([401, 401, 401, 401, 401]);
    expect((await server().login('nobody.here', 'anything at all')).statusCode).toBe(429);
  });

  it('is lifted by an administrator', async () => {
    await server().user('unlock.me', 'ATF');
    await failTimes('unlock.me', 5);
    expect((await server().login('unlock.me', PASSWORD)).statusCode).toBe(429);
    expect(await server().app.store.loginFailures.clear('unlock.me')).toBe(true);
    expect((await server().login('unlock.me', PASSWORD)).statusCode).toBe(200);
  });

  it('counts failures arriving at the same moment without losing any', async () => {
    await server().user('raced', 'ATF');
    await Promise.all(Array.from({ length: 5 }, () => server().login('raced', 'wrong password here')));
    expect((await server().login('raced', PASSWORD)).statusCode).toBe(429);
  });
});
