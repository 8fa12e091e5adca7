/**
 * Trace statuses on the device (docs/trace-status.md): what the screens record and read, and the
 * bookkeeping sync does with them, each one transaction. Recording writes the status and its
 * outbox entry together, so a status on disk is always on its way to the server; the server's
 * answers and pulled pages are settled by trace-rules.ts on what the transaction read.
 */
import type { TraceStatus } from '../domain/trace-status';
import type { TraceDB } from './db';
import { guarded } from './errors';
import { newId } from './ids';
import { withSpaceReserve } from './space-reserve';
import { keptMyTrace, recordedTrace, settleTracePull, settleTracePush, theirTrace, type PulledStatus, type TraceOutcome } from './trace-rules';
import type { TraceOutboxEntry, TraceStatusRow } from './trace-rows';

export interface OutgoingTrace {
  entry: TraceOutboxEntry;
  baseRevision: number | null;
}

export interface TraceStore {
  /** Records a status (already checked by the form against the domain's rules): row and outbox entry in one transaction. */
  record(status: TraceStatus): Promise<TraceStatusRow>;
  /** The statuses of one record's firearms (firearms never given one have no row). */
  forRecord(recordId: string): Promise<TraceStatusRow[]>;
  /** The statuses of many records' firearms, by record id (the list's summaries). */
  forRecords(recordIds: readonly string[]): Promise<Map<string, TraceStatusRow[]>>;
  /** The next changes to push, oldest first, at most one per firearm, each marked as tried once more. */
  nextBatch(limit: number): Promise<OutgoingTrace[]>;
  recordResults(outcomes: readonly TraceOutcome[]): Promise<void>;
  /** Applies one pulled page and moves the trace cursor in the same transaction. */
  applyPulled(statuses: readonly PulledStatus[], cursor: string): Promise<number>;
  cursor(): Promise<string | undefined>;
  keepMine(firearmId: string): Promise<void>;
  takeTheirs(firearmId: string): Promise<void>;
  pendingCount(): Promise<number>;
  /** Statuses not yet on the server and when the oldest unsent change was made, for the header's "to send". */
  pendingSummary(): Promise<{ count: number; oldest?: string }>;
}

const CURSOR_KEY = 'tracePullCursor';
const byFirearm = (rows: readonly (TraceStatusRow | undefined)[]) => new Map(rows.flatMap((row) => (row ? [[row.firearmId, row] as const] : [])));

/**
 * Drops the statuses (and unsent changes) of records gone from the device: a share ended. Called
 * inside the transaction that deletes the records (sync-store.ts applyPulled).
 */
export async function dropTracesOf(db: TraceDB, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await Promise.all(recordIds.flatMap((id) => [db.traceStatuses.where('recordId').equals(id).delete(), db.traceOutbox.where('recordId').equals(id).delete()]));
}

