/**
 * Sync's rules on the device, as pure functions of what a transaction has read: which version a
 * record keeps when the server answers a push or a pull brings a change, which outbox entries an
 * answer settles, and the seizure rows, sync rows and entries a save, a pull and the officer's
 * choice in a conflict write. The stores (sync-store.ts, seizure-repository.ts) read, ask these, and write; nothing
 * here touches IndexedDB, the clock or the random source (the time and the mutation id are
 * given), so every rule is tested as a table (test/unit/sync-rules.test.ts).
 */
import type { Issue } from '../domain/issues';
import { seizureKeys } from '../domain/keys';
import type { Seizure } from '../domain/schema';
import type { OutboxEntry, SeizureRow, SeizureView, ServerVersion, SyncRow, SyncState } from './db';
import { settleAnswers } from './settle-answers';
import { seizureView, syncRowOf, withoutInlineSync } from './sync-state';

/** What the server answered for one sent outbox entry. */
export type PushOutcome =
  | { entry: OutboxEntry; status: 'acknowledged'; revision: number }
  | { entry: OutboxEntry; status: 'rejected'; errors: Issue[] }
  | { entry: OutboxEntry; status: 'conflict'; current: ServerVersion };

/** Saved on the device and not yet acknowledged ('sending' only on rows left by earlier versions). */
export const UNSENT_STATES = ['pending', 'sending'] as const satisfies readonly SyncState[];

// Records whose local version must not be replaced by a pulled one: unsent edits, a refusal the
// officer has not dealt with, an open conflict.
const LOCAL_WINS: ReadonlySet<SyncState> = new Set<SyncState>([...UNSENT_STATES, 'rejected', 'conflict']);

/** A seizure row and its sync row, as one save, pull or choice writes them. */
export interface SeizureWrite {
  row: SeizureRow;
  state: SyncRow;
}

const stateOf = (id: string, state: SyncState, updatedAt: string, revision: number | undefined): SyncRow => ({ id, state, updatedAt, ...(revision !== undefined && { revision }) });

const rowOf = (record: Seizure, sharedBy?: string): SeizureRow => ({
  id: record.id,
  record,
  status: record.status,
  updatedAt: record.updatedAt,
  ...seizureKeys(record),
  ...(sharedBy !== undefined && { sharedBy }),
});

/** What a save writes; built in one place, so what is sealed ahead is what gets written (and what the bench's baselines write). */
export const saved = (record: Seizure, baseRevision: number | undefined): SeizureWrite => ({
  row: rowOf(record),
  state: stateOf(record.id, 'pending', record.updatedAt, baseRevision),
});

export const newEntry = (mutationId: string, record: Seizure): OutboxEntry => ({ mutationId, recordId: record.id, payload: record, enqueuedAt: record.updatedAt, attempts: 0 });

/**
 * The outbox entry a save writes. A save not yet attempted is folded into the newer one; once a
 * push was tried its mutation id may already be on the server, so it must stay as it is and the
 * save gets an entry of its own (without `seq`: one to add, not to replace).
 */
export function queuedEntry(queued: readonly OutboxEntry[], mutationId: string, record: Seizure): OutboxEntry {
  const unsent = queued.find((e) => e.attempts === 0);
  return unsent?.seq !== undefined ? { ...unsent, payload: record, enqueuedAt: record.updatedAt } : newEntry(mutationId, record);
}

/**
 * The revision a save is based on. The officer edited the version the form loaded (`updatedAt`
 * names it). If the row holds another version now, a pull brought another device's newer
 * revision while the form was open: this edit is based on the older one and goes out with that
 * base, so the server answers with a conflict instead of storing it over the newer revision
 * (baseRevision is "the revision the device's copy was based on"). Without a revision none is
 * known, and the server reports a conflict if it holds the record.
 */
export function baseRevisionOf(stored: SeizureView | undefined, edited: Seizure): number | undefined {
  const stale = stored !== undefined && stored.record.updatedAt !== edited.updatedAt;
  return stale ? edited.revision : stored?.serverRevision;
}

/** An entry as it stands once marked as being sent: from now on no save folds into it. */
export const sendingEntry = (entry: OutboxEntry): OutboxEntry => ({ ...entry, attempts: entry.attempts + 1 });

/** What a pull or "take theirs" writes for a version the server holds: synced at its revision, the record carrying it. */
export const fromServer = (version: ServerVersion): SeizureWrite => {
  const record = { ...version.record, revision: version.revision };
  return { row: rowOf(record, version.sharedBy), state: stateOf(record.id, 'synced', record.updatedAt, version.revision) };
};

/**
 * A record's sync state once the server took a save of it at `revision`. The device may hold a
 * newer save than the one acknowledged, or more may be queued: then it stays pending.
 */
export function acknowledgedState(state: SyncRow, entry: OutboxEntry, revision: number, moreQueued: boolean): SyncRow {
  const sameVersion = state.updatedAt === entry.payload.updatedAt;
  const next: SyncRow = { ...state, revision, state: moreQueued || !sameVersion ? 'pending' : 'synced' };
  // Reasons from an earlier refusal no longer apply once the server took a version.
  delete next.errors;
  return next;
}

