/**
 * The server's index of evidence-bag codes (`bag_codes`, migration 0016): one row per code of each
 * record's latest revision, replaced with the firearms index (records-repository.ts appendAll).
 */
import type { Kysely } from 'kysely';
import type { Seizure } from '../../domain/schema';
import type { BagCodesTable, Database } from './schema';

const ROWS_PER_STATEMENT = 500;

export const bagCodeRows = (recordId: string, agencyCode: string, body: Seizure): BagCodesTable[] =>
  body.firearms.flatMap((firearm) => (firearm.bagCode === undefined ? [] : [{ agency_code: agencyCode, bag_code: firearm.bagCode, record_id: recordId, firearm_id: firearm.id }]));

/** Replaces the rows of these records with those of their latest revisions (inside the write lock). */
export async function replaceBagCodeRows(db: Kysely<Database>, latest: readonly { recordId: string; agencyCode: string; body: Seizure }[]): Promise<void> {
  for (let start = 0; start < latest.length; start += ROWS_PER_STATEMENT) {
    const ids = latest.slice(start, start + ROWS_PER_STATEMENT).map((record) => record.recordId);
    await db.deleteFrom('bag_codes').where('record_id', 'in', ids).execute();
  }
  const rows = latest.flatMap((record) => bagCodeRows(record.recordId, record.agencyCode, record.body));
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await db.insertInto('bag_codes').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
}

/** Which record holds each of these codes in the agency, by code (a push's uniqueness check, in one query per 500). */
export async function bagCodeOwners(db: Kysely<Database>, agencyCode: string, codes: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const unique = [...new Set(codes)];
  for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('bag_codes')
      .select(['bag_code', 'record_id'])
      .where('agency_code', '=', agencyCode)
      .where('bag_code', 'in', unique.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
    for (const row of rows) owners.set(row.bag_code, row.record_id);
  }
  return owners;
}
