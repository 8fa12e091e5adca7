/**
 * The storage operations sync needs, each one transaction, so a crash between a server answer
 * and its local effect can only ever repeat work (the server dedupes by mutation id), never
 * lose or half-apply it. The sync engine decides when and what to send; what an answer does to
 * the rows and the outbox is decided by sync-rules.ts on what the transaction read: this module
 * reads, asks the rules, and writes.
 */
import type { ClockSkew } from '../domain/clock-skew';
import { keepClockSkew, readClockSkew } from './clock-skew-store';
import type { OutboxEntry, ServerVersion, TraceDB } from './db';
import { guarded } from './errors';
import { newId } from './ids';
import { dropPhotosOf } from './photo-store';
import { ensureSpaceReserve, withSpaceReserve } from './space-reserve';
import { readViews } from './sync-state';
import { dropTracesOf } from './trace-store';
import { fromServer, keptMine, sendingEntry, settlePulled, settlePush, sharedCopies, UNSENT_STATES, type PushOutcome } from './sync-rules';

export type { PushOutcome } from './sync-rules';

export interface Session {
  /** The short-lived access token and when it ends. */
  token: string;
  expiresAt: string;
  /** Renews the access token without the password (rotated on every use); absent on sessions saved before refresh tokens. */
  refreshToken?: string;
  refreshExpiresAt?: string;
  user: { id: string; username: string; role: string; agency: { code: string; name: string } };
  /** The agency's idle limit before the app locks itself (absent on sessions saved before it was sent). */
  lockAfterMinutes?: number;
  /** Whether the agency lets officers record trace status (absent on sessions saved before it was sent: supervisors only). */
  officersRecordTrace?: boolean;
  /** Set when the server answered 401: the officer must sign in again; everything is kept. */
  expired?: boolean;
}

export interface OutgoingMutation {
  entry: OutboxEntry;
  baseRevision: number | null;
}

export interface SyncStore {
  /** The next entries to push, oldest first, at most one per record (a later save needs the revision the earlier one produces). */
  nextBatch(limit: number): Promise<OutgoingMutation[]>;
  /**
   * Marks the entries as being sent and returns them as they now stand, which is what must be
   * sent: a save made since the batch was read may have been folded into an entry not yet tried.
   * Entries no longer in the outbox are left out.
   */
  markSending(entries: readonly OutboxEntry[], options?: { spendReserve?: boolean }): Promise<OutboxEntry[]>;
  /**
   * Records the server's answers to one push in one transaction, in the order given: an
   * acknowledged entry leaves the outbox, a refused one sets its record aside, a conflict drops
   * every queued save of its record and keeps the server's version beside the officer's.
   */
  recordResults(outcomes: readonly PushOutcome[]): Promise<void>;
  /**
   * Applies one pulled page and moves the cursor in the same transaction. `removed` are the ids
   * of records whose share with our agency ended: their copies are deleted (only copies another
   * agency shared with us, never a record of our own).
   */
  applyPulled(changes: readonly ServerVersion[], cursor: string, removed?: readonly string[]): Promise<{ applied: number; kept: number }>;
  cursor(): Promise<string | undefined>;
  session(): Promise<Session | undefined>;
  saveSession(session: Session): Promise<void>;
  expireSession(): Promise<void>;
  clearSession(): Promise<void>;
  keepMine(recordId: string): Promise<void>;
  takeTheirs(recordId: string): Promise<void>;
  pendingSummary(): Promise<{ count: number; oldest?: string }>;
  /** When a run last completed, kept on the device so the header can say it after a restart. */
  recordSuccess(at: string): Promise<void>;
  lastSuccess(): Promise<string | undefined>;
  /** The device's clock against the server's at the last sync that could tell (clock-skew-store.ts). */
  recordClockSkew(skew: ClockSkew): Promise<void>;
  clockSkew(): Promise<ClockSkew | undefined>;
  /** Puts back the space kept for sync's bookkeeping on a full device (space-reserve.ts), when there is room. */
  ensureReserve(): Promise<boolean>;
}

const byId = <T extends { id: string }>(rows: readonly (T | undefined)[]) => new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));

