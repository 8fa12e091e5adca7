/**
 * The optional TOTP second factor (docs/security.md "Second factor"): a user with TOTP signs in
 * with password and code; a missing code is asked for, a wrong or used one is a failed sign-in
 * (and counts towards the lock); an agency can require TOTP for some roles. Secrets are enrolled
 * through the admin CLI, as an operator would.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/server/auth/totp';
import { admin } from './helpers/admin';
import { DIALECTS } from './helpers/databases';
import { NOW, PASSWORD, useServer } from './helpers/app';

const STEP_MS = 30_000;
/** A moment 10 s into a time step; each test moves the clock to steps of its own. */
const inStep = (offsetSteps: number) => new Date((totpStep(NOW) + 100 + offsetSteps) * STEP_MS + 10_000);

describe.each(DIALECTS)('TOTP second factor on %s', (dialect) => {
  let clock = NOW;
  const server = useServer(dialect, { now: () => clock });

  const login = (username: string, extra: Record<string, unknown> = {}, password = PASSWORD): Promise<LightMyRequestResponse> =>
    server().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...extra } });

  const cli = (args: string[]) => admin(server().db.config, args, clock);

  /** Makes a user (signed in once without TOTP) and enrols TOTP through the CLI; returns the secret. */
  const userWithTotp = async (username: string, agency = 'ATF', role: 'officer' | 'supervisor' | 'admin' = 'officer') => {
    const user = await server().user(username, agency, role);
    const { code, out } = await cli(['user', 'totp-enable', '--username', username]);
    expect(code).toBe(0);
    const secret = /^\s*Secret: ([A-Z2-7]+)$/.exec(out.find((line) => line.includes('Secret:')) ?? '')?.[1];
    if (!secret) throw new Error(`no secret printed: ${out.join('\n')}`);
    return { ...user, secret };
  };

  const auditRows = (action: string, actorUserId: string) =>
    server().app.store.db.selectFrom('audit_log').select(['details']).where('action', '=', action).where('actor_user_id', '=', actorUserId).orderBy('seq').execute();

  it('asks for the code when it is missing, without counting that as a failure', async () => {
    clock = inStep(0);
    const { secret } = await userWithTotp('otp.asks');
    for (let i = 0; i < 6; i++) {
      const asked = await login('otp.asks');
      expect(asked.statusCode).toBe(401);
      expect(asked.json()).toEqual({ error: 'auth.otpRequired' });
    }
    const signedIn = await login('otp.asks', { otp: totpCode(secret, clock) });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ token: expect.any(String), refreshToken: expect.any(String), user: { username: 'otp.asks' } });
    expect(signedIn.body).not.toContain(secret);
  });

  it('refuses a wrong code as a failed sign-in: audited, and five of them lock the name', async () => {
    clock = inStep(10);
    const { id, secret } = await userWithTotp('otp.wrong');
    const right = totpCode(secret, clock);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const refused = await login('otp.wrong', { otp: wrong });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toEqual({ error: 'auth.otpInvalid' });
    }
    const failures = await auditRows('login.failure', id);
    expect(failures.map((row) => JSON.parse(row.details) as unknown)).toEqual(Array.from({ length: 5 }, () => ({ reason: 'otp-invalid', username: 'otp.wrong' })));
    expect(await auditRows('login.locked', id)).toHaveLength(1);
    // Locked: even the right password and code are refused now.
    expect((await login('otp.wrong', { otp: right })).statusCode).toBe(429);
  });

  it('does not let a right password clear the failures that wrong codes made', async () => {
    clock = inStep(20);
    const { secret } = await userWithTotp('otp.noreset');
    const wrong = totpCode(secret, clock) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect((await login('otp.noreset', { otp: wrong })).statusCode).toBe(401);
    expect((await login('otp.noreset')).json()).toEqual({ error: 'auth.otpRequired' });
    expect((await login('otp.noreset', { otp: wrong })).statusCode).toBe(401);
    expect((await login('otp.noreset', { otp: totpCode(secret, clock) })).statusCode).toBe(429);
  });

  it('accepts the right code once; the same code again is refused and audited as a replay', async () => {
    clock = inStep(30);
    const { id, secret } = await userWithTotp('otp.once');
    const code = totpCode(secret, clock);
    expect((await login('otp.once', { otp: code })).statusCode).toBe(200);
    const successes = await auditRows('login.success', id);
    expect(JSON.parse(successes.at(-1)?.details ?? '{}')).toMatchObject({ otp: true });

    const replayed = await login('otp.once', { otp: code });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toEqual({ error: 'auth.otpInvalid' });
    expect(JSON.parse((await auditRows('login.failure', id)).at(-1)?.details ?? '{}')).toEqual({ reason: 'otp-replayed', username: 'otp.once' });
    // Still refused in the next step, when it is the previous step's code.
    clock = inStep(31);
    expect((await login('otp.once', { otp: code })).statusCode).toBe(401);
    // The new step's code works.
    expect((await login('otp.once', { otp: totpCode(secret, clock) })).statusCode).toBe(200);
  });

  it('lets only one of two sign-ins sent at the same moment with the same code through', async () => {
    clock = inStep(35);
    const { secret } = await userWithTotp('otp.race');
    const code = totpCode(secret, clock);
    const answers = await Promise.all([login('otp.race', { otp: code }), login('otp.race', { otp: code })]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
  });

  it('allows one step of clock drift either way, not three', async () => {
    clock = inStep(40);
    const { secret } = await userWithTotp('otp.drift');
    expect((await login('otp.drift', { otp: totpCode(secret, inStep(37)) })).json()).toEqual({ error: 'auth.otpInvalid' });
    expect((await login('otp.drift', { otp: totpCode(secret, inStep(43)) })).json()).toEqual({ error: 'auth.otpInvalid' });
    expect((await login('otp.drift', { otp: totpCode(secret, inStep(39)) })).statusCode).toBe(200);
    // Once a later step was used, an earlier code cannot be: the code of the next step is next.
    expect((await login('otp.drift', { otp: totpCode(secret, inStep(41)) })).statusCode).toBe(200);
    expect((await login('otp.drift', { otp: totpCode(secret, inStep(40)) })).json()).toEqual({ error: 'auth.otpInvalid' });
  });

  it('checks the password first: a wrong password with the right code is a wrong password', async () => {
    clock = inStep(50);
    const { secret } = await userWithTotp('otp.password');
    const refused = await login('otp.password', { otp: totpCode(secret, clock) }, 'wrong password here');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: 'auth.invalidCredentials' });
    // The code was not spent by the failed attempt.
    expect((await login('otp.password', { otp: totpCode(secret, clock) })).statusCode).toBe(200);
  });

  it('refuses malformed codes as malformed requests', async () => {
    clock = inStep(60);
    await userWithTotp('otp.malformed');
    for (const otp of ['12345', '1234567', 'abcdef', 123456, '', null]) {
      const response = await login('otp.malformed', { otp });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'request.invalid' });
    }
  });

  it('applies the agency policy: a supervisor without TOTP is refused, an officer is not', async () => {
    clock = inStep(70);
    const supervisor = await server().user('policy.supervisor', 'HSI', 'supervisor');
    await server().user('policy.officer', 'HSI', 'officer');
    const before = await server().app.store.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();

    const set = await cli(['agency', 'require-otp', '--agency', 'hsi', '--roles', 'supervisor,admin']);
    expect(set.code).toBe(0);
    expect(set.out[0]).toContain('HSI now requires TOTP for: supervisor, admin');
    const listed = await cli(['agency', 'list']);
    expect(listed.out.find((line) => line.startsWith('HSI '))).toMatch(/^HSI\s+US\s+supervisor,admin\s+/);

    const refused = await login('policy.supervisor');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'auth.otpEnrollmentRequired' });
    expect((await login('policy.officer')).statusCode).toBe(200);
    const after = await server().app.store.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(before.count) + 1); // the officer's only
    expect(JSON.parse((await auditRows('login.failure', supervisor.id)).at(-1)?.details ?? '{}')).toEqual({ reason: 'otp-not-enrolled', username: 'policy.supervisor' });

    // Refusals for lack of enrolment are not guesses: they never lock the name.
    for (let i = 0; i < 5; i++) expect((await login('policy.supervisor')).statusCode).toBe(403);

    const enabled = await cli(['user', 'totp-enable', '--username', 'policy.supervisor']);
    const secret = /Secret: ([A-Z2-7]+)/.exec(enabled.out.join('\n'))?.[1] ?? '';
    expect((await login('policy.supervisor')).json()).toEqual({ error: 'auth.otpRequired' });
    expect((await login('policy.supervisor', { otp: totpCode(secret, clock) })).statusCode).toBe(200);

    const cleared = await cli(['agency', 'require-otp', '--agency', 'HSI', '--roles', 'none']);
    expect(cleared.code).toBe(0);
    expect((await cli(['agency', 'list'])).out.find((line) => line.startsWith('HSI '))).toMatch(/^HSI\s+US\s+-\s+/);
    expect((await cli(['user', 'totp-disable', '--username', 'policy.supervisor'])).code).toBe(0);
    expect((await login('policy.supervisor')).statusCode).toBe(200);

    const policyRows = await server().app.store.db.selectFrom('audit_log').select(['details', 'subject']).where('action', '=', 'otp.policy').orderBy('seq').execute();
    expect(policyRows.map((row) => [row.subject, JSON.parse(row.details) as unknown])).toEqual([
      ['HSI', { by: 'admin-cli', roles: ['supervisor', 'admin'] }],
      ['HSI', { by: 'admin-cli', roles: [] }],
    ]);
  });

  it('enrols and removes TOTP through the CLI, audited, showing the secret only at enrolment', async () => {
    clock = inStep(80);
    const user = await server().user('cli.otp', 'ATF');
    const enabled = await cli(['user', 'totp-enable', '--username', 'CLI.OTP']);
    expect(enabled.code).toBe(0);
    const uri = enabled.out.find((line) => line.includes('URI:'))?.trim().replace(/^URI:\s+/, '') ?? '';
    const secret = /Secret: ([A-Z2-7]{32})$/.exec(enabled.out.join('\n'))?.[1] ?? '';
    expect(secret).not.toBe('');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ issuer: 'TraceReady', secret, algorithm: 'SHA1', digits: '6', period: '30' });

    const again = await cli(['user', 'totp-enable', '--username', 'cli.otp']);
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toContain('already has TOTP');
    expect(again.out.join('\n')).not.toContain(secret);
    const users = await cli(['user', 'list']);
    expect(users.out.join('\n')).not.toContain(secret);

    expect((await login('cli.otp')).json()).toEqual({ error: 'auth.otpRequired' });
    expect(await cli(['user', 'totp-disable', '--username', 'cli.otp'])).toMatchObject({ code: 0, out: ['TOTP disabled for cli.otp.'] });
    expect((await login('cli.otp')).statusCode).toBe(200);
    expect(await cli(['user', 'totp-disable', '--username', 'cli.otp'])).toMatchObject({ code: 1, err: ['cli.otp has no TOTP to disable.'] });

    const rows = await server().app.store.db.selectFrom('audit_log').select(['action', 'details']).where('subject', '=', user.id).orderBy('seq').execute();
    expect(rows.map((row) => [row.action, JSON.parse(row.details) as unknown])).toEqual([
      ['totp.enable', { by: 'admin-cli', username: 'cli.otp' }],
      ['totp.disable', { by: 'admin-cli', username: 'cli.otp' }],
    ]);
    const trail = await server().app.store.db.selectFrom('audit_log').select('details').execute();
    expect(trail.some((row) => row.details.includes(secret))).toBe(false);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });

  it('refuses unknown users, unknown agencies and unknown roles in the CLI', async () => {
    expect(await cli(['user', 'totp-enable', '--username', 'nobody.at.all'])).toMatchObject({ code: 1, err: ['No user named "nobody.at.all".'] });
    expect(await cli(['user', 'totp-disable', '--username', 'nobody.at.all'])).toMatchObject({ code: 1 });
    expect((await cli(['agency', 'require-otp', '--agency', 'NOPE', '--roles', 'admin'])).code).toBe(1);
    const badRole = await cli(['agency', 'require-otp', '--agency', 'ATF', '--roles', 'supervisor,chief']);
    expect(badRole.code).toBe(1);
    expect(badRole.err[0]).toContain('not "supervisor,chief"');
    expect((await cli(['agency', 'require-otp', '--agency', 'ATF'])).code).toBe(2);
    expect(await server().app.store.otpPolicy.requiredRoles('ATF')).toEqual([]);
  });
});
