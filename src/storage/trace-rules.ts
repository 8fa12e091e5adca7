/**
 * Trace status sync's rules on the device, as pure functions of what a transaction has read (as
 * sync-rules.ts is for records): what recording a status writes, what each server answer does to
 * the firearm's row and its queued changes, what a pulled status does, and the officer's choice
 * in a conflict. Nothing here touches IndexedDB, the clock or the random source.
 */
import type { TraceIssue, TraceStatus } from '../domain/trace-status';
import { settleAnswers } from './settle-answers';
import type { ServerTrace, TraceOutboxEntry, TraceStatusRow, TraceSyncState } from './trace-rows';

/** What the server answered for one sent change. */
export type TraceOutcome =
  | { entry: TraceOutboxEntry; status: 'acknowledged'; revision: number }
  | { entry: TraceOutboxEntry; status: 'rejected'; errors: TraceIssue[] }
  | { entry: TraceOutboxEntry; status: 'conflict'; current: ServerTrace };

/** A status as the server holds it, at the firearm's revision, for another agency's share or ours. */
export interface PulledStatus extends ServerTrace {
  recordId: string;
  sharedBy?: string;
}

/** Refused: this firearm's status waits for the officer's choice in a conflict, or belongs to another agency. */
export class TraceLockedError extends Error {
  constructor(readonly reason: 'conflict' | 'shared') {
    super(`trace status is ${reason === 'conflict' ? 'in conflict' : 'read-only'}`);
    this.name = 'TraceLockedError';
  }
}

const newEntry = (mutationId: string, status: TraceStatus): TraceOutboxEntry => ({
  mutationId,
  firearmId: status.firearmId,
  recordId: status.seizureId,
  payload: status,
  enqueuedAt: status.updatedAt,
  attempts: 0,
});

const rowOf = (status: TraceStatus, state: TraceSyncState, revision: number | undefined, sharedBy?: string): TraceStatusRow => ({
  firearmId: status.firearmId,
  recordId: status.seizureId,
  status,
  state,
  ...(revision !== undefined && { revision }),
  ...(sharedBy !== undefined && { sharedBy }),
});

/**
 * What recording a status writes: the row pending on the revision it was based on, and its
 * change. A change folds into the last queued one only when that one is not yet tried (a tried
 * one's mutation id may be on the server already) and records the same state: the server judges
 * each move from the state before it, so requested then traced must reach it as two changes.
 */
export function recordedTrace(existing: TraceStatusRow | undefined, queued: readonly TraceOutboxEntry[], status: TraceStatus, mutationId: string): { row: TraceStatusRow; entry: TraceOutboxEntry } {
  if (existing?.sharedBy !== undefined) throw new TraceLockedError('shared');
  if (existing?.state === 'conflict') throw new TraceLockedError('conflict');
  // The revision is the server's to give; what the device keeps of it is in the row.
  const body: TraceStatus = { ...status };
  delete body.revision;
  const last = queued.reduce<TraceOutboxEntry | undefined>((latest, entry) => ((entry.seq ?? 0) > (latest?.seq ?? -1) ? entry : latest), undefined);
  const unsent = last?.attempts === 0 && last.payload.status === body.status ? last : undefined;
  const entry = unsent?.seq !== undefined ? { ...unsent, payload: body, enqueuedAt: body.updatedAt } : newEntry(mutationId, body);
  return { row: rowOf(body, 'pending', existing?.revision), entry };
}

/** The row once the server answered one change; `moreQueued` says whether later changes of the firearm still wait. */
function answeredRow(row: TraceStatusRow, outcome: TraceOutcome, moreQueued: boolean): TraceStatusRow {
  const next: TraceStatusRow = { ...row };
  delete next.errors;
  switch (outcome.status) {
    case 'acknowledged': {
      const sameVersion = row.status.updatedAt === outcome.entry.payload.updatedAt;
      return { ...next, revision: outcome.revision, state: moreQueued || !sameVersion ? 'pending' : 'synced' };
    }
    case 'rejected':
      return moreQueued ? { ...next, state: 'pending' } : { ...next, state: 'rejected', errors: outcome.errors };
    case 'conflict':
      return { ...next, state: 'conflict', conflict: outcome.current };
  }
}

/**
 * The writes of one push's answers, in order, from the rows and queued entries' keys (by
 * firearm) read in the same transaction. A conflict takes every queued change of its firearm
 * with it: each was based on the stale revision; the officer's version stays in the row.
 */
export function settleTracePush(
  outcomes: readonly TraceOutcome[],
  stored: ReadonlyMap<string, TraceStatusRow>,
  queuedKeys: ReadonlyMap<string, readonly number[]>,
): { removed: number[]; rows: TraceStatusRow[] } {
  const { removed, states } = settleAnswers(outcomes, (outcome) => outcome.entry.firearmId, stored, queuedKeys, answeredRow);
  return { removed, rows: states };
}

/**
 * What one pulled page writes. The officer's version holds while it is unsent, refused or in
 * conflict; an open conflict moves to the newer server version (the cursor moves past it).
 */
export function settleTracePull(pulled: readonly PulledStatus[], stored: ReadonlyMap<string, TraceStatusRow>): { rows: TraceStatusRow[]; applied: number } {
  const rows = new Map<string, TraceStatusRow>();
  let applied = 0;
  for (const change of pulled) {
    const id = change.status.firearmId;
    const row = rows.get(id) ?? stored.get(id);
    if (row && (row.revision ?? 0) > change.revision) continue;
    if (row && row.state !== 'synced') {
      if (row.state === 'conflict' && row.conflict && change.revision > row.conflict.revision) rows.set(id, { ...row, conflict: { revision: change.revision, status: change.status } });
      continue;
    }
    rows.set(id, rowOf({ ...change.status, revision: change.revision }, 'synced', change.revision, change.sharedBy));
    applied++;
  }
  return { rows: [...rows.values()], applied };
}

/** "Keep mine": the officer's version goes out again on the revision it was compared with, under a new mutation id. */
export function keptMyTrace(row: TraceStatusRow, theirs: ServerTrace, savedAt: string, mutationId: string): { row: TraceStatusRow; entry: TraceOutboxEntry } {
  const status: TraceStatus = { ...row.status, updatedAt: savedAt };
  delete status.revision;
  return { row: rowOf(status, 'pending', theirs.revision), entry: newEntry(mutationId, status) };
}

/** "Take theirs": the server's version, synced. */
export const theirTrace = (theirs: ServerTrace): TraceStatusRow => rowOf({ ...theirs.status, revision: theirs.revision }, 'synced', theirs.revision);
