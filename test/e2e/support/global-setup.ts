/**
 * Browser tests run against the production build served by the real `npm start` entry point
 * (scripts/start.mjs), on a free port, exactly as an officer's phone would reach it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { adminCli, newDataDir } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** An officer account of agency ATF on that server. */
    officer: { username: string; password: string };
    /** An officer of ATF with TOTP enrolled, and the base32 secret their authenticator app would hold. */
    totpOfficer: { username: string; password: string; secret: string };
  }
}

const OFFICER = { username: 'e2e.officer', password: 'correct horse battery staple' };
const TOTP_OFFICER = { username: 'e2e.totp.officer', password: 'correct horse battery staple' };

const root = path.resolve(import.meta.dirname, '../../..');
let server: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  const dataDir = newDataDir();
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', OFFICER.username, '--role', 'officer'], OFFICER.password);
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', TOTP_OFFICER.username, '--role', 'officer'], TOTP_OFFICER.password);
  // The secret is printed once, at enrolment, as the operator would read it to the officer.
  const enrolment = adminCli(dataDir, ['user', 'totp-enable', '--username', TOTP_OFFICER.username]);
  const secret = /Secret: ([A-Z2-7]+)/.exec(enrolment)?.[1];
  if (!secret) throw new Error(`user totp-enable printed no secret:\n${enrolment}`);

  server = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    // The journeys sign in far more often than officers do, all from one address.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, RATE_LIMIT_SIGN_IN: '100000', RATE_LIMIT_REFRESH: '100000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 170_000);
    server?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    });
    server?.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  project.provide('baseUrl', baseUrl);
  project.provide('officer', OFFICER);
  project.provide('totpOfficer', { ...TOTP_OFFICER, secret });
}

export async function teardown(): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server?.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}
