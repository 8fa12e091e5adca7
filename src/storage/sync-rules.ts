/**
 * Sync's rules on the device, as pure functions of what a transaction has read: which version a
 * row keeps when the server answers a push or a pull brings a change, which outbox entries an
 * answer settles, and the rows and entries a save, a pull and the officer's choice in a conflict
 * write. The stores (sync-store.ts, seizure-repository.ts) read, ask these, and write; nothing
 * here touches IndexedDB, the clock or the random source (the time and the mutation id are
 * given), so every rule is tested as a table (test/unit/sync-rules.test.ts).
 */
import type { Issue } from '../domain/issues';
import { seizureKeys } from '../domain/keys';
import type { Seizure } from '../domain/schema';
import type { OutboxEntry, SeizureRow, ServerVersion, SyncState } from './db';

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

/** The row a save writes; built in one place, so what is sealed ahead is what gets written (and what the bench's baselines write). */
export const savedRow = (record: Seizure, baseRevision: number | undefined): SeizureRow => ({
  id: record.id,
  record,
  status: record.status,
  updatedAt: record.updatedAt,
  ...seizureKeys(record),
  syncState: 'pending',
  ...(baseRevision !== undefined && { serverRevision: baseRevision }),
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
export function baseRevisionOf(stored: SeizureRow | undefined, edited: Seizure): number | undefined {
  const stale = stored !== undefined && stored.record.updatedAt !== edited.updatedAt;
  return stale ? edited.revision : stored?.serverRevision;
}

/** An entry as it stands once marked as being sent: from now on no save folds into it. */
export const sendingEntry = (entry: OutboxEntry): OutboxEntry => ({ ...entry, attempts: entry.attempts + 1 });

/** The row of a version the server holds, as a pull or "take theirs" writes it. */
export const rowFromServer = (version: ServerVersion): SeizureRow => ({
  id: version.record.id,
  record: { ...version.record, revision: version.revision },
  status: version.record.status,
  updatedAt: version.record.updatedAt,
  ...seizureKeys(version.record),
  syncState: 'synced',
  serverRevision: version.revision,
  ...(version.sharedBy !== undefined && { sharedBy: version.sharedBy }),
});

/**
 * A row once the server took a save of it at `revision`. The row may hold a newer local save
 * than the one acknowledged, or more may be queued: then it stays pending.
 */
export function acknowledgedRow(row: SeizureRow, entry: OutboxEntry, revision: number, moreQueued: boolean): SeizureRow {
  const sameVersion = row.record.updatedAt === entry.payload.updatedAt;
  const next: SeizureRow = {
    ...row,
    serverRevision: revision,
    syncState: moreQueued || !sameVersion ? 'pending' : 'synced',
    ...(sameVersion && { record: { ...row.record, revision } }),
  };
  // Reasons from an earlier refusal no longer apply once the server took a version.
  delete next.syncErrors;
  return next;
}

/** A row once the server answered one save of it; `moreQueued` says whether later saves of it still wait in the outbox. */
export function answeredRow(row: SeizureRow, outcome: PushOutcome, moreQueued: boolean): SeizureRow {
  switch (outcome.status) {
    case 'acknowledged':
      return acknowledgedRow(row, outcome.entry, outcome.revision, moreQueued);
    case 'rejected':
      // A later save of the same record may already fix it; then it simply waits its turn.
      return moreQueued ? { ...row, syncState: 'pending' } : { ...row, syncState: 'rejected', syncErrors: outcome.errors };
    case 'conflict':
      return { ...row, syncState: 'conflict', conflict: outcome.current };
  }
}

/**
 * The writes that record one push's answers, in the order given, from the rows and the queued
 * entries' keys (by record id) read in the same transaction: an acknowledged or refused entry
 * leaves the outbox; a conflict takes every queued save of its record with it, since each was
 * based on the stale revision (the officer's latest version stays in the row, the server's
 * beside it, until the officer chooses).
 */
export function settlePush(
  outcomes: readonly PushOutcome[],
  stored: ReadonlyMap<string, SeizureRow>,
  queuedKeys: ReadonlyMap<string, readonly number[]>,
): { removed: number[]; rows: SeizureRow[] } {
  const rows = new Map(stored);
  const queued = new Map([...queuedKeys].map(([id, keys]) => [id, new Set(keys)]));
  const removed = new Set<number>();
  const changed = new Set<string>();
  for (const outcome of outcomes) {
    const { entry } = outcome;
    const left = queued.get(entry.recordId) ?? new Set<number>();
    if (outcome.status === 'conflict') {
      left.forEach((seq) => removed.add(seq));
      left.clear();
    } else if (entry.seq !== undefined) {
      left.delete(entry.seq);
      removed.add(entry.seq);
    }
    const row = rows.get(entry.recordId);
    if (!row) continue;
    rows.set(row.id, answeredRow(row, outcome, left.size > 0));
    changed.add(row.id);
  }
  return { removed: [...removed], rows: [...changed].flatMap((id) => rows.get(id) ?? []) };
}

/** What a pulled change does to the device's row of its record. */
export type PulledDecision =
  /** The row holds a newer revision, or exactly this one already. */
  | { action: 'skip' }
  /** The server's version replaces the row. */
  | { action: 'apply'; row: SeizureRow }
  /** The officer's version stays. */
  | { action: 'keep' }
  /** The officer's version stays; the open conflict takes this newer server version as the side to compare with. */
  | { action: 'conflict'; row: SeizureRow };

export function decidePulled(row: SeizureRow | undefined, change: ServerVersion): PulledDecision {
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
      return { action: 'conflict', row: { ...row, conflict: { revision: change.revision, record: change.record } } };
    }
    return { action: 'keep' };
  }
  return { action: 'apply', row: rowFromServer(change) };
}

/**
 * The rows one pulled page writes, from the rows of its records read in the same transaction;
 * the changes are taken in order, so a later revision in the page decides on the row an earlier
 * one left. `applied` counts server versions taken, `kept` changes the officer's version held off.
 */
export function settlePulled(changes: readonly ServerVersion[], stored: ReadonlyMap<string, SeizureRow>): { rows: SeizureRow[]; applied: number; kept: number } {
  const rows = new Map(stored);
  const changed = new Set<string>();
  let applied = 0;
  let kept = 0;
  for (const change of changes) {
    const decision = decidePulled(rows.get(change.record.id), change);
    if (decision.action === 'skip') continue;
    if (decision.action === 'apply') applied++;
    else kept++;
    if (decision.action !== 'keep') {
      rows.set(decision.row.id, decision.row);
      changed.add(decision.row.id);
    }
  }
  return { rows: [...changed].flatMap((id) => rows.get(id) ?? []), applied, kept };
}

/** The ids a tombstone deletes: only copies another agency shared with ours, never a record of our own. */
export const sharedCopies = (rows: readonly (SeizureRow | undefined)[]): string[] => rows.flatMap((row) => (row?.sharedBy !== undefined ? [row.id] : []));

/**
 * "Keep mine" in a conflict: the officer's version goes out again, saved at `savedAt`, based on
 * the server's revision it was compared with (`theirs`), under a new mutation id.
 */
export function keptMine(row: SeizureRow, theirs: ServerVersion, savedAt: string, mutationId: string): { row: SeizureRow; entry: OutboxEntry } {
  const record: Seizure = { ...row.record, updatedAt: savedAt };
  return {
    row: { ...row, record, updatedAt: record.updatedAt, serverRevision: theirs.revision, syncState: 'pending', conflict: undefined },
    entry: newEntry(mutationId, record),
  };
}
