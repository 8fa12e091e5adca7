/**
 * The admin CLI: `npm run admin -- …` spawned as a real process against a temp DATA_DIR for the
 * paths an operator takes, and runAdmin() in-process for the refusals (quicker, same code).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin/commands';
import { buildApp } from '../../src/server/app';
import { NOW } from './helpers/app';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way `npm run admin --` does (the same node command as the package script). */
function cli(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // The CLI must see only this test's settings, never the runner's PASSWORD or DATABASE_URL.
    const inherited = { ...process.env };
    delete inherited.PASSWORD;
    delete inherited.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/admin.ts'), ...args], {
      cwd: root,
      env: { ...inherited, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('admin CLI (spawned)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'traceready-admin-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds a user whose password comes from PASSWORD or stdin, and that user can sign in', async () => {
    const fromEnv = await cli(['user', 'add', '--agency', 'ATF', '--username', 'jdoe', '--role', 'officer'], {
      DATA_DIR: dataDir,
      PASSWORD: 'a long enough password',
    });
    expect(fromEnv).toMatchObject({ code: 0, stdout: 'Added officer jdoe in agency ATF.\n' });
    const fromStdin = await cli(['user', 'add', '--agency', 'fgr', '--username', 'Admin.MX', '--role', 'admin'], { DATA_DIR: dataDir }, 'another long password\nignored second line\n');
    expect(fromStdin.code).toBe(0);

    const app = await buildApp({ database: { kind: 'sqlite', file: path.join(dataDir, 'traceready.sqlite') }, now: () => NOW });
    try {
      const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      const jdoe = await login('jdoe', 'a long enough password');
      expect(jdoe.statusCode).toBe(200);
      expect(jdoe.json()).toMatchObject({ user: { username: 'jdoe', role: 'officer', agency: { code: 'ATF' } } });
      expect((await login('admin.mx', 'another long password')).json()).toMatchObject({ user: { role: 'admin', agency: { code: 'FGR' } } });

      // Disabling locks the user out at once, open sessions included.
      const token = jdoe.json<{ token: string }>().token;
      expect(await cli(['user', 'disable', '--username', 'jdoe'], { DATA_DIR: dataDir })).toMatchObject({ code: 0 });
      expect((await login('jdoe', 'a long enough password')).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('refuses a short password with a clear message and a non-zero exit', async () => {
    const run = await cli(['user', 'add', '--agency', 'ATF', '--username', 'shorty', '--role', 'officer'], { DATA_DIR: dataDir, PASSWORD: 'too short' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The password is too short: use at least 12 characters.');
  });
});

describe('admin commands', () => {
  let dataDir: string;
  let out: string[];
  let err: string[];
  const run = (argv: string[], password = 'twelve chars ok') => {
    out = [];
    err = [];
    return runAdmin(argv, {
      env: { DATA_DIR: dataDir },
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      readPassword: async () => password,
      now: () => NOW,
    });
  };
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'traceready-admin-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the standard agencies and adds new ones', async () => {
    expect(await run(['agency', 'list'])).toBe(0);
    expect(out[0]).toMatch(/^CODE\s+COUNTRY\s+TOTP REQUIRED FOR\s+TRACE STATUS BY\s+NAME$/);
    expect(out.some((line) => /^SEDENA\s+MX\s+-\s+supervisors\s+Mexican Ministry of National Defense \(SEDENA\)/.test(line))).toBe(true);

    expect(await run(['agency', 'add', '--code', 'son_police', '--name', 'Policía Estatal de Sonora', '--country', 'mx'])).toBe(0);
    expect(out).toEqual(['Added agency SON_POLICE (Policía Estatal de Sonora, MX).']);
    expect(await run(['agency', 'add', '--code', 'SON_POLICE', '--name', 'Again', '--country', 'MX'])).toBe(1);
    expect(err).toEqual(['Agency SON_POLICE already exists.']);
    expect(await run(['agency', 'add', '--code', 'X', '--name', 'Bad', '--country', 'CA'])).toBe(1);
  });

  it('adds, lists and disables users, refusing what is wrong with a reason', async () => {
    expect(await run(['user', 'add', '--agency', 'SON_POLICE', '--username', 'mlopez', '--role', 'supervisor'])).toBe(0);
    expect(await run(['user', 'add', '--agency', 'SON_POLICE', '--username', 'MLopez', '--role', 'officer'])).toBe(1);
    expect(err).toEqual(['User mlopez already exists.']);
    expect(await run(['user', 'add', '--agency', 'NOPE', '--username', 'x1', '--role', 'officer'])).toBe(1);
    expect(err[0]).toContain('No agency with code "NOPE"');
    expect(await run(['user', 'add', '--agency', 'ATF', '--username', 'x1', '--role', 'chief'])).toBe(1);
    expect(err[0]).toContain('Role must be one of officer, supervisor, admin');
    expect(await run(['user', 'add', '--agency', 'ATF', '--username', 'bad name', '--role', 'officer'])).toBe(1);
    expect(await run(['user', 'add', '--agency', 'ATF', '--username', 'short', '--role', 'officer'], 'elevenchars')).toBe(1);
    expect(err).toEqual(['The password is too short: use at least 12 characters.']);

    expect(await run(['user', 'list'])).toBe(0);
    expect(out.some((line) => /^mlopez\s+supervisor\s+SON_POLICE\s+\S+\s+active$/.test(line))).toBe(true);
    expect(out.join('\n')).not.toContain('argon2');

    expect(await run(['user', 'disable', '--username', 'mlopez'])).toBe(0);
    expect(await run(['user', 'disable', '--username', 'mlopez'])).toBe(1);
    expect(err).toEqual(['No active user named "mlopez".']);
    await run(['user', 'list']);
    expect(out.some((line) => /^mlopez\s.*disabled/.test(line))).toBe(true);
  });

  it('answers usage errors with exit code 2 and the usage text', async () => {
    expect(await run([])).toBe(2);
    expect(out[0]).toContain('Usage: npm run admin -- <command>');
    expect(await run(['user', 'remove'])).toBe(2);
    expect(err[0]).toBe('Unknown command "user remove".');
    expect(await run(['user', 'add', '--agency', 'ATF'])).toBe(2);
    expect(err[0]).toBe('Missing --username, --role.');
    expect(await run(['agency', 'list', '--verbose'])).toBe(2);
    expect(await run(['--help'])).toBe(0);
  });
});
