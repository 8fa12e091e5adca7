/**
 * A push, applied in ONE transaction under the write lock (store/write-lock.ts), in the order
 * given: its checks and its writes see the same state on every instance, the push costs one
 * commit (one fsync on SQLite) instead of one per mutation, and one mutation's outcome never
 * depends on another's except through what the earlier ones stored. Every record is validated
 * before the lock is taken (validation reads no state), so the lock is held only for the
 * database work, and that work is a few statements per push, not several per mutation: the
 * push's stored mutation ids and current records are read in two queries, every mutation is
 * decided in memory in order (each seeing what the ones before it decided), and the outcome is
 * written with multi-row statements under one savepoint.
 * A database error while writing rolls that savepoint back, and the decisions are written again
 * one at a time, each under its own savepoint, until the one that fails: the ones before it
 * commit and the error reaches the caller, so the device retries the rest (what was committed
 * comes back as `duplicate`).
 *
 * Order of the checks, and why:
 * 1. mutationId already stored: a retry after a lost answer gets the original revision
 *    (`duplicate`), before anything else, so a later rule change cannot turn an acknowledged
 *    save into a rejection. The id belonging to another record or agency is `sync.mutationReused`.
 * 2. record.id ≠ recordId: `sync.recordIdMismatch`.
 * 3. The record exists in another agency: `sync.readOnly` when that agency shares it with the
 *    caller's (the caller already sees it), otherwise `sync.forbidden`; before anything that
 *    would reveal its content (a conflict carries the current record).
 * 4. Domain validation (computed before the lock; it reads no state): `rejected` with the codes.
 * 5. baseRevision: null for a record that exists, or a number that is not the current revision,
 *    is a `conflict` with the current revision; a number for an unknown record is
 *    `sync.unknownRecord`.
 * 6. A firearm's evidence-bag code held by another record of the agency (or twice in this one):
 *    `firearm.bagCodeTaken` at that firearm, naming the code; the device gives it a new one at
 *    the next save (docs/evidence-codes.md). After the conflict check: a conflict is settled first.
 * 7. Otherwise the record is stored as the next revision: `applied`. A new record of a shared
 *    case, or one whose case number changed, becomes visible to (or hidden from) the agencies
 *    the case is shared with, in the same transaction.
 */
import { BAG_CODE_TAKEN } from '../../domain/bag-code';
import type { Issue } from '../../domain/issues';
import type { Seizure } from '../../domain/schema';
import type { TraceIssueCode } from '../../domain/trace-status';
import type { ClockSkew } from '../../domain/clock-skew';
import { changedPaths } from '../audit/changed-paths';
import type { LockedStore, Store } from '../store';
import type { AuditEvent } from '../store/audit-repository';
import { caseKeyOf, type LatestRecord, type NewRevision, type StoredMutation, type StoredSeizure } from '../store/records-repository';
import type { RecordScope } from '../store/shares-repository';
import type { MutationInput } from '../../domain/sync-wire';
import { claimedRecordId, prepareRecord, type Caller } from './prepare-record';

export type SyncCode = 'sync.recordIdMismatch' | 'sync.unknownRecord' | 'sync.forbidden' | 'sync.readOnly' | 'sync.mutationReused';

export interface RejectionError {
  path: string;
  code: Issue['code'] | SyncCode | TraceIssueCode;
  severity: 'error' | 'warning';
  params?: Record<string, string | number>;
}

export type MutationResult =
  | { mutationId: string; status: 'applied' | 'duplicate'; revision: number }
  | { mutationId: string; status: 'conflict'; current: { revision: number; record: StoredSeizure } }
  | { mutationId: string; status: 'rejected'; errors: RejectionError[] };

export type MutationStatus = MutationResult['status'];

// Sync codes are about the record as a whole, except the id mismatch, which is the record's `id`.
const syncError = (code: SyncCode, path = ''): RejectionError => ({ path, code, severity: 'error' });

export interface PushContext {
  store: Store;
  caller: Caller;
  deviceId: string;
  now: Date;
  /** The device's clock against ours past the limit, as this push arrived (domain/clock-skew.ts skewAtArrival). */
  clockSkew?: ClockSkew;
}

