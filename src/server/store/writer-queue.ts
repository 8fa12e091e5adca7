/**
 * Writers of one PostgreSQL process take turns here before they take a pooled connection.
 *
 * The write lock (write-lock.ts) is an advisory lock inside a transaction, so a writer waiting
 * for it holds a pooled connection while it waits. Under load, every connection of the pool
 * ended up waiting for the same lock, and pulls and sign-ins, which need no lock, waited for a
 * connection behind them (seconds at p50, and 503s when the pool's wait ran out). Queued here,
 * one process's writers hold at most one connection between them; the advisory lock still
 * orders writers across instances. A writer that waits longer than the database timeout gets
 * the same DatabaseTimeoutError (a 503, the device retries) as one that waited for the database.
 */
import type { Kysely } from 'kysely';
import { DatabaseTimeoutError, databaseTimeoutOf } from './database';
import type { Database } from './schema';

const tails = new WeakMap<Kysely<Database>, Promise<void>>();

export async function inWritersTurn<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(db) ?? Promise.resolve();
  let release!: () => void;
  tails.set(db, new Promise<void>((resolve) => (release = resolve)));

  const waitMs = databaseTimeoutOf(db);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    if (waitMs > 0) timer = setTimeout(() => resolve('expired'), waitMs);
  });
  const turn = await Promise.race([previous.then(() => 'turn' as const), expired]);
  clearTimeout(timer);
  if (turn === 'expired') {
    // Give the place up only when it comes, so the writers behind keep their order.
    void previous.then(release);
    throw new DatabaseTimeoutError(waitMs);
  }
  try {
    return await work();
  } finally {
    release();
  }
}
