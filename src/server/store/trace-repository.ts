/**
 * Trace status per firearm: `trace_revisions` keeps every change (append-only, evidence history)
 * and `trace_statuses` the latest per firearm, which pulls read. A status belongs to the agency
 * that owns its record. Writes run inside store.writeLocked: each change takes its number from the
 * one pull sequence (sequence.ts), so statuses and records are pulled in one order.
 */
import { sql, type Kysely } from 'kysely';
import type { Seizure } from '../../domain/schema';
import type { TraceStatus } from '../../domain/trace-status';
import { replaceTraceLinkKeys } from './link-keys';
import type { Database } from './schema';
import { nextSeq } from './sequence';

/** A status as the server stores it: validated by the domain's schema, with the revision it set. */
export type StoredTraceStatus = TraceStatus & { revision: number };

export interface LatestTrace {
  firearmId: string;
  recordId: string;
  agencyCode: string;
  revision: number;
  body: StoredTraceStatus;
  updatedBy: string;
  lastSeq: number;
}

export interface StoredTraceMutation {
  firearmId: string;
  agencyCode: string;
  revision: number;
}

export interface NewTraceRevision {
  firearmId: string;
  recordId: string;
  agencyCode: string;
  revision: number;
  mutationId: string;
  body: StoredTraceStatus;
  authorUserId: string;
  /** Shown beside the status: the username of whoever recorded it. */
  authorName: string;
  deviceId: string;
  receivedAt: Date;
  /** The seizure's recovery: dates the firearm's link keys (time to crime, leads' window). */
  recovery?: Seizure['recovery'];
}

export interface TraceRevision {
  seq: number;
  firearmId: string;
  revision: number;
  body: StoredTraceStatus;
  authorUserId: string;
  deviceId: string;
  receivedAt: string;
}

/** A status as a pull returns it, under its key in the pull sequence. */
export interface TraceChangeRow {
  key: number;
  latest: LatestTrace;
  /** The owner's code when the status is of a record shared with the caller's agency. */
  sharedBy?: string;
}

interface LatestRow {
  firearm_id: string;
  record_id: string;
  agency_code: string;
  revision: number;
  body: string;
  updated_by: string;
  last_seq: number | string;
}

const toLatest = (row: LatestRow): LatestTrace => ({
  firearmId: row.firearm_id,
  recordId: row.record_id,
  agencyCode: row.agency_code,
  revision: row.revision,
  body: JSON.parse(row.body) as StoredTraceStatus,
  updatedBy: row.updated_by,
  lastSeq: Number(row.last_seq),
});

export function traceRepository(db: Kysely<Database>) {
  const sharedKey = sql<number>`case when trace_statuses.last_seq > shared_records.seq then trace_statuses.last_seq else shared_records.seq end`;

  /** Shared statuses after `afterSeq` (or exactly at `atSeq`), by key then firearm. */
  function sharedQuery(agency: string) {
    return db
      .selectFrom('trace_statuses')
      .innerJoin('shared_records', 'shared_records.record_id', 'trace_statuses.record_id')
      .selectAll('trace_statuses')
      .select(sharedKey.as('key'))
      .where('shared_records.to_agency', '=', agency)
      .where('shared_records.active', '=', 1)
      .orderBy(sharedKey)
      .orderBy('trace_statuses.firearm_id');
  }

  const sharedRow = (row: LatestRow & { key: number | string }): TraceChangeRow => ({ key: Number(row.key), latest: toLatest(row), sharedBy: row.agency_code });

  return {
    async findMutations(mutationIds: readonly string[]): Promise<Map<string, StoredTraceMutation>> {
      if (mutationIds.length === 0) return new Map();
      const rows = await db.selectFrom('trace_revisions').select(['mutation_id', 'firearm_id', 'agency_code', 'revision']).where('mutation_id', 'in', mutationIds).execute();
      return new Map(rows.map((row) => [row.mutation_id, { firearmId: row.firearm_id, agencyCode: row.agency_code, revision: row.revision }]));
    },

    async findLatestMany(firearmIds: readonly string[]): Promise<Map<string, LatestTrace>> {
      if (firearmIds.length === 0) return new Map();
      const rows = await db.selectFrom('trace_statuses').selectAll().where('firearm_id', 'in', firearmIds).execute();
      return new Map(rows.map((row) => [row.firearm_id, toLatest(row)]));
    },

    /** Stores each change as the firearm's next revision, in order (inside writeLocked). */
    async appendAll(revisions: readonly NewTraceRevision[]): Promise<void> {
      for (const revision of revisions) {
        const seq = await nextSeq(db);
        const at = revision.receivedAt.toISOString();
        const body = JSON.stringify(revision.body);
        await db
          .insertInto('trace_revisions')
          .values({
            seq,
            firearm_id: revision.firearmId,
            record_id: revision.recordId,
            revision: revision.revision,
            agency_code: revision.agencyCode,
            mutation_id: revision.mutationId,
            body,
            author_user_id: revision.authorUserId,
            device_id: revision.deviceId,
            received_at: at,
          })
          .execute();
        const latest = { revision: revision.revision, status: revision.body.status, body, updated_by: revision.authorName, updated_at: at, last_seq: seq };
        await db
          .insertInto('trace_statuses')
          .values({ firearm_id: revision.firearmId, record_id: revision.recordId, agency_code: revision.agencyCode, ...latest })
          .onConflict((oc) => oc.column('firearm_id').doUpdateSet(latest))
          .execute();
        await replaceTraceLinkKeys(db, revision.recordId, revision.agencyCode, revision.body, revision.recovery);
      }
    },

    /** The agency's own firearms' statuses changed after `afterSeq`, in sequence order. */
    async ownChangesSince(agency: string, afterSeq: number, limit: number): Promise<TraceChangeRow[]> {
      const rows = await db.selectFrom('trace_statuses').selectAll().where('agency_code', '=', agency).where('last_seq', '>', afterSeq).orderBy('last_seq').limit(limit).execute();
      return rows.map((row) => ({ key: Number(row.last_seq), latest: toLatest(row) }));
    },

    /**
     * Statuses of records other agencies share with this one, keyed by the later of the status's
     * change and the share's: a share granted after the device's cursor brings every status of
     * the record, all under the share's one number (which is why a page may not end inside a key).
     */
    async sharedChangesSince(agency: string, afterSeq: number, limit: number): Promise<TraceChangeRow[]> {
      const rows = await sharedQuery(agency).where(sharedKey, '>', afterSeq).limit(limit).execute();
      return rows.map(sharedRow);
    },

    /** Every shared status under one key (at most a record's firearms). */
    async sharedChangesAt(agency: string, key: number): Promise<TraceChangeRow[]> {
      const rows = await sharedQuery(agency).where(sharedKey, '=', key).execute();
      return rows.map(sharedRow);
    },

    /** Every status change of one record's firearms, oldest first (evidence history). */
    async history(recordId: string): Promise<TraceRevision[]> {
      const rows = await db.selectFrom('trace_revisions').selectAll().where('record_id', '=', recordId).orderBy('seq').execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        firearmId: row.firearm_id,
        revision: row.revision,
        body: JSON.parse(row.body) as StoredTraceStatus,
        authorUserId: row.author_user_id,
        deviceId: row.device_id,
        receivedAt: row.received_at,
      }));
    },
  };
}

export type TraceRepository = ReturnType<typeof traceRepository>;
