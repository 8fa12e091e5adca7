/**
 * The database fails under the server (issue 4, item 4): PostgreSQL stops, is slow or is cut off
 * from one instance; SQLite's disk fills up or another process holds its lock. Each time the
 * server answers 503 with Retry-After (never a 500, never a hang), writes nothing partial (a
 * mutation is stored whole or not at all), and serves again by itself once the database is back;
 * a retry then applies exactly once.
 *
 * What is simulated: PostgreSQL "stops" by its network path being cut (test/chaos/database-proxy.ts
 * closes every connection and refuses new ones), since the machine's shared PostgreSQL service
 * cannot be stopped; slowness is a lock held by another session (the server's own cancel) or
 * latency on that path (the server's own deadline). SQLite's full disk is the database refused
 * more pages (PRAGMA max_page_count: SQLite's own SQLITE_FULL) and, where this process may mount
 * one, a real full tmpfs (ENOSPC from the kernel).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Seizure } from '../../src/domain';
import { verifyChain } from '../../src/server/audit/chain';
import { databaseConfig } from '../../src/server/config';
import { openDatabase, type DatabaseConfig } from '../../src/server/store';
import { auditRepository } from '../../src/server/store/audit-repository';
import type { Database } from '../../src/server/store/schema';
import { DatabaseProxy } from '../chaos/database-proxy';
import { mutation, PASSWORD, resultsOf, seizure, startServer } from './helpers/app';
import { createTestDatabase, type TestDatabase } from './helpers/databases';
import { useFixture } from './helpers/fixture';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A seizure of a few kilobytes, so that storing it needs new database pages. */
const bulky = (): Seizure => {
  const record = seizure();
  return { ...record, notes: 'n'.repeat(2000), firearms: record.firearms.map((f) => ({ ...f, notes: 'f'.repeat(2000) })) };
};

/**
 * Nothing partial: every revision has its record row and its one audit row, every record row is
 * its last revision, revisions run 1..n, a mutation id is stored once (it lives in the revision
 * row itself), and the audit chain is whole.
 */
async function partialWrites(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  const revisions = await db.selectFrom('revisions').select(['record_id', 'revision', 'mutation_id', 'body']).orderBy('seq').execute();
  const records = new Map((await db.selectFrom('records').select(['record_id', 'revision', 'body']).execute()).map((r) => [r.record_id, r]));
  const byRecord = new Map<string, typeof revisions>();
  for (const rev of revisions) byRecord.set(rev.record_id, [...(byRecord.get(rev.record_id) ?? []), rev]);
  if (new Set(revisions.map((r) => r.mutation_id)).size !== revisions.length) problems.push('a mutation id stored twice');
  for (const [id, revs] of byRecord) {
    if (!revs.every((r, i) => r.revision === i + 1)) problems.push(`${id}: revisions ${revs.map((r) => r.revision).join(',')}`);
    const latest = records.get(id);
    if (!latest) problems.push(`${id}: a revision without its record row`);
    else if (latest.revision !== revs.length || latest.body !== revs.at(-1)!.body) problems.push(`${id}: the record row is not its last revision`);
  }
  for (const id of records.keys()) if (!byRecord.has(id)) problems.push(`${id}: a record row without revisions`);
  const audited = (await db.selectFrom('audit_log').select('details').where('action', 'in', ['record.create', 'record.revise']).execute()).map(
    (row) => (JSON.parse(row.details) as { mutationId: string }).mutationId,
  );
  if ([...audited].sort().join() !== revisions.map((r) => r.mutation_id).sort().join()) problems.push('audit rows do not match the revisions one to one');
  const chain = await verifyChain(auditRepository(db).pages());
  if (!chain.ok) problems.push(`audit chain broken at ${chain.seq}: ${chain.reason}`);
  return problems;
}

async function revisionsOf(db: Kysely<Database>, recordIds: string[]) {
  return db.selectFrom('revisions').select(['record_id', 'mutation_id']).where('record_id', 'in', recordIds).execute();
}

function expectUnavailable(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) {
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('5');
  expect(response.json()).toMatchObject({ error: 'service.unavailable' });
}

