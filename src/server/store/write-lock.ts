/**
 * The one database-wide write lock (docs/sync-protocol.md, "Pull").
 *
 * A pull returns changes with seq > cursor and moves the cursor to the last one it saw. If seq 8
 * could commit while seq 7 is still in flight, a pull would see 8, move past 7 and never return
 * it. So every writer of revisions holds this lock from before it takes a sequence number until
 * it commits: commit order is sequence order, on every instance.
 *
 * - PostgreSQL: a transaction-level advisory lock, released by COMMIT/ROLLBACK, shared by every
 *   instance connected to the database. Within one process writers first take turns
 *   (writer-queue.ts), so waiting writers do not hold the pool's connections.
 * - SQLite: BEGIN IMMEDIATE takes the file's write lock up front, so the read-check-write inside
 *   never has to upgrade a read lock (which fails with SQLITE_BUSY instead of waiting). Within
 *   one process Kysely already serialises all use of the single connection.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';
import { inWritersTurn } from './writer-queue';

/** Arbitrary but fixed: every TraceReady instance must use the same key. */
export const SEQUENCE_LOCK_KEY = 7_411_001;

export async function withWriteLock<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') {
    return inWritersTurn(db, () =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${sql.lit(SEQUENCE_LOCK_KEY)})`.execute(trx);
        return work(trx);
      }),
    );
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

let savepoints = 0;

/**
 * Runs `work` under a savepoint of the write-locked transaction `tx`: if it throws, its writes
 * alone are rolled back and the error is rethrown; the transaction goes on. This is how one push
 * applies many mutations in one transaction (one commit, one fsync) while each still stands alone.
 */
export async function withSavepoint<T>(tx: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const name = sql.raw(`sp_${++savepoints}`);
  await sql`savepoint ${name}`.execute(tx);
  try {
    const result = await work();
    await sql`release savepoint ${name}`.execute(tx);
    return result;
  } catch (error) {
    // If even this fails, the connection is gone and the commit fails too: nothing is kept.
    await sql`rollback to savepoint ${name}`.execute(tx).catch(() => undefined);
    throw error;
  }
}
