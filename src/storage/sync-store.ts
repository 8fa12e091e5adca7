/**
 * The storage operations sync needs, each one transaction, so a crash between a server answer
 * and its local effect can only ever repeat work (the server dedupes by mutation id), never
 * lose or half-apply it. The sync engine decides; this module only records.
 */
import { seizureKeys, type Issue, type Seizure } from '../domain';
import type { OutboxEntry, SeizureRow, ServerVersion, TraceDB } from './db';
import { guarded } from './errors';
import { newId } from './ids';
import { ensureSpaceReserve, withSpaceReserve } from './space-reserve';

export interface Session {
  /** The short-lived access token and when it ends. */
  token: string;
  expiresAt: string;
  /** Renews the access token without the password (rotated on every use); absent on sessions saved before refresh tokens. */
  refreshToken?: string;
  refreshExpiresAt?: string;
  user: { id: string; username: string; role: string; agency: { code: string; name: string } };
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
  /** The push failed as a whole (network, server): the records wait again as pending. */
  markUnsent(entries: readonly OutboxEntry[]): Promise<void>;
  acknowledge(entry: OutboxEntry, revision: number): Promise<void>;
  reject(entry: OutboxEntry, errors: Issue[]): Promise<void>;
  conflict(entry: OutboxEntry, current: ServerVersion): Promise<void>;
  /** Applies one pulled page and moves the cursor in the same transaction. */
  applyPulled(changes: readonly ServerVersion[], cursor: string): Promise<{ applied: number; kept: number }>;
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
  /** Puts back the space kept for sync's bookkeeping on a full device (space-reserve.ts), when there is room. */
  ensureReserve(): Promise<boolean>;
}

// Records whose local version must not be replaced by a pulled one: unsent edits, a refusal the
// officer has not dealt with, an open conflict.
const LOCAL_WINS: ReadonlySet<SeizureRow['syncState']> = new Set(['pending', 'sending', 'rejected', 'conflict']);

