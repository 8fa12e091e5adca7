/**
 * Writes the link index (`link_keys`, docs/links.md "Indexes") in the transaction that stores
 * what it is computed from: a record's revision replaces the record's own keys (records-
 * repository appendAll), a trace status replaces its firearm's dealer key (trace-repository
 * appendAll). Nothing reads record bodies at link time: a link view is index lookups.
 */
import type { Kysely } from 'kysely';
import { seizureLinkKeys, traceLinkKeys, type LinkKey } from '../../domain/links';
import type { Seizure } from '../../domain/schema';
import type { TraceStatus } from '../../domain/trace-status';
import type { Database, LinkKeysTable } from './schema';

const ROWS_PER_STATEMENT = 400;

const recoveredOnOf = (recovery: Seizure['recovery'] | undefined) => recovery?.occurredAt?.slice(0, 10) ?? null;

const toRow = (recordId: string, agencyCode: string, source: 'record' | 'trace', recoveredOn: string | null, key: LinkKey): LinkKeysTable => ({
  record_id: recordId,
  agency_code: agencyCode,
  source,
  firearm_id: key.firearmId,
  kind: key.kind,
  key: key.key,
  num: key.num,
  lat: key.lat,
  lon: key.lon,
  recovered_on: recoveredOn,
  detail: key.detail,
});

/** The record's own rows (also what migration 0014 fills from stored records). */
export const recordKeyRows = (recordId: string, agencyCode: string, body: Seizure): LinkKeysTable[] =>
  seizureLinkKeys(body).map((key) => toRow(recordId, agencyCode, 'record', recoveredOnOf(body.recovery), key));

/** A firearm's trace rows, dated by its seizure's recovery. */
export const traceKeyRows = (recordId: string, agencyCode: string, status: TraceStatus, recovery: Seizure['recovery'] | undefined): LinkKeysTable[] =>
  traceLinkKeys(status, recovery?.occurredAt).map((key) => toRow(recordId, agencyCode, 'trace', recoveredOnOf(recovery), key));

export async function insertLinkRows(db: Kysely<Database>, rows: readonly LinkKeysTable[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await db.insertInto('link_keys').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
}

/**
 * Replaces the record rows of these records with their latest revisions' (inside the write lock),
 * and their trace rows with those of the firearms' latest trace statuses under the new recovery:
 * a changed recovery date re-dates them and recomputes a time to crime worked out from the
 * purchase date (one given by the trace result stays as given); a firearm no longer in the record
 * loses its rows.
 */
export async function replaceRecordLinkKeys(db: Kysely<Database>, latest: readonly { recordId: string; agencyCode: string; body: Seizure }[]): Promise<void> {
  if (latest.length === 0) return;
  for (let start = 0; start < latest.length; start += ROWS_PER_STATEMENT) {
    const ids = latest.slice(start, start + ROWS_PER_STATEMENT).map((record) => record.recordId);
    await db.deleteFrom('link_keys').where('record_id', 'in', ids).where('source', '=', 'record').execute();
  }
  await insertLinkRows(db, latest.flatMap((record) => recordKeyRows(record.recordId, record.agencyCode, record.body)));
  // Trace rows exist only for traced firearms: one read per part finds the few records that have any.
  const byId = new Map(latest.map((record) => [record.recordId, record.body]));
  for (let start = 0; start < latest.length; start += ROWS_PER_STATEMENT) {
    const ids = latest.slice(start, start + ROWS_PER_STATEMENT).map((record) => record.recordId);
    const traced = await db.selectFrom('link_keys').select(['record_id', 'firearm_id']).where('record_id', 'in', ids).where('source', '=', 'trace').execute();
    for (const recordId of new Set(traced.map((row) => row.record_id))) {
      const record = latest.find((one) => one.recordId === recordId)!;
      const kept = new Set(byId.get(recordId)!.firearms.map((firearm) => firearm.id));
      const firearms = [...new Set(traced.flatMap((row) => (row.record_id === recordId && row.firearm_id !== null && kept.has(row.firearm_id) ? [row.firearm_id] : [])))];
      await db.deleteFrom('link_keys').where('record_id', '=', recordId).where('source', '=', 'trace').execute();
      if (firearms.length === 0) continue;
      const statuses = await db.selectFrom('trace_statuses').select('body').where('firearm_id', 'in', firearms).execute();
      await insertLinkRows(db, statuses.flatMap((row) => traceKeyRows(recordId, record.agencyCode, JSON.parse(row.body) as TraceStatus, record.body.recovery)));
    }
  }
}

/** Replaces a firearm's trace rows with those of its latest status (inside the write lock). */
export async function replaceTraceLinkKeys(db: Kysely<Database>, recordId: string, agencyCode: string, status: TraceStatus, recovery: Seizure['recovery'] | undefined): Promise<void> {
  await db.deleteFrom('link_keys').where('record_id', '=', recordId).where('source', '=', 'trace').where('firearm_id', '=', status.firearmId).execute();
  await insertLinkRows(db, traceKeyRows(recordId, agencyCode, status, recovery));
}
