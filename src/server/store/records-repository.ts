/**
 * Seizure records on the server: `revisions` keeps every revision ever stored (append-only,
 * evidence history) and `records` the latest one per record, which pulls read. Writes go through
 * withWriteLock (write-lock.ts) so that sequence numbers become visible in order.
 */
import type { Kysely } from 'kysely';
import { caseNumberKey } from '../../domain/keys';
import type { Issue } from '../../domain/issues';
import type { Seizure } from '../../domain/schema';
import { bagCodeOwners, replaceBagCodeRows } from './bag-codes-rows';
import { replaceFirearmRows } from './firearm-rows';
import { replaceRecordLinkKeys } from './link-keys';
import type { Database, RecordRow, RevisionRow } from './schema';

export interface StoredMutation {
  recordId: string;
  agencyCode: string;
  revision: number;
}

/**
 * A record as the server stores it: validated by the domain's schema before it was written
 * (protocol/prepare-record.ts), with the revision and first author the server set. Read back as
 * that type: nothing else ever writes these rows.
 */
export type StoredSeizure = Seizure & { revision: number; createdBy: string };

export interface LatestRecord {
  recordId: string;
  agencyCode: string;
  revision: number;
  body: StoredSeizure;
  createdBy: string;
  lastSeq: number;
  /** domain/keys.ts caseNumberKey of the case number; null when the record has none. */
  caseKey: string | null;
}

export interface StoredRevision {
  seq: number;
  recordId: string;
  revision: number;
  agencyCode: string;
  mutationId: string;
  body: StoredSeizure;
  authorUserId: string;
  deviceId: string;
  receivedAt: string;
}

export type NewRevision = Omit<StoredRevision, 'seq' | 'receivedAt'> & {
  createdBy: string;
  receivedAt: Date;
  /** The domain's issues of the body, as the push judged it: the firearms index reads readiness from them. */
  issues?: readonly Issue[];
};

/** A `records` row as the latest revision of its record (shares-repository.ts reads them too). */
export const toLatest = (row: RecordRow): LatestRecord => ({
  recordId: row.record_id,
  agencyCode: row.agency_code,
  revision: row.revision,
  body: JSON.parse(row.body) as StoredSeizure,
  createdBy: row.created_by,
  lastSeq: Number(row.last_seq),
  caseKey: row.case_key,
});

/** The key that case-wide shares match on (shares-repository.ts). */
export function caseKeyOf(body: Seizure): string | null {
  const key = caseNumberKey(body.agency.caseNumber);
  return key === '' ? null : key;
}

const toRevisionRow = (revision: NewRevision) => ({
  record_id: revision.recordId,
  revision: revision.revision,
  agency_code: revision.agencyCode,
  mutation_id: revision.mutationId,
  body: JSON.stringify(revision.body),
  author_user_id: revision.authorUserId,
  device_id: revision.deviceId,
  received_at: revision.receivedAt.toISOString(),
});

