/**
 * Seizure records on the server: `revisions` keeps every revision ever stored (append-only,
 * evidence history) and `records` the latest one per record, which pulls read. Writes go through
 * withWriteLock (write-lock.ts) so that sequence numbers become visible in order.
 */
import type { Kysely } from 'kysely';
import { caseNumberKey } from '../../domain/keys';
import type { Database, RecordRow, RevisionRow } from './schema';

export interface StoredMutation {
  recordId: string;
  agencyCode: string;
  revision: number;
}

export interface LatestRecord {
  recordId: string;
  agencyCode: string;
  revision: number;
  body: unknown;
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
  body: unknown;
  authorUserId: string;
  deviceId: string;
  receivedAt: string;
}

export type NewRevision = Omit<StoredRevision, 'seq' | 'receivedAt'> & { createdBy: string; receivedAt: Date };

const toLatest = (row: RecordRow): LatestRecord => ({
  recordId: row.record_id,
  agencyCode: row.agency_code,
  revision: row.revision,
  body: JSON.parse(row.body) as unknown,
  createdBy: row.created_by,
  lastSeq: Number(row.last_seq),
  caseKey: row.case_key,
});

/** The key that case-wide shares match on (shares-repository.ts). */
export function caseKeyOf(body: unknown): string | null {
  const agency = typeof body === 'object' && body !== null ? (body as { agency?: unknown }).agency : undefined;
  const caseNumber = typeof agency === 'object' && agency !== null ? (agency as { caseNumber?: unknown }).caseNumber : undefined;
  const key = caseNumberKey(typeof caseNumber === 'string' ? caseNumber : undefined);
  return key === '' ? null : key;
}

const toRevision = (row: RevisionRow): StoredRevision => ({
  seq: Number(row.seq),
  recordId: row.record_id,
  revision: row.revision,
  agencyCode: row.agency_code,
  mutationId: row.mutation_id,
  body: JSON.parse(row.body) as unknown,
  authorUserId: row.author_user_id,
  deviceId: row.device_id,
  receivedAt: row.received_at,
});

export function recordsRepository(db: Kysely<Database>) {
  return {
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

    /**
     * Stores a new revision and makes it the record's latest; returns its sequence number.
     * Must run inside withWriteLock: the caller has checked that `revision` is the next one.
     */
    async append(revision: NewRevision): Promise<number> {
      const body = JSON.stringify(revision.body);
      const at = revision.receivedAt.toISOString();
      const { seq } = await db
        .insertInto('revisions')
        .values({
          record_id: revision.recordId,
          revision: revision.revision,
          agency_code: revision.agencyCode,
          mutation_id: revision.mutationId,
          body,
          author_user_id: revision.authorUserId,
          device_id: revision.deviceId,
          received_at: at,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      if (revision.revision === 1) {
        await db
          .insertInto('records')
          .values({
            record_id: revision.recordId,
            agency_code: revision.agencyCode,
            revision: 1,
            body,
            created_by: revision.createdBy,
            created_at: at,
            updated_at: at,
            last_seq: seq,
            case_key: caseKeyOf(revision.body),
          })
          .execute();
      } else {
        const result = await db
          .updateTable('records')
          .set({ revision: revision.revision, body, updated_at: at, last_seq: seq, case_key: caseKeyOf(revision.body) })
          .where('record_id', '=', revision.recordId)
          .where('revision', '=', revision.revision - 1)
          .executeTakeFirst();
        // Unreachable under the write lock; if it ever happens, the transaction rolls back.
        if (Number(result.numUpdatedRows) !== 1) throw new Error('records: the latest revision moved under the write lock');
      }
      return Number(seq);
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
