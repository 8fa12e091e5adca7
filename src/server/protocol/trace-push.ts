/**
 * A push of trace status changes (docs/sync-protocol.md "Trace status"), applied in ONE
 * write-locked transaction, in the order given, like a push of records (push.ts): a later change
 * of the same firearm builds on an earlier one. A status has a revision of its own, apart from
 * its seizure's, so a trace result and an edit of the seizure's notes never conflict; two changes
 * of the same firearm's status do, and the later one is answered `conflict`, never applied.
 *
 * Order of the checks, and why:
 * 1. mutationId already stored: `duplicate` with the original revision (a retry after a lost
 *    answer), or `sync.mutationReused` when it belongs to another firearm or agency.
 * 2. The status names another firearm or record than the change: `sync.recordIdMismatch`.
 * 3. The record: unknown `sync.unknownRecord`; another agency's `sync.readOnly` when shared with
 *    the caller's (a receiving agency reads statuses, only the owner records them), otherwise
 *    `sync.forbidden`, before anything that would reveal a status.
 * 4. The firearm is not in the record's latest revision: `trace.unknownFirearm`.
 * 5. An officer where the agency lets only supervisors record: `trace.officerNotAllowed`.
 * 6. The status's shape (TraceStatusSchema), then baseRevision against the stored revision:
 *    `conflict` with the current status.
 * 7. The domain's checks of the change (trace-status.ts: the move, the dates against the
 *    recovery, the eTrace number, time to crime): `rejected` with their codes.
 */
import { shapeIssues } from '../../domain/validate';
import { checkTraceStatus, TraceStatusSchema, type TraceState } from '../../domain/trace-status';
import type { TraceChangeInput } from '../../domain/trace-wire';
import type { LockedStore, Store } from '../store';
import type { AuditEvent } from '../store/audit-repository';
import type { LatestRecord } from '../store/records-repository';
import type { Role } from '../store/schema';
import type { LatestTrace, NewTraceRevision, StoredTraceMutation, StoredTraceStatus } from '../store/trace-repository';
import type { Caller } from './prepare-record';
import type { RejectionError } from './push';

export type TraceResult =
  | { mutationId: string; status: 'applied' | 'duplicate'; revision: number }
  | { mutationId: string; status: 'conflict'; current: { revision: number; status: StoredTraceStatus } }
  | { mutationId: string; status: 'rejected'; errors: RejectionError[] };

export interface TracePushContext {
  store: Store;
  caller: Caller & { role: Role };
  deviceId: string;
  now: Date;
}

interface TracePushState {
  stored: Map<string, StoredTraceMutation>;
  latest: Map<string, LatestTrace>;
  records: Map<string, LatestRecord>;
  officersMayRecord: boolean;
}

interface Decision {
  result: TraceResult;
  revision?: NewTraceRevision;
  audit: AuditEvent[];
}

const refusal = (code: RejectionError['code'], path = ''): RejectionError => ({ path, code, severity: 'error' });

export async function applyTracePush(ctx: TracePushContext, changes: readonly TraceChangeInput[]): Promise<TraceResult[]> {
  if (changes.length === 0) return [];
  return ctx.store.writeLocked(async (tx) => {
    const state: TracePushState = {
      stored: await tx.trace.findMutations(changes.map((change) => change.mutationId)),
      latest: await tx.trace.findLatestMany([...new Set(changes.map((change) => change.firearmId))]),
      records: await tx.records.findLatestMany([...new Set(changes.map((change) => change.recordId))]),
      officersMayRecord: ctx.caller.role !== 'officer' || (await tx.agencies.officersRecordTrace(ctx.caller.agencyCode)),
    };
    const decisions: Decision[] = [];
    for (const change of changes) decisions.push(await decide(ctx, tx, state, change));
    await tx.trace.appendAll(decisions.flatMap((decision) => (decision.revision ? [decision.revision] : [])));
    await tx.audit.appendAll(
      decisions.flatMap((decision) => decision.audit),
      ctx.now,
    );
    return decisions.map((decision) => decision.result);
  });
}