export function createSyncStore(db: TraceDB): SyncStore {
  const remaining = (recordId: string, exceptSeq?: number) =>
    db.outbox.where('recordId').equals(recordId).filter((e) => e.seq !== exceptSeq).count();

  const rowFromServer = (version: ServerVersion): SeizureRow => ({
    id: version.record.id,
    record: { ...version.record, revision: version.revision },
    status: version.record.status,
    updatedAt: version.record.updatedAt,
    ...seizureKeys(version.record),
    syncState: 'synced',
    serverRevision: version.revision,
  });

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
        await db.outbox.orderBy('seq').until(() => batch.length >= limit).each((entry) => {
          if (seen.has(entry.recordId)) return;
          seen.add(entry.recordId);
          batch.push({ entry, baseRevision: null });
        });
        const rows = await db.seizures.bulkGet(batch.map((b) => b.entry.recordId));
        return batch.map((b, i) => ({ ...b, baseRevision: rows[i]?.serverRevision ?? null }));
      }),

    markSending: (entries, options) =>
      (options?.spendReserve ? bookkeeping : guarded)(() =>
        db.transaction('rw', db.outbox, db.seizures, async () => {
          const sending: OutboxEntry[] = [];
          for (const entry of entries) {
            if (entry.seq === undefined) continue;
            // Read again: once attempts is above 0 no save folds into it any more, so the
            // payload read here is the one its mutation id will stand for on the server.
            const stored = await db.outbox.get(entry.seq);
            if (!stored) continue;
            const marked = { ...stored, attempts: stored.attempts + 1 };
            await db.outbox.put(marked);
            await db.seizures.update(entry.recordId, { syncState: 'sending' });
            sending.push(marked);
          }
          return sending;
        }),
      ),

    markUnsent: (entries) =>
      guarded(() =>
        db.transaction('rw', db.seizures, async () => {
          for (const entry of entries) {
            await db.seizures.where('id').equals(entry.recordId).filter((r) => r.syncState === 'sending').modify({ syncState: 'pending' });
          }
        }),
      ),

    acknowledge: (entry, revision) =>
      bookkeeping(() =>
        db.transaction('rw', db.outbox, db.seizures, async () => {
          if (entry.seq !== undefined) await db.outbox.delete(entry.seq);
          const row = await db.seizures.get(entry.recordId);
          if (!row) return;
          const more = await remaining(entry.recordId);
          // The row may hold a newer local save than the acknowledged one: then it stays pending.
          const sameVersion = row.record.updatedAt === entry.payload.updatedAt;
          await db.seizures.update(entry.recordId, {
            serverRevision: revision,
            syncState: more > 0 || !sameVersion ? 'pending' : 'synced',
            syncErrors: undefined,
            ...(sameVersion && { record: { ...row.record, revision } }),
          });
        }),
      ),

    reject: (entry, errors) =>
      bookkeeping(() =>
        db.transaction('rw', db.outbox, db.seizures, async () => {
          if (entry.seq !== undefined) await db.outbox.delete(entry.seq);
          // A later save of the same record may already fix it; then it simply waits its turn.
          const more = await remaining(entry.recordId);
          await db.seizures.update(entry.recordId, more > 0 ? { syncState: 'pending' } : { syncState: 'rejected', syncErrors: errors });
        }),
      ),

    conflict: (entry, current) =>
      bookkeeping(() =>
        db.transaction('rw', db.outbox, db.seizures, async () => {
          // Every queued save of this record was based on the stale revision: the officer's
          // latest version stays in the row, the server's beside it, until the officer chooses.
          await db.outbox.where('recordId').equals(entry.recordId).delete();
          await db.seizures.update(entry.recordId, { syncState: 'conflict', conflict: current });
        }),
      ),

    applyPulled: (changes, cursor) =>
      bookkeeping(() =>
        db.transaction('rw', db.seizures, db.meta, async () => {
          let applied = 0;
          let kept = 0;
          for (const change of changes) {
            const row = await db.seizures.get(change.record.id);
            // The same revision is still taken for a synced row: the server sets some fields
            // itself (agency, author), and its copy is the one of record.
            if (row && (row.serverRevision ?? 0) > change.revision) continue;
            if (row?.syncState === 'synced' && row.serverRevision === change.revision && JSON.stringify(row.record) === JSON.stringify({ ...change.record, revision: change.revision })) continue;
            if (row && LOCAL_WINS.has(row.syncState)) {
              // The officer's version stays. An open conflict is updated to the newer server
              // version, though: the cursor moves past this change, so it is the officer's one
              // chance to see it (taking an older "theirs" would leave the device behind for good).
              if (row.syncState === 'conflict' && row.conflict && change.revision > row.conflict.revision) {
                await db.seizures.update(row.id, { conflict: { revision: change.revision, record: change.record } });
              }
              kept++;
              continue;
            }
            await db.seizures.put(rowFromServer(change));
            applied++;
          }
          await meta.put('pullCursor', cursor);
          return { applied, kept };
        }),
      ),

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
        db.transaction('rw', db.seizures, db.outbox, async () => {
          const row = await db.seizures.get(recordId);
          if (!row?.conflict) return;
          const record: Seizure = { ...row.record, updatedAt: new Date().toISOString() };
          await db.seizures.put({ ...row, record, updatedAt: record.updatedAt, serverRevision: row.conflict.revision, syncState: 'pending', conflict: undefined });
          await db.outbox.add({ mutationId: newId(), recordId, payload: record, enqueuedAt: record.updatedAt, attempts: 0 });
        }),
      ),

    takeTheirs: (recordId) =>
      bookkeeping(() =>
        db.transaction('rw', db.seizures, db.outbox, async () => {
          const row = await db.seizures.get(recordId);
          if (!row?.conflict) return;
          await db.outbox.where('recordId').equals(recordId).delete();
          await db.seizures.put(rowFromServer(row.conflict));
        }),
      ),

    recordSuccess: (at) => bookkeeping(async () => void (await meta.put('lastSyncAt', at))),
    lastSuccess: () => guarded(() => meta.get<string>('lastSyncAt')),
    ensureReserve: () => ensureSpaceReserve(),

    pendingSummary: () =>
      guarded(async () => {
        const first = await db.outbox.orderBy('seq').first();
        const count = await db.seizures.where('syncState').anyOf('pending', 'sending').count();
        return first ? { count, oldest: first.enqueuedAt } : { count };
      }),
  };
}