/** Rows per statement: far below SQLite's 32,766 bound parameters and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) parts.push(items.slice(start, start + ROWS_PER_STATEMENT));
  return parts;
}

const toRevision = (row: RevisionRow): StoredRevision => ({
  seq: Number(row.seq),
  recordId: row.record_id,
  revision: row.revision,
  agencyCode: row.agency_code,
  mutationId: row.mutation_id,
  body: JSON.parse(row.body) as StoredSeizure,
  authorUserId: row.author_user_id,
  deviceId: row.device_id,
  receivedAt: row.received_at,
});

export function recordsRepository(db: Kysely<Database>) {
  /**
   * Stores new revisions in the order given (sequence numbers follow that order) and moves
   * each record's latest row to its last one; returns the sequence numbers, in the same order.
   * A record's revisions must be consecutive, the first one next after its latest row (the
   * caller checked, under withWriteLock). One multi-row insert per table instead of two
   * statements per revision: a push of 100 new records is three statements.
   */
  async function appendAll(revisions: readonly NewRevision[]): Promise<number[]> {
    const seqOf = new Map<string, number>();
    for (const part of chunks(revisions)) {
      // Rows come back by mutation id: RETURNING's row order is not promised by SQLite.
      const rows = await db.insertInto('revisions').values(part.map(toRevisionRow)).returning(['seq', 'mutation_id']).execute();
      for (const row of rows) seqOf.set(row.mutation_id, Number(row.seq));
    }
    const seqs = revisions.map((revision) => {
      const seq = seqOf.get(revision.mutationId);
      if (seq === undefined) throw new Error('records: a stored revision has no sequence number');
      return seq;
    });

    // Per record: the first revision says whether its row exists, the last one is what it becomes.
    const byRecord = new Map<string, { first: NewRevision; last: NewRevision; seq: number }>();
    revisions.forEach((revision, index) => {
      const seen = byRecord.get(revision.recordId);
      byRecord.set(revision.recordId, { first: seen?.first ?? revision, last: revision, seq: seqs[index] as number });
    });
    const created = [...byRecord.values()].filter(({ first }) => first.revision === 1);
    for (const part of chunks(created)) {
      await db
        .insertInto('records')
        .values(
          part.map(({ first, last, seq }) => ({
            record_id: last.recordId,
            agency_code: last.agencyCode,
            revision: last.revision,
            body: JSON.stringify(last.body),
            created_by: last.createdBy,
            created_at: first.receivedAt.toISOString(),
            updated_at: last.receivedAt.toISOString(),
            last_seq: seq,
            case_key: caseKeyOf(last.body),
          })),
        )
        .execute();
    }
    for (const { first, last, seq } of byRecord.values()) {
      if (first.revision === 1) continue;
      const result = await db
        .updateTable('records')
        .set({ revision: last.revision, body: JSON.stringify(last.body), updated_at: last.receivedAt.toISOString(), last_seq: seq, case_key: caseKeyOf(last.body) })
        .where('record_id', '=', last.recordId)
        .where('revision', '=', first.revision - 1)
        .executeTakeFirst();
      // Unreachable under the write lock; if it ever happens, the transaction rolls back.
      if (Number(result.numUpdatedRows) !== 1) throw new Error('records: the latest revision moved under the write lock');
    }
    const latest = [...byRecord.values()].map(({ last, seq }) => ({ recordId: last.recordId, agencyCode: last.agencyCode, body: last.body, seq, issues: last.issues }));
    await replaceFirearmRows(db, latest);
    // The link index in the same transaction: a stored revision is never without its links (docs/links.md).
    await replaceRecordLinkKeys(db, latest);
    await replaceBagCodeRows(db, latest);
    return seqs;
  }

  return {
    appendAll,

    /** Which record of the agency holds each of these bag codes, by code. */
    bagCodeOwners: (agencyCode: string, codes: readonly string[]) => bagCodeOwners(db, agencyCode, codes),

    async findMutation(mutationId: string): Promise<StoredMutation | undefined> {
      const row = await db
        .selectFrom('revisions')
        .select(['record_id', 'agency_code', 'revision'])
        .where('mutation_id', '=', mutationId)
        .executeTakeFirst();
      return row && { recordId: row.record_id, agencyCode: row.agency_code, revision: row.revision };
    },

    async findLatest(recordId: string): Promise<LatestRecord | undefined> {
      const row = await db.selectFrom('records').selectAll().where('record_id', '=', recordId).executeTakeFirst();
      return row && toLatest(row);
    },

    /** The stored mutations among these ids, by id (a push's idempotency check, in one query). */
    async findMutations(mutationIds: readonly string[]): Promise<Map<string, StoredMutation>> {
      const found = new Map<string, StoredMutation>();
      for (const ids of chunks(mutationIds)) {
        const rows = await db.selectFrom('revisions').select(['mutation_id', 'record_id', 'agency_code', 'revision']).where('mutation_id', 'in', ids).execute();
        for (const row of rows) found.set(row.mutation_id, { recordId: row.record_id, agencyCode: row.agency_code, revision: row.revision });
      }
      return found;
    },

    /** The latest revision of each of these records that exists, by record id. */
    async findLatestMany(recordIds: readonly string[]): Promise<Map<string, LatestRecord>> {
      const found = new Map<string, LatestRecord>();
      for (const ids of chunks(recordIds)) {
        const rows = await db.selectFrom('records').selectAll().where('record_id', 'in', ids).execute();
        for (const row of rows) found.set(row.record_id, toLatest(row));
      }
      return found;
    },

    /**
     * Stores a new revision and makes it the record's latest; returns its sequence number.
     * Must run inside withWriteLock: the caller has checked that `revision` is the next one.
     */
    async append(revision: NewRevision): Promise<number> {
      const [seq] = await appendAll([revision]);
      return seq as number;
    },

    /** Latest revisions of one agency's records stored after `afterSeq`, in sequence order. */
    async changesSince(agencyCode: string, afterSeq: number, limit: number): Promise<LatestRecord[]> {
      const rows = await db
        .selectFrom('records')
        .selectAll()
        .where('agency_code', '=', agencyCode)
        .where('last_seq', '>', afterSeq)
        .orderBy('last_seq')
        .limit(limit)
        .execute();
      return rows.map(toLatest);
    },

    /** Every stored revision of one record, oldest first (evidence history). */
    async history(recordId: string): Promise<StoredRevision[]> {
      const rows = await db.selectFrom('revisions').selectAll().where('record_id', '=', recordId).orderBy('revision').execute();
      return rows.map(toRevision);
    },
  };
}

export type RecordsRepository = ReturnType<typeof recordsRepository>;
