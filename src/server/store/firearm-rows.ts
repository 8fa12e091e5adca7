/**
 * The server's index of firearms (`firearms`, one row per firearm of each record's latest
 * revision): what a supervisor searches and what deconfliction matches on, without parsing record
 * bodies. Keys are the domain's own (domain/keys.ts), so a serial typed "0O-12" on one phone and
 * "OO12" on another meet here as they do on the device.
 */
import type { Kysely } from 'kysely';
import { checkSeizure } from '../../domain/checks';
import type { Issue } from '../../domain/issues';
import { caseNumberKey, makerKey, serialKey } from '../../domain/keys';
import { traceReadiness } from '../../domain/readiness';
import type { Seizure } from '../../domain/schema';
import type { Database, FirearmGapsTable, FirearmsTable } from './schema';

const ROWS_PER_STATEMENT = 500;

/** The index rows of one record's latest revision, with what a trace still lacks per firearm. */
export function firearmRows(
  recordId: string,
  agencyCode: string,
  body: Seizure,
  seq: number,
  issues: readonly Issue[] = checkSeizure(body, { now: new Date() }),
): { firearms: FirearmsTable[]; gaps: FirearmGapsTable[] } {
  const caseKey = caseNumberKey(body.agency?.caseNumber);
  // The scene's own calendar date: "seized on the 28th" means the 28th where it happened.
  const recoveredOn = body.recovery?.occurredAt?.slice(0, 10) ?? null;
  const firearms: FirearmsTable[] = [];
  const gaps: FirearmGapsTable[] = [];
  body.firearms.forEach((firearm, index) => {
    const readiness = traceReadiness(firearm, index, issues);
    firearms.push({
      firearm_id: firearm.id,
      record_id: recordId,
      agency_code: agencyCode,
      item_number: firearm.itemNumber,
      serial_key: serialKey(firearm.serialNumber),
      maker_key: makerKey(firearm.manufacturer),
      case_key: caseKey,
      recovered_on: recoveredOn,
      state: body.recovery?.state ?? null,
      municipality: body.recovery?.municipality ?? null,
      record_status: body.status,
      trace_ready: readiness.complete ? 1 : 0,
      last_seq: seq,
    });
    const row = { record_id: recordId, firearm_id: firearm.id, agency_code: agencyCode, recovered_on: recoveredOn };
    for (const item of readiness.items) {
      if (item.state === 'missing' || item.state === 'invalid') gaps.push({ ...row, kind: item.state, item: item.field });
    }
  });
  return { firearms, gaps };
}

/** Replaces the rows of these records with those of their latest revisions (inside the write lock). */
export async function replaceFirearmRows(
  db: Kysely<Database>,
  latest: readonly { recordId: string; agencyCode: string; body: Seizure; seq: number; issues?: readonly Issue[] | undefined }[],
): Promise<void> {
  if (latest.length === 0) return;
  const rows = latest.map((record) => firearmRows(record.recordId, record.agencyCode, record.body, record.seq, record.issues));
  for (let start = 0; start < latest.length; start += ROWS_PER_STATEMENT) {
    const ids = latest.slice(start, start + ROWS_PER_STATEMENT).map((record) => record.recordId);
    await db.deleteFrom('firearm_gaps').where('record_id', 'in', ids).execute();
    await db.deleteFrom('firearms').where('record_id', 'in', ids).execute();
  }
  await insertIndexRows(db, rows);
}

/** Inserts index rows in statements of a bounded size (also used by the migration that fills them). */
export async function insertIndexRows(db: Kysely<Database>, rows: readonly { firearms: FirearmsTable[]; gaps: FirearmGapsTable[] }[]): Promise<void> {
  const firearms = rows.flatMap((row) => row.firearms);
  const gaps = rows.flatMap((row) => row.gaps);
  for (let start = 0; start < firearms.length; start += ROWS_PER_STATEMENT) await db.insertInto('firearms').values(firearms.slice(start, start + ROWS_PER_STATEMENT)).execute();
  for (let start = 0; start < gaps.length; start += ROWS_PER_STATEMENT) await db.insertInto('firearm_gaps').values(gaps.slice(start, start + ROWS_PER_STATEMENT)).execute();
}
