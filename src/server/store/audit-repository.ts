/**
 * The append-only audit trail (`audit_log`). `append` must run inside the write lock
 * (store.writeLocked), in the same transaction as the action it records: the lock gives the
 * chain one order across every instance, and the transaction makes the action and its audit row
 * commit or roll back together. Nothing here updates or deletes a row.
 */
import { sql, type Kysely } from 'kysely';
import { toWellFormedText } from '../../domain/text';
import { canonicalJson, GENESIS_HASH, hashOf, type ChainedRow } from '../audit/chain';
import type { AuditLogTable, Database } from './schema';

export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.locked',
  'token.refresh',
  'token.reuse',
  'logout',
  'session.revoke',
  'record.create',
  'record.revise',
  'record.conflict',
  'share.grant',
  'share.revoke',
  'totp.enable',
  'totp.disable',
  'otp.policy',
  'trace.status',
  'trace.policy',
  'alert.create',
  'alert.seen',
  'alert.acknowledge',
  'agency.contact',
  // A file of firearms made by the server or, reported at its next sync, by a device (routes/api/exports).
  'export',
  // A server file about to go out (its `export` event follows at the end of the stream).
  'export.start',
  // Intelligence links (routes/api/links): a seizure's link view, its edges as CSV, the leads.
  'links.view',
  'links.export',
  'links.leads',
  // Photos (routes/api/photos): one stored after its hash matched, a record's list read, one's bytes sent.
  'photo.upload',
  'photo.list',
  'photo.view',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  action: AuditAction;
  actorUserId?: string | null;
  agencyCode?: string | null;
  deviceId?: string | null;
  subject?: string | null;
  details?: Record<string, unknown>;
}

const toChained = (row: AuditLogTable): ChainedRow => ({
  seq: Number(row.seq),
  at: row.at,
  actorUserId: row.actor_user_id,
  agencyCode: row.agency_code,
  deviceId: row.device_id,
  action: row.action,
  subject: row.subject,
  details: row.details,
  prevHash: row.prev_hash,
  hash: row.hash,
});

const storedText = (value: string | null | undefined): string | null => (value == null ? null : toWellFormedText(value));

/** Rows per insert: 10 columns each, far below either database's bound-parameter limit. */
const ROWS_PER_STATEMENT = 500;

export function auditRepository(db: Kysely<Database>) {
  /**
   * Appends rows at the end of the chain, in the order given; returns their seqs. Only under the
   * write lock. The chain's head is read once and each row hashed onto the one before it in
   * memory, so a push's rows cost two statements, not two each.
   */
  async function appendAll(events: readonly AuditEvent[], at: Date): Promise<number[]> {
    if (events.length === 0) return [];
    const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows = events.map((event) => {
      // Hashed as the database will store it. Requests are refused before ill-formed text gets
      // here (domain/text.ts); should any slip through, the chain still verifies.
      const unhashed = {
        seq: ++seq,
        at: at.toISOString(),
        actorUserId: storedText(event.actorUserId),
        agencyCode: storedText(event.agencyCode),
        deviceId: storedText(event.deviceId),
        action: event.action,
        subject: storedText(event.subject),
        // JSON.stringify writes a lone surrogate as an escape (\ud800), so details are always well-formed.
        details: canonicalJson(event.details ?? {}),
        prevHash,
      };
      prevHash = hashOf(unhashed);
      return {
        seq: unhashed.seq,
        at: unhashed.at,
        actor_user_id: unhashed.actorUserId,
        agency_code: unhashed.agencyCode,
        device_id: unhashed.deviceId,
        action: unhashed.action,
        subject: unhashed.subject,
        details: unhashed.details,
        prev_hash: unhashed.prevHash,
        hash: prevHash,
      };
    });
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await db.insertInto('audit_log').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
    }
    return rows.map((row) => row.seq);
  }

  return {
    /** Appends one row at the end of the chain; returns its seq. Only under the write lock. */
    async append(event: AuditEvent, at: Date): Promise<number> {
      const [seq] = await appendAll([event], at);
      return seq as number;
    },

    appendAll,

    /** The whole chain in seq order, a page at a time. */
    async *pages(pageSize = 1000): AsyncGenerator<ChainedRow[]> {
      let after = 0;
      for (;;) {
        const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
        if (rows.length === 0) return;
        yield rows.map(toChained);
        after = Number(rows.at(-1)!.seq);
      }
    },

    /**
     * Revisions stored since the trail began (`since`, the first row's time) that have no
     * record.create / record.revise row naming their mutation id: an audit row was removed.
     */
    async revisionsWithoutAudit(since: string, limit = 10): Promise<{ seq: number; recordId: string; mutationId: string }[]> {
      const rows = await db
        .selectFrom('revisions')
        .select(['seq', 'record_id', 'mutation_id'])
        .where('received_at', '>=', since)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('audit_log')
                .select('audit_log.seq')
                .whereRef('audit_log.subject', '=', 'revisions.record_id')
                .where('audit_log.action', 'in', ['record.create', 'record.revise'])
                // details is canonical JSON, so the key and value always appear exactly like this.
                .where('audit_log.details', 'like', sql<string>`'%"mutationId":"' || revisions.mutation_id || '"%'`),
            ),
          ),
        )
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ seq: Number(row.seq), recordId: row.record_id, mutationId: row.mutation_id }));
    },

    /** Of these mutation ids, the ones with no stored revision: a revision was removed. */
    async missingRevisions(mutationIds: readonly string[]): Promise<string[]> {
      if (mutationIds.length === 0) return [];
      const found = await db.selectFrom('revisions').select('mutation_id').where('mutation_id', 'in', [...mutationIds]).execute();
      const present = new Set(found.map((row) => row.mutation_id));
      return mutationIds.filter((id) => !present.has(id));
    },

    /** Rows about one subject (a record id), oldest first. */
    async about(subject: string): Promise<ChainedRow[]> {
      const rows = await db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('seq').execute();
      return rows.map(toChained);
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