export function createSyncStore(db: TraceDB): SyncStore {
  // Writes that record the server's answers may use the space reserve: on a full device they are
  // what lets the outbox drain. Marking a batch as sent may only once the server is known to be
  // reachable (the engine asks), or an offline attempt would spend it on nothing.
  const bookkeeping = <T>(write: () => Promise<T>) => guarded(() => withSpaceReserve(write));

  const meta = {
    get: async <T>(key: string) => (await db.meta.get(key))?.value as T | undefined,
    put: (key: string, value: unknown) => db.meta.put({ key, value }),
  };

  return {
    nextBatch: (limit) =>
      guarded(async () => {
        const batch: OutgoingMutation[] = [];
        const seen = new Set<string>();
        // Read a page at a time (one request each) rather than with a cursor (one per entry).
        let after: number | undefined;
        for (;;) {
          const page = await (after === undefined ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(after)).limit(limit).toArray();
          for (const entry of page) {
            if (batch.length >= limit) break;
            if (seen.has(entry.recordId)) continue;
            seen.add(entry.recordId);
            batch.push({ entry, baseRevision: null });
          }
          after = page.at(-1)?.seq;
          if (page.length < limit || batch.length >= limit || after === undefined) break;
        }
        // The revision each is based on is in the records' small sync rows: no seizure row opened.
        const states = await db.syncStates.bulkGet(batch.map((b) => b.entry.recordId));
        return batch.map((b, i) => ({ ...b, baseRevision: states[i]?.revision ?? null }));
      }),

    // Each of these is one transaction whose requests are issued together (bulk reads, then bulk
    // writes) rather than one after another per entry: the same rules, decided in memory on rows
    // read inside the transaction, so nothing can change between the read and the write.
    // Only the outbox entries change: the records stay "pending" until the server answers. A
    // seizure row is sealed and carries dozens of hashed index keys, so rewriting each one just to
    // say "sending" cost more than the rest of a push's bookkeeping; a push that fails leaves
    // nothing to put back.
    markSending: (entries, options) =>
      (options?.spendReserve ? bookkeeping : guarded)(async () => {
        // Sealed ahead as they will most likely be written: as read, one more attempt.
        await db.preseal('outbox', entries.map(sendingEntry));
        return db.transaction('rw', db.outbox, async () => {
          // Read again: once attempts is above 0 no save folds into it any more, so the
          // payload read here is the one its mutation id will stand for on the server.
          const stored = await db.outbox.bulkGet(entries.flatMap((e) => (e.seq !== undefined ? [e.seq] : [])));
          const sending = stored.flatMap((entry) => (entry ? [sendingEntry(entry)] : []));
          if (sending.length > 0) await db.outbox.bulkPut(sending);
          return sending;
        });
      }),

    // Only sync rows and outbox entries: an answer never opens nor re-seals a seizure row (the
    // version an acknowledgement speaks of is in the sync row, sync-rules.ts acknowledgedState).
    recordResults: (outcomes) =>
      bookkeeping(() =>
        db.transaction('rw', db.outbox, db.syncStates, async () => {
          if (outcomes.length === 0) return;
          const recordIds = [...new Set(outcomes.map((o) => o.entry.recordId))];
          // The queued entries' keys, one request per record issued together: anyOf would walk a
          // cursor (a round trip per entry), and keys need no row opened.
          const [stored, queuedKeys] = await Promise.all([
            db.syncStates.bulkGet(recordIds),
            Promise.all(recordIds.map((id) => db.outbox.where('recordId').equals(id).primaryKeys())),
          ]);
          const queued = new Map(recordIds.map((id, i) => [id, (queuedKeys[i] ?? []).filter((seq): seq is number => seq !== undefined)]));
          const settled = settlePush(outcomes, byId(stored), queued);
          await Promise.all([db.outbox.bulkDelete(settled.removed), db.syncStates.bulkPut(settled.states)]);
        }),
      ),

    applyPulled: (changes, cursor, removed = []) =>
      bookkeeping(async () => {
        // Most of a page is new records or newer revisions of synced ones: their rows and sync
        // states are sealed ahead, off the page's thread; the transaction decides on what it
        // reads, as below.
        const writes = changes.map(fromServer);
        await Promise.all([db.preseal('seizures', writes.map((write) => write.row)), db.preseal('syncStates', writes.map((write) => write.state))]);
        return db.transaction('rw', [db.seizures, db.syncStates, db.meta, db.traceStatuses, db.traceOutbox, db.photos, db.photoFiles, db.photoUploads], async () => {
          const ids = [...new Set(changes.map((c) => c.record.id))];
          const [stored, removedRows] = await Promise.all([readViews(db, ids), db.seizures.bulkGet([...removed])]);
          const { rows, states, applied, kept } = settlePulled(changes, byId(stored));
          const gone = sharedCopies(removedRows);
          // A record gone takes its firearms' trace statuses and the photos fetched of it with it.
          await Promise.all([db.seizures.bulkDelete(gone), db.syncStates.bulkDelete(gone), dropTracesOf(db, gone), dropPhotosOf(db, gone)]);
          await Promise.all([db.seizures.bulkPut(rows), db.syncStates.bulkPut(states), meta.put('pullCursor', cursor)]);
          return { applied, kept };
        });
      }),

    cursor: () => guarded(() => meta.get<string>('pullCursor')),
    session: () => guarded(() => meta.get<Session>('session')),
    saveSession: (session) => guarded(async () => void (await meta.put('session', session))),
    expireSession: () =>
      guarded(() =>
        db.transaction('rw', db.meta, async () => {
          const session = await meta.get<Session>('session');
          if (session) await meta.put('session', { ...session, expired: true });
        }),
      ),
    clearSession: () => guarded(() => db.meta.delete('session')),

    keepMine: (recordId) =>
      bookkeeping(() =>
        db.transaction('rw', db.seizures, db.syncStates, db.outbox, async () => {
          const [view] = await readViews(db, [recordId]);
          if (!view?.conflict) return;
          const kept = keptMine(view, view.conflict, new Date().toISOString(), newId());
          await Promise.all([db.seizures.put(kept.row), db.syncStates.put(kept.state), db.outbox.add(kept.entry)]);
        }),
      ),

    takeTheirs: (recordId) =>
      bookkeeping(() =>
        db.transaction('rw', db.seizures, db.syncStates, db.outbox, async () => {
          const [view] = await readViews(db, [recordId]);
          if (!view?.conflict) return;
          const theirs = fromServer(view.conflict);
          await Promise.all([db.outbox.where('recordId').equals(recordId).delete(), db.seizures.put(theirs.row), db.syncStates.put(theirs.state)]);
        }),
      ),

    recordSuccess: (at) => bookkeeping(async () => void (await meta.put('lastSyncAt', at))),
    lastSuccess: () => guarded(() => meta.get<string>('lastSyncAt')),
    recordClockSkew: (skew) => guarded(async () => void (await keepClockSkew(db, skew))),
    clockSkew: () => guarded(() => readClockSkew(db)),
    ensureReserve: () => ensureSpaceReserve(),

    pendingSummary: () =>
      guarded(async () => {
        const first = await db.outbox.orderBy('seq').first();
        const count = await db.syncStates.where('state').anyOf(UNSENT_STATES).count();
        return first ? { count, oldest: first.enqueuedAt } : { count };
      }),
  };
}