describe('DATABASE_TIMEOUT_MS', () => {
  it('bounds every wait on the database; bad values are refused', () => {
    expect(databaseConfig({ DATABASE_TIMEOUT_MS: '2000' })).toMatchObject({ kind: 'sqlite', timeoutMs: 2000 });
    expect(databaseConfig({ DATABASE_URL: 'postgres://db/tr', DATABASE_TIMEOUT_MS: '750' })).toEqual({ kind: 'postgres', url: 'postgres://db/tr', timeoutMs: 750 });
    expect(databaseConfig({})).not.toHaveProperty('timeoutMs'); // store/database.ts applies the default, 5 s
    for (const bad of ['soon', '0', '99', '1.5', '600001']) expect(() => databaseConfig({ DATABASE_TIMEOUT_MS: bad })).toThrow('DATABASE_TIMEOUT_MS');
  });
});

/** A database of the suite, a relay in front of it, and the server reaching it only through the relay. */
function useProxiedPostgres(timeoutMs: number) {
  return useFixture(
    async () => {
      const db = await createTestDatabase('postgres');
      if (db.config.kind !== 'postgres') throw new Error('postgres expected');
      const proxy = await DatabaseProxy.start(db.config.url);
      const served = openDatabase({ ...db.config, url: proxy.url(db.config.url), timeoutMs }, { onPoolError: () => undefined });
      const server = await startServer(db, { database: served });
      const direct = openDatabase(db.config);
      return { db: db as TestDatabase & { config: Extract<DatabaseConfig, { kind: 'postgres' }> }, proxy, served, server, direct };
    },
    async ({ db, proxy, served, server, direct }) => {
      proxy.unstall();
      await server.app.close();
      await proxy.close();
      await served.destroy();
      await direct.destroy();
      await db.drop();
    },
  );
}

describe('PostgreSQL stopped mid-run (simulated: its network path is cut)', () => {
  const fixture = useProxiedPostgres(1_000);

  it('answers 503 with Retry-After on health, pull, push and login; writes nothing; serves again once it is back, without a restart', async () => {
    const { proxy, server, direct } = fixture();
    const officer = await server.user('stopped.officer', 'ATF');
    expect(resultsOf(await server.push(officer, [mutation(seizure())])).map((r) => r.status)).toEqual(['applied']);

    await proxy.cut();
    const health = await server.app.inject({ method: 'GET', url: '/api/v1/health' });
    expectUnavailable(health);
    expect(health.json()).toEqual({ error: 'service.unavailable', status: 'unavailable', database: 'postgres', reason: 'database.unavailable' });
    expectUnavailable(await server.pull(officer));
    const pushed = mutation(seizure());
    expectUnavailable(await server.push(officer, [pushed]));
    expectUnavailable(await server.login('stopped.officer', PASSWORD));

    const sessionsBefore = await direct.selectFrom('sessions').select('token_hash').execute();
    expect(await revisionsOf(direct, [pushed.recordId])).toEqual([]);

    await proxy.restore();
    const accepted = proxy.accepted;
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    expect(proxy.accepted).toBeGreaterThan(accepted); // the pool connected again by itself
    expect(resultsOf(await server.push(officer, [pushed])).map((r) => r.status)).toEqual(['applied']);
    expect(resultsOf(await server.push(officer, [pushed])).map((r) => r.status)).toEqual(['duplicate']);
    expect((await server.login('stopped.officer', PASSWORD)).statusCode).toBe(200);
    expect((await direct.selectFrom('sessions').select('token_hash').execute()).length).toBe(sessionsBefore.length + 1);

    expect(await revisionsOf(direct, [pushed.recordId])).toHaveLength(1);
    expect(await partialWrites(direct)).toEqual([]);
  });
});

