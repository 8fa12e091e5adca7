/**
 * Sharing between agencies: the grants (`shares`) and the visibility they result in
 * (`shared_records`, one row per receiving agency and record).
 *
 * Pulls page by one sequence (write-lock.ts), and a device's cursor may already be past a
 * record when it is shared with the device's agency, or when the share ends. So every change of
 * visibility takes a sequence number of its own from the same sequence as the revisions, under
 * the write lock: a grant makes the record appear in the next pull, a revocation sends a
 * tombstone. Everything that writes here must run inside store.writeLocked.
 */
import { sql, type Kysely } from 'kysely';
import { toLatest, type LatestRecord } from './records-repository';
import type { Database, ShareRow } from './schema';
import { nextSeq as nextSeqOf } from './sequence';

export interface Share {
  id: string;
  recordId: string | null;
  caseNumber: string | null;
  fromAgency: string;
  toAgency: string;
  grantedBy: string;
  grantedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export type NewShare = Pick<Share, 'id' | 'fromAgency' | 'toAgency' | 'grantedBy'> &
  ({ recordId: string; caseNumber?: undefined; caseKey?: undefined } | { recordId?: undefined; caseNumber: string; caseKey: string });

/** What visibility is worked out from: a record, its owner and its case. */
export type RecordScope = Pick<LatestRecord, 'recordId' | 'agencyCode' | 'caseKey'>;

/** A change of a shared record as a pull returns it: the latest revision, or a tombstone. */
export type SharedChange =
  | { key: number; removed: false; record: LatestRecord }
  | { key: number; removed: true; recordId: string; revision: number };

const toShare = (row: ShareRow): Share => ({
  id: row.id,
  recordId: row.record_id,
  caseNumber: row.case_number,
  fromAgency: row.from_agency,
  toAgency: row.to_agency,
  grantedBy: row.granted_by,
  grantedAt: row.granted_at,
  revokedAt: row.revoked_at,
  revokedBy: row.revoked_by,
});

export function sharesRepository(db: Kysely<Database>) {
  const nextSeq = () => nextSeqOf(db);

  /** The agencies that active shares let see this record now. */
  async function audienceOf(record: RecordScope): Promise<Set<string>> {
    let query = db.selectFrom('shares').select('to_agency').where('from_agency', '=', record.agencyCode).where('revoked_at', 'is', null);
    const caseKey = record.caseKey;
    query = caseKey === null ? query.where('record_id', '=', record.recordId) : query.where((eb) => eb.or([eb('record_id', '=', record.recordId), eb('case_key', '=', caseKey)]));
    const rows = await query.execute();
    return new Set(rows.map((row) => row.to_agency));
  }

  /**
   * Brings `shared_records` in line with the active shares for one record. `seqFor` gives the
   * sequence number of each row that changes: a fresh one for a grant or a revocation, the
   * revision's own when a push moved the record into or out of a shared case.
   */
  async function refresh(record: RecordScope, seqFor: () => Promise<number>, isNew = false): Promise<void> {
    const audience = await audienceOf(record);
    // A record stored a moment ago has no visibility rows yet: nothing to add, nothing to end.
    if (isNew && audience.size === 0) return;
    const rows = await db.selectFrom('shared_records').select(['to_agency', 'active']).where('record_id', '=', record.recordId).execute();
    const current = new Map(rows.map((row) => [row.to_agency, Number(row.active) === 1]));
    for (const agency of audience) {
      if (current.get(agency) === true) continue;
      const seq = await seqFor();
      if (current.has(agency)) {
        await db.updateTable('shared_records').set({ active: 1, seq }).where('to_agency', '=', agency).where('record_id', '=', record.recordId).execute();
      } else {
        await db.insertInto('shared_records').values({ to_agency: agency, record_id: record.recordId, active: 1, seq }).execute();
      }
    }
    for (const [agency, active] of current) {
      if (!active || audience.has(agency)) continue;
      const seq = await seqFor();
      await db.updateTable('shared_records').set({ active: 0, seq }).where('to_agency', '=', agency).where('record_id', '=', record.recordId).execute();
    }
  }

  /** The owning agency's records a share covers: the one record, or every record of the case. */
  async function coveredBy(share: Pick<ShareRow, 'record_id' | 'case_key' | 'from_agency'>): Promise<RecordScope[]> {
    let query = db.selectFrom('records').select(['record_id', 'agency_code', 'case_key']).where('agency_code', '=', share.from_agency);
    query = share.record_id !== null ? query.where('record_id', '=', share.record_id) : query.where('case_key', '=', share.case_key);
    const rows = await query.execute();
    return rows.map((row) => ({ recordId: row.record_id, agencyCode: row.agency_code, caseKey: row.case_key }));
  }

  async function refreshAllCoveredBy(share: ShareRow): Promise<void> {
    for (const record of await coveredBy(share)) await refresh(record, nextSeq);
  }

  return {
    async find(id: string): Promise<Share | undefined> {
      const row = await db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toShare(row);
    },

    /** The active share with the same subject and pair, if one exists (a grant is not repeated). */
    async findActive(share: NewShare): Promise<Share | undefined> {
      let query = db.selectFrom('shares').selectAll().where('from_agency', '=', share.fromAgency).where('to_agency', '=', share.toAgency).where('revoked_at', 'is', null);
      query = share.recordId !== undefined ? query.where('record_id', '=', share.recordId) : query.where('case_key', '=', share.caseKey);
      const row = await query.executeTakeFirst();
      return row && toShare(row);
    },

    /** Stores a grant and makes what it covers visible. Under the write lock. */
    async grant(share: NewShare, at: Date): Promise<Share> {
      const row: ShareRow = {
        id: share.id,
        record_id: share.recordId ?? null,
        case_number: share.caseNumber ?? null,
        case_key: share.caseKey ?? null,
        from_agency: share.fromAgency,
        to_agency: share.toAgency,
        granted_by: share.grantedBy,
        granted_at: at.toISOString(),
        revoked_at: null,
        revoked_by: null,
      };
      await db.insertInto('shares').values(row).execute();
      await refreshAllCoveredBy(row);
      return toShare(row);
    },

    /** Ends a share and sends tombstones for what nothing else covers. Under the write lock. */
    async revoke(id: string, by: string, at: Date): Promise<Share | undefined> {
      await db.updateTable('shares').set({ revoked_at: at.toISOString(), revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      const row = await db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      await refreshAllCoveredBy(row);
      return toShare(row);
    },

    /**
     * After a push stored revisions: each record, with its last revision's seq, may have become
     * visible to (or hidden from) another agency: a new record of a shared case, or a case number
     * changed. When the owning agencies share nothing and none of these records is visible to
     * another agency, none can gain or lose visibility: two queries for the whole push instead of
     * one or two per record.
     */
    async refreshAfterRevisions(stored: readonly { record: RecordScope; seq: number; isNew: boolean }[]): Promise<void> {
      if (stored.length === 0) return;
      const owners = [...new Set(stored.map(({ record }) => record.agencyCode))];
      const anyShare = await db.selectFrom('shares').select('id').where('from_agency', 'in', owners).where('revoked_at', 'is', null).limit(1).executeTakeFirst();
      if (anyShare === undefined) {
        const existing = stored.filter(({ isNew }) => !isNew).map(({ record }) => record.recordId);
        const anyVisible =
          existing.length > 0 &&
          (await db.selectFrom('shared_records').select('record_id').where('record_id', 'in', existing).where('active', '=', 1).limit(1).executeTakeFirst()) !== undefined;
        if (!anyVisible) return;
      }
      for (const { record, seq, isNew } of stored) await refresh(record, async () => seq, isNew);
    },

    /** Whether `agency` currently sees this record through a share (it may read, never write). */
    async isSharedWith(recordId: string, agency: string): Promise<boolean> {
      const row = await db.selectFrom('shared_records').select('active').where('record_id', '=', recordId).where('to_agency', '=', agency).executeTakeFirst();
      return row !== undefined && Number(row.active) === 1;
    },

    /** Shares an agency gave and received, active ones first, newest first. */
    async listFor(agency: string): Promise<{ given: Share[]; received: Share[] }> {
      const rows = await db
        .selectFrom('shares')
        .selectAll()
        .where((eb) => eb.or([eb('from_agency', '=', agency), eb('to_agency', '=', agency)]))
        .orderBy('granted_at', 'desc')
        .orderBy('id')
        .execute();
      const shares = rows.map(toShare).sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null));
      return { given: shares.filter((s) => s.fromAgency === agency), received: shares.filter((s) => s.toAgency === agency) };
    },

    /**
     * Shared records whose visibility or content changed after `afterSeq`, in the order of their
     * key: the later of the record's last revision and the share row's change while shared; the
     * share row's change for a tombstone. Each key belongs to one record for one agency.
     */
    async changesSince(agency: string, afterSeq: number, limit: number): Promise<SharedChange[]> {
      const key = sql<number>`case when shared_records.active = 1 and records.last_seq > shared_records.seq then records.last_seq else shared_records.seq end`;
      const rows = await db
        .selectFrom('shared_records')
        .innerJoin('records', 'records.record_id', 'shared_records.record_id')
        .selectAll('records')
        .select([key.as('key'), 'shared_records.active as shared_active'])
        .where('shared_records.to_agency', '=', agency)
        .where(key, '>', afterSeq)
        .orderBy(key)
        .limit(limit)
        .execute();
      return rows.map((row): SharedChange => {
        if (Number(row.shared_active) !== 1) return { key: Number(row.key), removed: true, recordId: row.record_id, revision: row.revision };
        return { key: Number(row.key), removed: false, record: toLatest(row) };
      });
    },
  };
}

export type SharesRepository = ReturnType<typeof sharesRepository>;