/** Applies a push's mutations in order, in one write-locked transaction (see above). */
export async function applyPush(ctx: PushContext, mutations: readonly MutationInput[]): Promise<MutationResult[]> {
  if (mutations.length === 0) return [];
  const prepared = mutations.map((mutation) => prepareRecord(mutation.record, ctx.caller, ctx.now));
  let failure: { error: unknown } | undefined;
  const results = await ctx.store.writeLocked(async (tx) => {
    const state: PushState = {
      stored: await tx.records.findMutations(mutations.map((mutation) => mutation.mutationId)),
      latest: await tx.records.findLatestMany([...new Set(mutations.map((mutation) => mutation.recordId))]),
      bagCodes: await tx.records.bagCodeOwners(ctx.caller.agencyCode, prepared.flatMap((p) => (p.ok ? bagCodesOf(p.record) : []))),
    };
    const decisions: Decision[] = [];
    for (const [index, mutation] of mutations.entries()) {
      try {
        decisions.push(await decide(ctx, tx, state, mutation, prepared[index] as Prepared));
      } catch (error) {
        failure = { error };
        break;
      }
    }
    try {
      await tx.savepoint(() => write(ctx, tx, decisions));
      return decisions.map((decision) => decision.result);
    } catch {
      // Find the mutation that cannot be written: the ones before it are kept, it and the rest are not.
      const written: MutationResult[] = [];
      for (const decision of decisions) {
        try {
          await tx.savepoint(() => write(ctx, tx, [decision]));
          written.push(decision.result);
        } catch (alone) {
          failure = { error: alone };
          return written;
        }
      }
      return written;
    }
  });
  if (failure) throw failure.error;
  return results;
}

/** One mutation alone: a push of one. */
export async function applyMutation(ctx: PushContext, mutation: MutationInput): Promise<MutationResult> {
  const [result] = await applyPush(ctx, [mutation]);
  if (!result) throw new Error('a push of one mutation gave no result');
  return result;
}

type Prepared = ReturnType<typeof prepareRecord>;

/** What the database held when the push took the lock, plus what its earlier mutations decided. */
interface PushState {
  stored: Map<string, StoredMutation>;
  latest: Map<string, LatestRecord>;
  /** The record of the caller's agency holding each bag code these mutations carry. */
  bagCodes: Map<string, string>;
}

const bagCodesOf = (record: Seizure): string[] => record.firearms.flatMap((firearm) => (firearm.bagCode === undefined ? [] : [firearm.bagCode]));

/** The record's bag codes another record holds, or that two of its own firearms share. */
function takenBagCodes(record: Seizure, recordId: string, owners: ReadonlyMap<string, string>): RejectionError[] {
  const seen = new Set<string>();
  return record.firearms.flatMap((firearm, index) => {
    const code = firearm.bagCode;
    if (code === undefined) return [];
    const owner = owners.get(code);
    const taken = (owner !== undefined && owner !== recordId) || seen.has(code);
    seen.add(code);
    return taken ? [{ path: `firearms.${index}.bagCode`, code: BAG_CODE_TAKEN, severity: 'error' as const, params: { bagCode: code } }] : [];
  });
}

/** A mutation's outcome and what must be written for it (nothing is written while deciding). */
interface Decision {
  result: MutationResult;
  revision?: NewRevision;
  audit: AuditEvent[];
}

/** Writes what the decisions say, in their order: a few multi-row statements for the lot. */
async function write(ctx: PushContext, { records, shares, deconfliction, audit }: LockedStore, decisions: readonly Decision[]): Promise<void> {
  const revisions = decisions.flatMap((decision) => (decision.revision ? [decision.revision] : []));
  const seqs = await records.appendAll(revisions);
  const touched = new Map<string, { record: RecordScope; seq: number; isNew: boolean }>();
  revisions.forEach((revision, index) => {
    const record = { recordId: revision.recordId, agencyCode: revision.agencyCode, caseKey: caseKeyOf(revision.body) };
    const isNew = touched.get(revision.recordId)?.isNew ?? revision.revision === 1;
    touched.set(revision.recordId, { record, seq: seqs[index] as number, isNew });
  });
  await shares.refreshAfterRevisions([...touched.values()]);
  // After the revisions are indexed, in their transaction: a crash never loses an alert, a replay never doubles one.
  const alerts = await deconfliction.detect([...touched.keys()], ctx.now);
  await audit.appendAll(
    [
      ...decisions.flatMap((decision) => decision.audit),
      ...alerts.map((alert): AuditEvent => ({ action: 'alert.create', actorUserId: ctx.caller.userId, agencyCode: ctx.caller.agencyCode, deviceId: ctx.deviceId, subject: alert.id, details: { kind: alert.kind, agencies: alert.agencies } })),
    ],
    ctx.now,
  );
}