describe('a slow PostgreSQL', () => {
  const fixture = useProxiedPostgres(500);

  it('cancels a statement that waits longer than the timeout: 503, not 500 and not a hang; nothing written; the retry applies once', async () => {
    const { db, server, direct } = fixture();
    const officer = await server.user('slow.officer', 'ATF');
    // Another session (a long report, a migration by hand) holds the table.
    const blocker = new pg.Client({ connectionString: db.config.url, options: `-c search_path=${db.config.searchPath}` });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table records in access exclusive mode');
      const m = mutation(seizure());
      const started = Date.now();
      expectUnavailable(await server.push(officer, [m]));
      expectUnavailable(await server.pull(officer));
      expect(Date.now() - started).toBeLessThan(5_000);
      // Health does not touch the table: the database itself answers.
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
      await blocker.query('commit');

      expect(resultsOf(await server.push(officer, [m])).map((r) => r.status)).toEqual(['applied']);
      expect(await revisionsOf(direct, [m.recordId])).toHaveLength(1);
      expect(await partialWrites(direct)).toEqual([]);
    } finally {
      await blocker.end();
    }
  });

  it('gives up on answers later than the deadline, and is fast again as soon as the database is', async () => {
    const { proxy, server, direct } = fixture();
    const officer = await server.user('latency.officer', 'ATF');
    const m = mutation(seizure());
    proxy.latencyMs = 2_000; // each way; the deadline is 500 + 1000 ms
    try {
      const started = Date.now();
      expectUnavailable(await server.app.inject({ method: 'GET', url: '/api/v1/health' }));
      expectUnavailable(await server.push(officer, [m]));
      expect(Date.now() - started).toBeLessThan(2 * 1_500 + 1_000);
    } finally {
      proxy.latencyMs = 0;
    }
    // The connections that timed out were thrown away; late answers cannot mix into new requests.
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    expect(resultsOf(await server.push(officer, [m])).map((r) => r.status)).toEqual(['applied']);
    expect(await revisionsOf(direct, [m.recordId])).toHaveLength(1);
    expect(await partialWrites(direct)).toEqual([]);
  });
});

describe('two instances on PostgreSQL, one cut off while it holds the write lock', () => {
  const fixture = useFixture(
    async () => {
      const db = await createTestDatabase('postgres');
      if (db.config.kind !== 'postgres') throw new Error('postgres expected');
      const proxy = await DatabaseProxy.start(db.config.url);
      const cutOffDb = openDatabase({ ...db.config, url: proxy.url(db.config.url), timeoutMs: 1_000 }, { onPoolError: () => undefined });
      const cutOff = await startServer(db, { database: cutOffDb });
      const otherDb = openDatabase({ ...db.config, timeoutMs: 1_000 });
      const other = await startServer(db, { database: otherDb });
      return { db, proxy, cutOff, cutOffDb, other, otherDb };
    },
    async ({ db, proxy, cutOff, cutOffDb, other, otherDb }) => {
      proxy.unstall();
      await cutOff.app.close();
      await other.app.close();
      await proxy.close();
      await cutOffDb.destroy();
      await otherDb.destroy();
      await db.drop();
    },
  );

  it('the other instance writes again once PostgreSQL ends the silent session; nothing of the cut-off push is stored', async () => {
    const { proxy, cutOff, other } = fixture();
    const officer = await other.user('lock.officer', 'ATF');
    const stuck = mutation(seizure());
    const next = mutation(seizure());

    // The next chunk cutOff sends after taking the lock never arrives, and neither does its close.
    proxy.stallAfter('pg_advisory_xact_lock');
    const stuckPush = cutOff.push(officer, [stuck]);
    for (let waited = 0; proxy.frozen === 0; waited += 10) {
      if (waited > 5_000) throw new Error('the push never took the lock');
      await sleep(10);
    }
    const started = Date.now();
    let answer = await other.push(officer, [next]);
    while (answer.statusCode === 503 && Date.now() - started < 10_000) answer = await other.push(officer, [next]);
    expect(resultsOf(answer).map((r) => r.status)).toEqual(['applied']);
    // statement_timeout (1 s) for the wait, idle_in_transaction_session_timeout (1 s) for the lock holder.
    expect(Date.now() - started).toBeLessThan(5_000);
    expectUnavailable(await stuckPush);

    const store = other.app.store;
    expect(await store.records.history(stuck.recordId)).toEqual([]);
    proxy.unstall();
    expect(resultsOf(await cutOff.push(officer, [stuck])).map((r) => r.status)).toEqual(['applied']);
    expect(await store.records.history(stuck.recordId)).toHaveLength(1);
    expect(await partialWrites(store.db)).toEqual([]);
  });
});

