/**
 * A TraceReady server process of the test's own, on a fixed free port, so a test can kill it
 * (SIGKILL, as a crash would) and start it again on the same address with the same data.
 * Uses the production build made by the global setup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const newDataDir = (): string => mkdtempSync(path.join(tmpdir(), 'traceready-data-'));

/** Runs the admin CLI against a data directory (the server's own command, as an operator would). */
export function adminCli(dataDir: string, args: string[], password?: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/admin.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, ...(password && { PASSWORD: password }) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`admin ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export interface RunningServer {
  url: string;
  port: number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `env`: settings of this server beyond the test defaults (LOCK_AFTER_MINUTES, ...). */
export async function startServer(dataDir: string, port: number, env: Record<string, string> = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/running at http/.test(output)) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    port,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** What the server holds for an account, read through its own API. */
export async function serverRecords(url: string, username: string, password: string): Promise<{ recordId: string; revision: number; record: { firearms: { serialNumber?: string }[] } }[]> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { token } = (await login.json()) as { token: string };
  const all = [];
  let cursor: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '500', ...(cursor && { cursor }) });
    const page = (await (await fetch(`${url}/api/v1/sync/pull?${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      changes: { recordId: string; revision: number; record: { firearms: { serialNumber?: string }[] } }[];
      cursor: string;
      more: boolean;
    };
    all.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return all;
  }
}
