/**
 * Starting and seeding TraceReady servers for the benchmarks: a fresh SQLite directory or a fresh
 * PostgreSQL database per server, accounts and sign-in tokens made up front through the server's
 * own store (the same repositories the admin CLI uses), and a child process per server.
 */
/* global URL, clearTimeout, process, setTimeout */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ROOT, log, onCleanup, settings, tempDir } from './common.mjs';

let databaseCounter = 0;

/**
 * A database for one server: an SQLite directory, or a new PostgreSQL database (dropped at the
 * end). A database rather than a schema in `test`: Kysely's migrator finds its tables in any
 * schema of the database, so two schemas migrating side by side (ours, or a test run's) would
 * see each other's migration tables and fail.
 */
export async function freshDatabase(kind) {
  if (kind === 'sqlite') {
    const dir = tempDir('sqlite');
    return { kind, env: { DATA_DIR: dir }, config: { kind: 'sqlite', file: path.join(dir, 'traceready.sqlite') }, dir };
  }
  const name = `traceready_bench_${process.pid}_${Date.now().toString(36)}_${databaseCounter++}`;
  const admin = new pg.Client({ connectionString: settings.pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  onCleanup(async () => {
    const c = new pg.Client({ connectionString: settings.pgUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(settings.pgUrl);
  url.pathname = `/${name}`;
  return { kind, name, env: { DATABASE_URL: url.toString() }, config: { kind: 'postgres', url: url.toString(), poolSize: 4 } };
}

/** Opens the database in this process (migrated, agencies seeded), as the admin CLI does. */
export async function openStore(database) {
  const { openDatabase, prepareDatabase, createStore } = await import('../../src/server/store/index.ts');
  const db = openDatabase(database.config);
  await prepareDatabase(db, new Date());
  return createStore(db);
}

/** The bench accounts' password. */
export const BENCH_PASSWORD = 'benchmark password 1234';

/**
 * Accounts for the benchmarks: `agencies` agencies (the standard ones, then BENCH01…), `users`
 * officers spread over them, and one sign-in token per device (`devicesPerUser` each), made
 * directly in the sessions table as a login would.
 */
export async function seedAccounts(database, { agencies = 1, users = 1, devicesPerUser = 1 } = {}) {
  const { hashPassword } = await import('../../src/server/auth/passwords.ts');
  const { hashToken, newToken } = await import('../../src/server/auth/tokens.ts');
  const { randomUUID } = await import('node:crypto');
  const store = await openStore(database);
  try {
    const now = new Date();
    const existing = (await store.agencies.list()).map((a) => a.code);
    const codes = existing.slice(0, agencies);
    for (let i = codes.length; i < agencies; i++) {
      const code = `BENCH${String(i).padStart(2, '0')}`;
      await store.agencies.add({ code, name: `Bench agency ${i}`, country: 'US' }, now);
      codes.push(code);
    }
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const devices = [];
    for (let u = 0; u < users; u++) {
      const id = randomUUID();
      const agencyCode = codes[u % codes.length];
      const username = `bench.user${u}`;
      await store.users.add({ id, username, passwordHash, role: 'officer', agencyCode }, now);
      for (let d = 0; d < devicesPerUser; d++) {
        const token = newToken();
        await store.sessions.create({ tokenHash: hashToken(token), userId: id, createdAt: now, expiresAt: new Date(now.getTime() + 24 * 3_600_000) });
        devices.push({ token, username, userId: id, agencyCode, deviceId: `bench-${u}-${d}` });
      }
    }
    return devices;
  } finally {
    await store.db.destroy();
  }
}

/**
 * One server process (bench/lib/serve.mjs under tsx) on a free port, its log in a file.
 * Resolves once it listens; `stop()` sends SIGTERM and waits.
 */
export async function startServer(database, { distDir, logLevel = 'info' } = {}) {
  const logFile = path.join(tempDir('log'), 'server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'serve.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: logLevel,
      // Every simulated device signs in from the same loopback address.
      RATE_LIMIT_SIGN_IN: '1000000',
      RATE_LIMIT_REFRESH: '1000000',
      ...(distDir ? { BENCH_DIST_DIR: distDir } : {}),
      ...database.env,
    },
    stdio: ['ignore', out, 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${err}`));
    });
  });
  let stopped = false;
  const stop = async () => {
    if (stopped || child.exitCode !== null || child.signalCode !== null) return;
    stopped = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(stop);
  log(`server (${database.kind}) at ${url}, pid ${child.pid}`);
  return { url, pid: child.pid, stop, logFile, database };
}
