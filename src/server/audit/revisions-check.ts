/**
 * The audit trail against the evidence it describes: every revision stored since the trail
 * began must have its record.create / record.revise row (they commit in one transaction), and
 * every such row must still have its revision. This catches what the hash chain alone cannot:
 * audit rows removed from the very end of the chain, and revisions removed from `revisions`.
 */
import type { AuditRepository } from '../store/audit-repository';

export type RevisionsCheck = { ok: true; since: string | null } | { ok: false; seq?: number; reason: string };

const RECORD_ACTIONS = new Set(['record.create', 'record.revise']);

export async function checkRevisionsAgainstAudit(audit: Pick<AuditRepository, 'pages' | 'revisionsWithoutAudit' | 'missingRevisions'>): Promise<RevisionsCheck> {
  let since: string | null = null;
  for await (const page of audit.pages()) {
    since ??= page[0]?.at ?? null;
    const seqOf = new Map<string, number>();
    for (const row of page) {
      if (!RECORD_ACTIONS.has(row.action)) continue;
      const mutationId = (JSON.parse(row.details) as { mutationId?: unknown }).mutationId;
      if (typeof mutationId === 'string') seqOf.set(mutationId, row.seq);
    }
    const [missing] = await audit.missingRevisions([...seqOf.keys()]);
    if (missing !== undefined) {
      return { ok: false, seq: seqOf.get(missing), reason: `the revision this row records (mutation ${missing}) is no longer in revisions: a revision was removed or altered` };
    }
  }
  if (since === null) return { ok: true, since };
  const [orphan] = await audit.revisionsWithoutAudit(since, 1);
  if (orphan) return { ok: false, reason: `revision seq ${orphan.seq} of record ${orphan.recordId} (mutation ${orphan.mutationId}) has no audit row: an audit row was removed` };
  return { ok: true, since };
}
