/**
 * The real sync server for a chaos run: `node --import tsx src/server/main.ts`, the production
 * entry point, on a fixed free port, over a throw-away SQLite directory or PostgreSQL schema. It
 * can be killed with SIGKILL at any moment and started again on the same port and data.
 *
 * The harness also opens the same database directly (through the server's own Kysely store) to
 * add the officers' accounts and, at the end, to read every revision for the checks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { createStore, openDatabase, SQLITE_FILE_NAME, type DatabaseConfig, type Store } from '../../src/server/store';
import type { Database } from '../../src/server/store/schema';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Dialect = 'sqlite' | 'postgres';

/**
 * main.ts serves the built app and refuses to start without one (dist/index.html). The chaos
 * runs need only the API, but they start the real entry point, so build once if there is none.
 */
export function ensureBuilt(): void {
  if (existsSync(path.join(ROOT, 'dist', 'index.html'))) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed; the chaos runs need dist/ for src/server/main.ts');
}

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A free port below the system's ephemeral range (32768 and up on Linux), so that while the
 * server is dead between a kill and its restart, no socket the harness opens meanwhile (the
 * proxy's listeners, outgoing connections) can be given its port.
 */
export async function serverPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (await isFree(port)) return port;
  }
}

/** A throw-away database, the environment that points the server at it, and direct access. */
export interface ChaosDatabase {
  dialect: Dialect;
  /** Environment for main.ts (DATA_DIR or DATABASE_URL). */
  env: Record<string, string>;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

async function withPgClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createChaosDatabase(dialect: Dialect): Promise<ChaosDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'traceready-chaos-'));
    return {
      dialect,
      env: { DATA_DIR: dir },
      config: { kind: 'sqlite', file: path.join(dir, SQLITE_FILE_NAME) },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `tr_chaos_${randomBytes(6).toString('hex')}`;
  await withPgClient((client) => client.query(`create schema ${schema}`));
  // docs/server.md: a schema other than public goes in the URL's options.
  const separator = PG_URL.includes('?') ? '&' : '?';
  return {
    dialect,
    env: { DATABASE_URL: `${PG_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    config: { kind: 'postgres', url: PG_URL, searchPath: schema, poolSize: 2 },
    drop: () => withPgClient((client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

/** Opens the run's database beside the server, with the server's own repositories. */
export function openStore(database: ChaosDatabase): Store & { close(): Promise<void> } {
  const db: Kysely<Database> = openDatabase(database.config, { onPoolError: () => undefined });
  return { ...createStore(db), close: () => db.destroy() };
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  /** True between a kill and the end of the next start. */
  readonly down: boolean;
  kills: number;
  /** Exits the harness did not cause (another process on the machine); restarted at once. */
  unexpectedExits: number;
  /**
   * Those of them that were the server's own doing: it exited with a code, not by a signal
   * (an error it did not handle, such as a database connection's). The run fails on any.
   */
  crashes: string[];
  /** Resolves when the server is up (after any start or restart under way). */
  whenUp(): Promise<void>;
  /** SIGKILL now (a crash), then start again on the same port and data; resolves when up. */
  crashAndRestart(): Promise<void>;
  stop(): Promise<void>;
  /** The server's stderr and warnings, for a failure report. */
  output(): string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class StartFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'portTaken' | 'noBuild' | 'signalled' | 'other',
  ) {
    super(message);
  }
}

export interface StartOptions {
  /** Environment on top of the database's (another DATABASE_URL, DATABASE_TIMEOUT_MS). */
  env?: Record<string, string>;
  /** Awaited before every start and restart (the harness waits for the database to be back). */
  beforeStart?: () => Promise<void>;
}

export async function startServerProcess(database: ChaosDatabase, initialPort?: number, options: StartOptions = {}): Promise<ServerProcess> {
  let port = initialPort ?? (await serverPort());
  let child: ChildProcess | undefined;
  let output = '';
  let down = true;
  let starting: Promise<void> = Promise.resolve();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };

  const launchOnce = () =>
    new Promise<void>((resolve, reject) => {
      // Every simulated device signs in from the same loopback address: no per-address limit.
      const unlimited = { RATE_LIMIT_SIGN_IN: '1000000', RATE_LIMIT_REFRESH: '1000000' };
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', ...unlimited, ...database.env, ...options.env };
      if (database.dialect === 'sqlite') delete env.DATABASE_URL;
      const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let seen = '';
      const timer = setTimeout(() => reject(new StartFailure(`server did not start:\n${output}`, 'other')), 60_000);
      const collect = (chunk: Buffer) => {
        keep(chunk);
        seen += chunk.toString();
      };
      proc.stdout?.on('data', (chunk: Buffer) => {
        collect(chunk);
        if (/running at http/.test(seen)) {
          clearTimeout(timer);
          down = false;
          resolve();
        }
      });
      proc.stderr?.on('data', collect);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!down) {
          // Not our kill: something else on this machine ended it. The devices must cope with
          // that like any crash; start it again and say so.
          if (!killing) {
            down = true;
            server.unexpectedExits++;
            if (code !== null) server.crashes.push(`the server exited by itself with code ${code}:\n${seen.slice(-2000)}`);
            starting = launch(true);
            starting.catch(() => undefined);
          }
          return;
        }
        const reason = seen.includes('EADDRINUSE') ? 'portTaken' : seen.includes('No built app') ? 'noBuild' : signal ? 'signalled' : 'other';
        reject(new StartFailure(`server exited with ${code ?? signal} before it was up:\n${seen}`, reason));
      });
    });

  /**
   * Starts the server. Two things outside the run can get in the way and are waited out: the
   * port taken by someone else in the meantime (a first start moves to another port; a restart
   * must keep its port and tries again), and dist/ being rebuilt by another process on this
   * machine (main.ts refuses to start without dist/index.html); and a start ended by a signal
   * that did not come from the harness.
   */
  const launch = async (restart: boolean) => {
    await options.beforeStart?.();
    for (let attempt = 1; ; attempt++) {
      try {
        return await launchOnce();
      } catch (error) {
        if (!(error instanceof StartFailure) || error.reason === 'other' || attempt >= 120) throw error;
        if (error.reason === 'portTaken' && !restart) port = await serverPort();
        await sleep(error.reason === 'noBuild' ? 1_000 : 250);
      }
    }
  };

  let killing = false;
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    killing = true;
    proc.kill('SIGKILL');
    await exited;
    killing = false;
  };

  const server: ServerProcess = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get down() {
      return down;
    },
    kills: 0,
    whenUp: async () => {
      // A restart after an exit nobody asked for may begin while we wait for the one before.
      while (down) await starting;
    },
    async crashAndRestart() {
      await starting;
      down = true;
      server.kills++;
      await kill();
      starting = launch(true);
      await starting;
    },
    async stop() {
      await starting.catch(() => undefined);
      down = true;
      await kill();
    },
    output: () => output,
    unexpectedExits: 0,
    crashes: [],
  };
  starting = launch(false);
  await starting;
  return server;
}