async function decide(ctx: PushContext, { shares }: LockedStore, state: PushState, mutation: MutationInput, prepared: Prepared): Promise<Decision> {
  const { mutationId, recordId, baseRevision } = mutation;
  const { caller } = ctx;
  const outcome = (result: MutationResult, audit: AuditEvent[] = []): Decision => ({ result, audit });
  const rejected = (errors: RejectionError[]): Decision => outcome({ mutationId, status: 'rejected', errors });

  // Same transaction as the revision: never one without the other (docs/security.md).
  const who = { actorUserId: caller.userId, agencyCode: caller.agencyCode, deviceId: ctx.deviceId, subject: recordId };
  const previous = state.stored.get(mutationId);
  if (previous) {
    const same = previous.recordId === recordId && previous.agencyCode === caller.agencyCode;
    return same ? outcome({ mutationId, status: 'duplicate', revision: previous.revision }) : rejected([syncError('sync.mutationReused')]);
  }

  const claimed = claimedRecordId(mutation.record);
  if (claimed !== undefined && claimed !== recordId) return rejected([syncError('sync.recordIdMismatch', 'id')]);

  const current = state.latest.get(recordId);
  if (current && current.agencyCode !== caller.agencyCode) {
    return rejected([syncError((await shares.isSharedWith(recordId, caller.agencyCode)) ? 'sync.readOnly' : 'sync.forbidden')]);
  }

  if (!prepared.ok) return rejected(prepared.errors);

  if (current === undefined && baseRevision !== null) return rejected([syncError('sync.unknownRecord')]);
  if (current !== undefined && baseRevision !== current.revision) {
    return outcome({ mutationId, status: 'conflict', current: { revision: current.revision, record: current.body } }, [
      { action: 'record.conflict', ...who, details: { mutationId, baseRevision, currentRevision: current.revision } },
    ]);
  }

  const taken = takenBagCodes(prepared.record, recordId, state.bagCodes);
  if (taken.length > 0) return rejected(taken);
  for (const code of bagCodesOf(prepared.record)) state.bagCodes.set(code, recordId);

  const revision = (current?.revision ?? 0) + 1;
  const createdBy = current?.createdBy ?? caller.username;
  // A record the device saved before it knew its clock was off carries the skew the server read
  // off this push; a device's own measure, taken when it saved, is the better one and stays.
  const clockSkew = prepared.record.clockSkew ?? (ctx.clockSkew && { ...ctx.clockSkew, measuredBy: 'server' as const });
  const body = { ...prepared.record, revision, createdBy, ...(clockSkew && { clockSkew }) };
  state.stored.set(mutationId, { recordId, agencyCode: caller.agencyCode, revision });
  state.latest.set(recordId, { recordId, agencyCode: caller.agencyCode, revision, body, createdBy, caseKey: caseKeyOf(body), lastSeq: current?.lastSeq ?? 0 });
  return {
    result: { mutationId, status: 'applied', revision },
    revision: { recordId, revision, agencyCode: caller.agencyCode, mutationId, body, authorUserId: caller.userId, deviceId: ctx.deviceId, createdBy, receivedAt: ctx.now, issues: prepared.issues },
    audit: [
      current === undefined
        ? { action: 'record.create', ...who, details: { mutationId, revision } }
        : { action: 'record.revise', ...who, details: { mutationId, revision, changed: changedPaths(current.body, body) } },
    ],
  };
}