/** A record's sync state once the server answered one save of it; `moreQueued` says whether later saves of it still wait in the outbox. */
export function answeredState(state: SyncRow, outcome: PushOutcome, moreQueued: boolean): SyncRow {
  switch (outcome.status) {
    case 'acknowledged':
      return acknowledgedState(state, outcome.entry, outcome.revision, moreQueued);
    case 'rejected':
      // A later save of the same record may already fix it; then it simply waits its turn.
      return moreQueued ? { ...state, state: 'pending' } : { ...state, state: 'rejected', errors: outcome.errors };
    case 'conflict':
      return { ...state, state: 'conflict', conflict: outcome.current };
  }
}

/**
 * The writes that record one push's answers, in the order given, from the records' sync rows and
 * the queued entries' keys (by record id) read in the same transaction: an acknowledged or
 * refused entry leaves the outbox; a conflict takes every queued save of its record with it,
 * since each was based on the stale revision (the officer's latest version stays in the seizure
 * row, the server's in the sync row, until the officer chooses). No seizure row is read or
 * written: the outcome depends only on which version the state speaks of.
 */
export function settlePush(
  outcomes: readonly PushOutcome[],
  stored: ReadonlyMap<string, SyncRow>,
  queuedKeys: ReadonlyMap<string, readonly number[]>,
): { removed: number[]; states: SyncRow[] } {
  return settleAnswers(outcomes, (outcome) => outcome.entry.recordId, stored, queuedKeys, answeredState);
}

/** What a pulled change does to the device's row of its record. */
export type PulledDecision =
  /** The row holds a newer revision, or exactly this one already. */
  | { action: 'skip' }
  /** The server's version replaces the row and its state. */
  | { action: 'apply'; write: SeizureWrite }
  /** The officer's version stays. */
  | { action: 'keep' }
  /** The officer's version stays; the open conflict takes this newer server version as the side to compare with (only the sync row changes). */
  | { action: 'conflict'; state: SyncRow };

export function decidePulled(row: SeizureView | undefined, change: ServerVersion): PulledDecision {
  // The same revision is still taken for a synced row: the server sets some fields itself
  // (agency, author), and its copy is the one of record.
  if (row && (row.serverRevision ?? 0) > change.revision) return { action: 'skip' };
  if (row?.syncState === 'synced' && row.serverRevision === change.revision && JSON.stringify(row.record) === JSON.stringify({ ...change.record, revision: change.revision })) {
    return { action: 'skip' };
  }
  if (row && LOCAL_WINS.has(row.syncState)) {
    // An open conflict is updated to the newer server version: the cursor moves past this
    // change, so it is the officer's one chance to see it (taking an older "theirs" would leave
    // the device behind for good).
    if (row.syncState === 'conflict' && row.conflict && change.revision > row.conflict.revision) {
      return { action: 'conflict', state: { ...syncRowOf(row), conflict: { revision: change.revision, record: change.record } } };
    }
    return { action: 'keep' };
  }
  return { action: 'apply', write: fromServer(change) };
}

/**
 * The writes of one pulled page, from the views of its records read in the same transaction; the
 * changes are taken in order, so a later revision in the page decides on what an earlier one
 * left. A seizure row is written only where the server's version replaces it. `applied` counts
 * server versions taken, `kept` changes the officer's version held off.
 */
export function settlePulled(changes: readonly ServerVersion[], stored: ReadonlyMap<string, SeizureView>): { rows: SeizureRow[]; states: SyncRow[]; applied: number; kept: number } {
  const views = new Map(stored);
  const rows = new Map<string, SeizureRow>();
  const states = new Map<string, SyncRow>();
  let applied = 0;
  let kept = 0;
  for (const change of changes) {
    const id = change.record.id;
    const decision = decidePulled(views.get(id), change);
    if (decision.action === 'skip') continue;
    if (decision.action === 'apply') {
      applied++;
      rows.set(id, decision.write.row);
      states.set(id, decision.write.state);
      views.set(id, seizureView(decision.write.row, decision.write.state));
    } else {
      kept++;
      if (decision.action === 'conflict') {
        states.set(id, decision.state);
        const view = views.get(id);
        if (view) views.set(id, { ...view, conflict: decision.state.conflict });
      }
    }
  }
  return { rows: [...rows.values()], states: [...states.values()], applied, kept };
}

/** The ids a tombstone deletes: only copies another agency shared with ours, never a record of our own. */
export const sharedCopies = (rows: readonly (SeizureRow | undefined)[]): string[] => rows.flatMap((row) => (row?.sharedBy !== undefined ? [row.id] : []));

/**
 * "Keep mine" in a conflict: the officer's version goes out again, saved at `savedAt`, based on
 * the server's revision it was compared with (`theirs`), under a new mutation id.
 */
export function keptMine(view: SeizureView, theirs: ServerVersion, savedAt: string, mutationId: string): SeizureWrite & { entry: OutboxEntry } {
  const record: Seizure = { ...view.record, updatedAt: savedAt };
  return {
    row: { ...withoutInlineSync(view), record, updatedAt: record.updatedAt },
    state: stateOf(record.id, 'pending', record.updatedAt, theirs.revision),
    entry: newEntry(mutationId, record),
  };
}