describe('SQLite whose disk is full', () => {
  it('answers 503 when the database may not grow, stores each mutation whole or not at all, and applies the retry exactly once', async () => {
    const db = await createTestDatabase('sqlite');
    const server = await startServer(db);
    try {
      const officer = await server.user('full.officer', 'ATF');
      const store = server.app.store;
      // SQLite's own "disk full": no page beyond the ones the file has now.
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(store.db);
      await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(store.db);

      const batch = [mutation(bulky()), mutation(bulky()), mutation(bulky())];
      expectUnavailable(await server.push(officer, batch));
      // Reading still works: devices can pull while nothing can be stored.
      expect((await server.pull(officer)).statusCode).toBe(200);
      expect(await partialWrites(store.db)).toEqual([]);
      const before = await revisionsOf(store.db, batch.map((m) => m.recordId));
      expect(before.length).toBeLessThan(batch.length);

      await sql`pragma max_page_count = 1073741823`.execute(store.db);
      const results = resultsOf(await server.push(officer, batch));
      // What got in before the disk filled is a duplicate now; the rest is applied; nothing twice.
      expect(results.map((r) => r.status)).toEqual(batch.map((m) => (before.some((r) => r.mutation_id === m.mutationId) ? 'duplicate' : 'applied')));
      expect(await revisionsOf(store.db, batch.map((m) => m.recordId))).toHaveLength(batch.length);
      expect(await partialWrites(store.db)).toEqual([]);
    } finally {
      await server.app.close();
      await db.drop();
    }
  });

  // A real full file system: a 4 MiB tmpfs (room for the schema, its indexes and the WAL) filled to the last byte. Mounting needs privileges
  // (root in CI containers); elsewhere the test above, SQLite's own SQLITE_FULL, stands alone.
  const mountTmpfs = (dir: string) => execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
  const mayMount = (() => {
    const probe = mkdtempSync(path.join(tmpdir(), 'traceready-mount-probe-'));
    try {
      mountTmpfs(probe);
      execFileSync('umount', [probe], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();

  it.runIf(mayMount)('on a file system that is really full (ENOSPC): 503, nothing partial, and the retry applies once space is freed', async () => {
    const mountPoint = mkdtempSync(path.join(tmpdir(), 'traceready-full-'));
    mountTmpfs(mountPoint);
    onTestFinished(() => {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
      rmSync(mountPoint, { recursive: true, force: true });
    });
    const dir = path.join(mountPoint, 'data');
    mkdirSync(dir);
    const server = await startServer({ dialect: 'sqlite', config: { kind: 'sqlite', file: path.join(dir, 'traceready.sqlite') }, drop: async () => undefined });
    const store = server.app.store;
    const filler = path.join(mountPoint, 'filler');
    try {
      const officer = await server.user('enospc.officer', 'ATF');
      // Fill every byte left.
      for (const size of [65_536, 4_096, 512, 1]) {
        for (;;) {
          try {
            writeFileSync(filler, Buffer.alloc(size), { flag: 'a' });
          } catch {
            break;
          }
        }
      }
      const batch = [mutation(bulky()), mutation(bulky()), mutation(bulky())];
      expectUnavailable(await server.push(officer, batch));
      expect(await partialWrites(store.db)).toEqual([]);
      const before = await revisionsOf(store.db, batch.map((m) => m.recordId));

      rmSync(filler);
      const results = resultsOf(await server.push(officer, batch));
      expect(results.map((r) => r.status)).toEqual(batch.map((m) => (before.some((r) => r.mutation_id === m.mutationId) ? 'duplicate' : 'applied')));
      expect(await revisionsOf(store.db, batch.map((m) => m.recordId))).toHaveLength(batch.length);
      expect(await partialWrites(store.db)).toEqual([]);
    } finally {
      rmSync(filler, { force: true });
      await server.app.close();
    }
  });
});

describe('SQLite locked by another process', () => {
  it('answers 503 after the busy timeout instead of waiting, and applies the retry once the lock is gone', async () => {
    const db = await createTestDatabase('sqlite');
    if (db.config.kind !== 'sqlite') throw new Error('sqlite expected');
    const server = await startServer(db, { database: openDatabase({ ...db.config, timeoutMs: 300 }) });
    const other = new SQLite(db.config.file);
    try {
      const officer = await server.user('busy.officer', 'ATF');
      // The admin CLI, or a copy made with sqlite3 .backup, holds the write lock.
      other.exec('begin immediate');
      const m = mutation(seizure());
      const started = Date.now();
      expectUnavailable(await server.push(officer, [m]));
      expect(Date.now() - started).toBeLessThan(3_000);
      // WAL: readers are not blocked by a writer.
      expect((await server.pull(officer)).statusCode).toBe(200);
      other.exec('commit');

      expect(resultsOf(await server.push(officer, [m])).map((r) => r.status)).toEqual(['applied']);
      expect(await revisionsOf(server.app.store.db, [m.recordId])).toHaveLength(1);
      expect(await partialWrites(server.app.store.db)).toEqual([]);
    } finally {
      other.close();
      await server.app.close();
      await server.app.store.db.destroy();
      await db.drop();
    }
  });
});
