/**
 * PostgreSQL writers of one process take turns before they take a pooled connection
 * (store/writer-queue.ts): waiting writers must not hold the pool, and a writer that waits past
 * the database timeout must fail with DatabaseTimeoutError (a 503) without breaking the order.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTimeoutError, openDatabase } from '../../src/server/store/database';
import type { Database } from '../../src/server/store/schema';
import { withWriteLock } from '../../src/server/store/write-lock';
import { createTestDatabase, type TestDatabase } from './helpers/databases';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the lock for about `ms` in short statements. */
async function holdLock(tx: Kysely<Database>, ms: number): Promise<void> {
  for (let waited = 0; waited < ms; waited += 50) await sql`select pg_sleep(0.05)`.execute(tx);
}

describe('writers of one PostgreSQL process', () => {
  let database: TestDatabase | undefined;
  let db: Kysely<Database> | undefined;
  afterEach(async () => {
    await db?.destroy();
    await database?.drop();
  });

  async function open(timeoutMs: number, poolSize: number): Promise<Kysely<Database>> {
    database = await createTestDatabase('postgres');
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    db = openDatabase({ ...database.config, poolSize, timeoutMs });
    return db;
  }

  it('wait for their turn without holding the pool: a read is not queued behind them', async () => {
    const handle = await open(10_000, 2);
    const finished: string[] = [];
    const writers = Array.from({ length: 5 }, (_, index) =>
      withWriteLock(handle, async (tx) => {
        await holdLock(tx, 150);
        finished.push(`writer ${index}`);
      }),
    );
    await pause(20);
    await sql`select 1`.execute(handle);
    finished.push('read');
    await Promise.all(writers);
    // With every connection taken by writers, the read would have come after most of them.
    expect(finished.indexOf('read')).toBeLessThanOrEqual(1);
    expect(finished.filter((entry) => entry !== 'read')).toEqual(['writer 0', 'writer 1', 'writer 2', 'writer 3', 'writer 4']);
  });

  it('give up after the database timeout with DatabaseTimeoutError, and the ones behind keep their order', async () => {
    const handle = await open(400, 3);
    const order: string[] = [];
    let done = false;
    const first = withWriteLock(handle, async (tx) => {
      // Short statements until told to stop, so no statement or idle timeout fires meanwhile.
      while (!done) await sql`select pg_sleep(0.02)`.execute(tx);
      order.push('first');
    });
    await pause(20);
    const second = withWriteLock(handle, async () => {
      order.push('second');
    });
    await expect(second).rejects.toBeInstanceOf(DatabaseTimeoutError);
    const third = withWriteLock(handle, async () => {
      order.push('third');
    });
    done = true;
    await Promise.all([first, third]);
    expect(order).toEqual(['first', 'third']);
  });
});
