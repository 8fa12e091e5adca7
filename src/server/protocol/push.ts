/**
 * A push, applied in ONE transaction under the write lock (store/write-lock.ts), each mutation
 * under its own savepoint, in the order given: its checks and its write see the same state on
 * every instance, the push costs one commit (one fsync on SQLite) instead of one per mutation,
 * and one mutation's outcome never depends on another's. Every record is validated before the
 * lock is taken (validation reads no state), so the lock is held only for the database work.
 * A mutation that throws (a database error, not a refusal) is rolled back to its savepoint; the
 * ones before it commit and the error reaches the caller, so the device retries the rest (what
 * was committed comes back as `duplicate`).
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
 * 6. Otherwise the record is stored as the next revision: `applied`. A new record of a shared
 *    case, or one whose case number changed, becomes visible to (or hidden from) the agencies
 *    the case is shared with, in the same transaction.
 */
import type { Issue } from '../../domain/issues';
import { changedPaths } from '../audit/changed-paths';
import type { LockedStore, Store } from '../store';
import { caseKeyOf } from '../store/records-repository';
import type { MutationInput } from './envelopes';
import { claimedRecordId, prepareRecord, type Caller } from './prepare-record';

export type SyncCode = 'sync.recordIdMismatch' | 'sync.unknownRecord' | 'sync.forbidden' | 'sync.readOnly' | 'sync.mutationReused';

export interface RejectionError {
  path: string;
  code: Issue['code'] | SyncCode;
  severity: 'error' | 'warning';
  params?: Record<string, string | number>;
}

export type MutationResult =
  | { mutationId: string; status: 'applied' | 'duplicate'; revision: number }
  | { mutationId: string; status: 'conflict'; current: { revision: number; record: unknown } }
  | { mutationId: string; status: 'rejected'; errors: RejectionError[] };

export type MutationStatus = MutationResult['status'];

// Sync codes are about the record as a whole, except the id mismatch, which is the record's `id`.
const syncError = (code: SyncCode, path = ''): RejectionError => ({ path, code, severity: 'error' });

export interface PushContext {
  store: Store;
  caller: Caller;
  deviceId: string;
  now: Date;
}

/** Applies a push's mutations in order, in one write-locked transaction (see above). */
export async function applyPush(ctx: PushContext, mutations: readonly MutationInput[]): Promise<MutationResult[]> {
  if (mutations.length === 0) return [];
  const prepared = mutations.map((mutation) => prepareRecord(mutation.record, ctx.caller, ctx.now));
  let failure: { error: unknown } | undefined;
  const results = await ctx.store.writeLocked(async (tx) => {
    const done: MutationResult[] = [];
    for (const [index, mutation] of mutations.entries()) {
      try {
        done.push(await tx.savepoint(() => decide(ctx, tx, mutation, prepared[index] as Prepared)));
      } catch (error) {
        failure = { error };
        break;
      }
    }
    return done;
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

async function decide(ctx: PushContext, { records, audit, shares }: LockedStore, mutation: MutationInput, prepared: Prepared): Promise<MutationResult> {
  const { mutationId, recordId, baseRevision } = mutation;
  const { caller } = ctx;
  const rejected = (errors: RejectionError[]): MutationResult => ({ mutationId, status: 'rejected', errors });

  // Same transaction as the revision: never one without the other (docs/security.md).
  const who = { actorUserId: caller.userId, agencyCode: caller.agencyCode, deviceId: ctx.deviceId, subject: recordId };
  const previous = await records.findMutation(mutationId);
  if (previous) {
    const same = previous.recordId === recordId && previous.agencyCode === caller.agencyCode;
    return same ? { mutationId, status: 'duplicate', revision: previous.revision } : rejected([syncError('sync.mutationReused')]);
  }

  const claimed = claimedRecordId(mutation.record);
  if (claimed !== undefined && claimed !== recordId) return rejected([syncError('sync.recordIdMismatch', 'id')]);

  const current = await records.findLatest(recordId);
  if (current && current.agencyCode !== caller.agencyCode) {
    return rejected([syncError((await shares.isSharedWith(recordId, caller.agencyCode)) ? 'sync.readOnly' : 'sync.forbidden')]);
  }

  if (!prepared.ok) return rejected(prepared.errors);

  if (current === undefined && baseRevision !== null) return rejected([syncError('sync.unknownRecord')]);
  if (current !== undefined && baseRevision !== current.revision) {
    await audit.append({ action: 'record.conflict', ...who, details: { mutationId, baseRevision, currentRevision: current.revision } }, ctx.now);
    return { mutationId, status: 'conflict', current: { revision: current.revision, record: current.body } };
  }

  const revision = (current?.revision ?? 0) + 1;
  const createdBy = current?.createdBy ?? caller.username;
  const body = { ...prepared.record, revision, createdBy };
  const seq = await records.append({
    recordId,
    revision,
    agencyCode: caller.agencyCode,
    mutationId,
    body,
    authorUserId: caller.userId,
    deviceId: ctx.deviceId,
    createdBy,
    receivedAt: ctx.now,
  });
  await shares.refreshAfterRevision({ recordId, agencyCode: caller.agencyCode, caseKey: caseKeyOf(body) }, seq, current === undefined);
  await audit.append(
    current === undefined
      ? { action: 'record.create', ...who, details: { mutationId, revision } }
      : { action: 'record.revise', ...who, details: { mutationId, revision, changed: changedPaths(current.body, body) } },
    ctx.now,
  );
  return { mutationId, status: 'applied', revision };
}