async function decide(ctx: TracePushContext, { shares }: LockedStore, state: TracePushState, change: TraceChangeInput): Promise<Decision> {
  const { mutationId, recordId, firearmId, baseRevision } = change;
  const { caller } = ctx;
  const rejected = (...errors: RejectionError[]): Decision => ({ result: { mutationId, status: 'rejected', errors }, audit: [] });

  const previous = state.stored.get(mutationId);
  if (previous) {
    const same = previous.firearmId === firearmId && previous.agencyCode === caller.agencyCode;
    return same ? { result: { mutationId, status: 'duplicate', revision: previous.revision }, audit: [] } : rejected(refusal('sync.mutationReused'));
  }
  const claimed = change.status as { firearmId?: unknown; seizureId?: unknown } | null;
  if (typeof claimed === 'object' && claimed !== null) {
    if (claimed.firearmId !== undefined && claimed.firearmId !== firearmId) return rejected(refusal('sync.recordIdMismatch', 'firearmId'));
    if (claimed.seizureId !== undefined && claimed.seizureId !== recordId) return rejected(refusal('sync.recordIdMismatch', 'seizureId'));
  }

  const record = state.records.get(recordId);
  if (!record) return rejected(refusal('sync.unknownRecord'));
  if (record.agencyCode !== caller.agencyCode) {
    return rejected(refusal((await shares.isSharedWith(recordId, caller.agencyCode)) ? 'sync.readOnly' : 'sync.forbidden'));
  }
  if (!record.body.firearms.some((firearm) => firearm.id === firearmId)) return rejected(refusal('trace.unknownFirearm', 'firearmId'));
  if (!state.officersMayRecord) return rejected(refusal('trace.officerNotAllowed'));

  const parsed = TraceStatusSchema.safeParse(change.status);
  if (!parsed.success) return rejected(...shapeIssues(parsed.error));

  const current = state.latest.get(firearmId);
  if ((current?.revision ?? null) !== baseRevision) {
    if (!current) return rejected(refusal('sync.unknownRecord'));
    return {
      result: { mutationId, status: 'conflict', current: { revision: current.revision, status: current.body } },
      audit: [{ action: 'record.conflict', actorUserId: caller.userId, agencyCode: caller.agencyCode, deviceId: ctx.deviceId, subject: recordId, details: { mutationId, firearmId, baseRevision, currentRevision: current.revision, of: 'trace' } }],
    };
  }

  const from: TraceState = current?.body.status ?? 'not_requested';
  const issues = checkTraceStatus(parsed.data, { previous: from, recoveredAt: record.body.recovery.occurredAt, now: ctx.now });
  if (issues.length > 0) return rejected(...issues);

  const revision = (current?.revision ?? 0) + 1;
  const body: StoredTraceStatus = { ...parsed.data, revision };
  state.stored.set(mutationId, { firearmId, agencyCode: caller.agencyCode, revision });
  state.latest.set(firearmId, { firearmId, recordId, agencyCode: caller.agencyCode, revision, body, updatedBy: caller.username, lastSeq: current?.lastSeq ?? 0 });
  return {
    result: { mutationId, status: 'applied', revision },
    revision: { firearmId, recordId, agencyCode: caller.agencyCode, revision, mutationId, body, authorUserId: caller.userId, authorName: caller.username, deviceId: ctx.deviceId, receivedAt: ctx.now, recovery: record.body.recovery },
    // Codes and dates only: the dealer's name and the note stay out of the audit trail, as possessor data does.
    audit: [{ action: 'trace.status', actorUserId: caller.userId, agencyCode: caller.agencyCode, deviceId: ctx.deviceId, subject: recordId, details: { mutationId, firearmId, revision, from, to: body.status } }],
  };
}
