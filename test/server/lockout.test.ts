/**
 * CJIS AC-7: five consecutive failed sign-ins lock the name for ten minutes, on every instance,
 * whether or not an account has that name; an administrator can lift the lock.
 */
import { describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS } from './helpers/databases';
import { NOW, PASSWORD, startServer, useServer, type TestServer } from './helpers/app';
import { useFixture } from './helpers/fixture';

/** How many passwords the server checked for a name: each wrong one leaves a `login.failure` row. */
async function checkedWrong(server: TestServer, username: string): Promise<number> {
  const rows = await server.app.store.db.selectFrom('audit_log').select('details').where('action', '=', 'login.failure').execute();
  return rows.filter((row) => JSON.parse(row.details).username === username).length;
}

/** 29 wrong passwords and the right one 25th, all at once, as a guesser would send them. */
const parallelGuesses = (servers: TestServer[], username: string) =>
  Promise.all(
    Array.from({ length: 30 }, (_, i) => servers[i % servers.length]!.login(username, i === 24 ? PASSWORD : `wrong guess number ${i}`)),
  );

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

  it('evaluates at most five of thirty simultaneous guesses; the right one, 25th, is refused too', async () => {
    await server().user('guessed', 'ATF');
    const answers = await parallelGuesses([server()], 'guessed');
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 401)).toHaveLength(5);
    expect(codes.filter((code) => code === 429)).toHaveLength(25);
    expect(codes[24]).toBe(429);
    expect(await checkedWrong(server(), 'guessed')).toBe(5);
    const after = await server().login('guessed', PASSWORD);
    expect(after.statusCode).toBe(429);
    expect(Number(after.headers['retry-after'])).toBe(600);
  });

  it('gives back the count of a right password that waits for its second factor', async () => {
    const user = await server().user('two.steps', 'ATF');
    const secret = 'JBSWY3DPEHPK3PXP';
    await server().app.store.writeLocked((tx) => tx.totp.enable(user.id, secret, NOW));
    for (let i = 0; i < 4; i++) expect((await server().login('two.steps', 'wrong password here')).statusCode).toBe(401);
    // Six first steps with the right password: none counts, so the name does not lock.
    for (let i = 0; i < 6; i++) expect((await server().login('two.steps', PASSWORD)).json()).toEqual({ error: 'auth.otpRequired' });
    expect((await server().login('two.steps', 'wrong password here')).statusCode).toBe(401);
    expect((await server().login('two.steps', PASSWORD)).statusCode).toBe(429);
  });

  it('counts failures arriving at the same moment without losing any', async () => {
    await server().user('raced', 'ATF');
    await Promise.all(Array.from({ length: 5 }, () => server().login('raced', 'wrong password here')));
    expect((await server().login('raced', PASSWORD)).statusCode).toBe(429);
  });
});

describe('login lockout across two instances over one PostgreSQL', () => {
  const fixture = useFixture(
    async () => {
      const db = await createTestDatabase('postgres');
      const [one, two] = await Promise.all([startServer(db), startServer(db)]);
      return { db, one, two };
    },
    async ({ db, one, two }) => {
      await one.app.close();
      await two.app.close();
      await db.drop();
    },
  );

  it('evaluates at most five guesses in all, whichever instance each reaches', async () => {
    const { one, two } = fixture();
    await one.user('guessed.twice', 'FGR');
    const codes = (await parallelGuesses([one, two], 'guessed.twice')).map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 401)).toHaveLength(5);
    expect(codes.filter((code) => code === 429)).toHaveLength(25);
    expect(await checkedWrong(one, 'guessed.twice')).toBe(5);
    expect((await two.login('guessed.twice', PASSWORD)).statusCode).toBe(429);
  });
});
