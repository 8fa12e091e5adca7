/**
 * The server's index of firearms (`firearms`, one row per firearm of each record's latest
 * revision): what a supervisor searches and what deconfliction matches on, without parsing record
 * bodies. Keys are the domain's own (domain/keys.ts), so a serial typed "0O-12" on one phone and
 * "OO12" on another meet here as they do on the device.
 */
import type { Kysely } from 'kysely';
import { caseNumberKey, makerKey, serialKey } from '../../domain/keys';
import type { Seizure } from '../../domain/schema';
import type { Database, FirearmsTable } from './schema';

const ROWS_PER_STATEMENT = 500;

/** The index rows of one record's latest revision. */
export function firearmRows(recordId: string, agencyCode: string, body: Seizure, seq: number): FirearmsTable[] {
  const caseKey = caseNumberKey(body.agency?.caseNumber);
  return body.firearms.map((firearm) => ({
    firearm_id: firearm.id,
    record_id: recordId,
    agency_code: agencyCode,
    item_number: firearm.itemNumber,
    serial_key: serialKey(firearm.serialNumber),
    maker_key: makerKey(firearm.manufacturer),
    case_key: caseKey,
    // The scene's own calendar date: "seized on the 28th" means the 28th where it happened.
    recovered_on: body.recovery?.occurredAt?.slice(0, 10) ?? null,
    state: body.recovery?.state ?? null,
    municipality: body.recovery?.municipality ?? null,
    record_status: body.status,
    last_seq: seq,
  }));
}

/** Replaces the rows of these records with those of their latest revisions (inside the write lock). */
export async function replaceFirearmRows(db: Kysely<Database>, latest: readonly { recordId: string; agencyCode: string; body: Seizure; seq: number }[]): Promise<void> {
  if (latest.length === 0) return;
  const rows = latest.flatMap((record) => firearmRows(record.recordId, record.agencyCode, record.body, record.seq));
  for (let start = 0; start < latest.length; start += ROWS_PER_STATEMENT) {
    const ids = latest.slice(start, start + ROWS_PER_STATEMENT).map((record) => record.recordId);
    await db.deleteFrom('firearms').where('record_id', 'in', ids).execute();
  }
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await db.insertInto('firearms').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
  }
}
