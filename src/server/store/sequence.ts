/**
 * The one pull sequence (write-lock.ts): revisions take their numbers from it as they are
 * inserted; a change that stores no revision (a share's change of visibility, a firearm's trace
 * status) takes its number here. Call it only inside store.writeLocked, so numbers become visible
 * in the order they were taken.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect';
import type { Database } from './schema';

/**
 * The next number of the revisions' own sequence, without storing a revision: SQLite keeps an
 * AUTOINCREMENT table's counter in sqlite_sequence (documented as writable), PostgreSQL in the
 * identity column's sequence.
 */
export async function nextSeq(db: Kysely<Database>): Promise<number> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ seq: string | number }>`select nextval(pg_get_serial_sequence('revisions', 'seq')) as seq`.execute(db);
    return Number(rows[0]?.seq);
  }
  const { rows } = await sql<{ seq: number }>`update sqlite_sequence set seq = seq + 1 where name = 'revisions' returning seq`.execute(db);
  if (rows[0]) return Number(rows[0].seq);
  await sql`insert into sqlite_sequence (name, seq) values ('revisions', 1)`.execute(db);
  return 1;
}