export function createTraceStore(db: TraceDB): TraceStore {
  const bookkeeping = <T>(write: () => Promise<T>) => guarded(() => withSpaceReserve(write));
  const queuedKeys = (firearmId: string) => db.traceOutbox.where('firearmId').equals(firearmId).primaryKeys();

  return {
    record: (status) =>
      guarded(() =>
        db.transaction('rw', db.traceStatuses, db.traceOutbox, async () => {
          const [existing, queued] = await Promise.all([db.traceStatuses.get(status.firearmId), db.traceOutbox.where('firearmId').equals(status.firearmId).toArray()]);
          const { row, entry } = recordedTrace(existing, queued, status, newId());
          await Promise.all([db.traceStatuses.put(row), entry.seq === undefined ? db.traceOutbox.add(entry) : db.traceOutbox.put(entry)]);
          return row;
        }),
      ),

    forRecord: (recordId) => guarded(() => db.traceStatuses.where('recordId').equals(recordId).toArray()),
    forRecords: (recordIds) =>
      guarded(async () => {
        const lists = await Promise.all(recordIds.map((id) => db.traceStatuses.where('recordId').equals(id).toArray()));
        return new Map(recordIds.map((id, i) => [id, lists[i] ?? []]));
      }),

    nextBatch: (limit) =>
      guarded(() =>
        db.transaction('rw', db.traceStatuses, db.traceOutbox, async () => {
          const seen = new Set<string>();
          const batch: TraceOutboxEntry[] = [];
          // The whole queue at once: it holds what people recorded by hand since the last sync, a few rows.
          for (const entry of await db.traceOutbox.orderBy('seq').toArray()) {
            if (batch.length >= limit) break;
            if (seen.has(entry.firearmId)) continue;
            seen.add(entry.firearmId);
            batch.push({ ...entry, attempts: entry.attempts + 1 });
          }
          // Marked as tried in the same transaction that read them: from now on no change folds
          // into them, so each mutation id stands for the one payload sent.
          await db.traceOutbox.bulkPut(batch);
          const rows = await db.traceStatuses.bulkGet(batch.map((entry) => entry.firearmId));
          return batch.map((entry, i) => ({ entry, baseRevision: rows[i]?.revision ?? null }));
        }),
      ),

    recordResults: (outcomes) =>
      bookkeeping(() =>
        db.transaction('rw', db.traceStatuses, db.traceOutbox, async () => {
          if (outcomes.length === 0) return;
          const firearmIds = [...new Set(outcomes.map((o) => o.entry.firearmId))];
          const [stored, keys] = await Promise.all([db.traceStatuses.bulkGet(firearmIds), Promise.all(firearmIds.map(queuedKeys))]);
          const queued = new Map(firearmIds.map((id, i) => [id, (keys[i] ?? []).filter((seq): seq is number => seq !== undefined)]));
          const settled = settleTracePush(outcomes, byFirearm(stored), queued);
          await Promise.all([db.traceOutbox.bulkDelete(settled.removed), db.traceStatuses.bulkPut(settled.rows)]);
        }),
      ),

    applyPulled: (statuses, cursor) =>
      bookkeeping(() =>
        db.transaction('rw', db.traceStatuses, db.meta, async () => {
          const stored = await db.traceStatuses.bulkGet([...new Set(statuses.map((s) => s.status.firearmId))]);
          const { rows, applied } = settleTracePull(statuses, byFirearm(stored));
          await Promise.all([db.traceStatuses.bulkPut(rows), db.meta.put({ key: CURSOR_KEY, value: cursor })]);
          return applied;
        }),
      ),

    cursor: () => guarded(async () => (await db.meta.get(CURSOR_KEY))?.value as string | undefined),

    keepMine: (firearmId) =>
      bookkeeping(() =>
        db.transaction('rw', db.traceStatuses, db.traceOutbox, async () => {
          const row = await db.traceStatuses.get(firearmId);
          if (!row?.conflict) return;
          const kept = keptMyTrace(row, row.conflict, new Date().toISOString(), newId());
          await Promise.all([db.traceStatuses.put(kept.row), db.traceOutbox.add(kept.entry)]);
        }),
      ),

    takeTheirs: (firearmId) =>
      bookkeeping(() =>
        db.transaction('rw', db.traceStatuses, db.traceOutbox, async () => {
          const row = await db.traceStatuses.get(firearmId);
          if (!row?.conflict) return;
          await Promise.all([db.traceOutbox.where('firearmId').equals(firearmId).delete(), db.traceStatuses.put(theirTrace(row.conflict))]);
        }),
      ),

    pendingCount: () => guarded(() => db.traceStatuses.where('state').equals('pending').count()),
    pendingSummary: () =>
      guarded(async () => {
        const [count, first] = await Promise.all([db.traceStatuses.where('state').equals('pending').count(), db.traceOutbox.orderBy('seq').first()]);
        return first ? { count, oldest: first.enqueuedAt } : { count };
      }),
  };
}
