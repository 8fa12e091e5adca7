/**
 * Start-up repair. A save writes record and outbox entry in one transaction, so they cannot
 * disagree, unless an older build, a browser bug or a manual clean-up left them so. Other sync
 * engines have wedged their sync forever on exactly that (PowerSync: a crash between the two
 * writes left a marker that blocked every later upload), so on every start: a pending record
 * without an outbox entry is queued again, and an outbox entry whose record vanished brings the
 * record back from the copy it carries; a row left "sending" by a crash mid-push waits again
 * (its entry is resent; the server recognises the mutation id). Nothing is ever deleted here.
 */
import type { TraceDB } from './db';
import { guarded } from './errors';
import { newId } from './ids';
import { saved, UNSENT_STATES } from './sync-rules';

export interface RepairReport {
  requeued: number;
  restored: number;
  /** Rows left "sending" by a push the app did not live to finish: they wait again. */
  unstuck: number;
}

export function repairOutbox(db: TraceDB): Promise<RepairReport> {
  return guarded(() =>
    db.transaction('rw', db.seizures, db.syncStates, db.outbox, async () => {
      const report: RepairReport = { requeued: 0, restored: 0, unstuck: 0 };
      report.unstuck = await db.syncStates.where('state').equals('sending').modify({ state: 'pending' });
      const entries = await db.outbox.orderBy('seq').toArray();
      const queued = new Set(entries.map((e) => e.recordId));
      const pendingIds = await db.syncStates.where('state').anyOf(UNSENT_STATES).primaryKeys();
      const unqueued = await db.seizures.bulkGet(pendingIds.filter((id) => !queued.has(id)));
      for (const row of unqueued) {
        if (!row) continue;
        await db.outbox.add({ mutationId: newId(), recordId: row.id, payload: row.record, enqueuedAt: row.updatedAt, attempts: 0 });
        report.requeued++;
      }
      // Only the queued records are looked up, never every key of the table: the app awaits
      // this before its first render, and that must not grow with the number of records kept.
      const ids = [...queued];
      const rows = await db.seizures.bulkGet(ids);
      const known = new Set(ids.filter((_, i) => rows[i] !== undefined));
      for (const entry of entries) {
        if (known.has(entry.recordId)) continue;
        // Pending with no revision: the server answers with a conflict if it holds the record.
        const restored = saved(entry.payload, undefined);
        await Promise.all([db.seizures.put(restored.row), db.syncStates.put(restored.state)]);
        known.add(entry.recordId);
        report.restored++;
      }
      return report;
    }),
  );
}
