/**
 * Prototypes of the storage changes docs/performance.md recommends, NOT the app's code: the
 * same writes and the same rules as src/storage (seizure-repository.ts save, sync-store.ts
 * applyPulled and acknowledge), with the IndexedDB requests of one transaction issued together
 * instead of one after another. Measured beside the real code and raw IndexedDB so the report
 * can say what each change would gain. Nothing in the app imports this file.
 */
import { checkSeizure } from '../../src/domain/checks';
import { seizureKeys } from '../../src/domain/keys';
import { SeizureSchema, type Seizure } from '../../src/domain/schema';
import { canBeReady } from '../../src/domain/validate';
import type { OutboxEntry, SeizureRow, ServerVersion, TraceDB } from '../../src/storage/db';
import { newId } from '../../src/storage/ids';

/** save(): the same validation and rows; the reads are issued together, then the writes together. */
export async function saveBatched(db: TraceDB, input: Seizure, now = new Date()): Promise<SeizureRow> {
  const parsed = SeizureSchema.safeParse(input);
  if (!parsed.success) throw parsed.error;
  if (parsed.data.status === 'ready' && !canBeReady(checkSeizure(parsed.data, { now }))) throw new Error('not ready');
  return db.transaction('rw', db.seizures, db.outbox, db.drafts, async () => {
    const [existing, queued] = await Promise.all([db.seizures.get(parsed.data.id), db.outbox.where('recordId').equals(parsed.data.id).toArray()]);
    const record: Seizure = { ...parsed.data, createdAt: existing?.record.createdAt ?? parsed.data.createdAt, updatedAt: now.toISOString() };
    const row: SeizureRow = {
      id: record.id,
      record,
      status: record.status,
      updatedAt: record.updatedAt,
      ...seizureKeys(record),
      syncState: 'pending',
      ...(existing?.serverRevision !== undefined && { serverRevision: existing.serverRevision }),
    };
    const unsent = queued.find((e) => e.attempts === 0);
    await Promise.all([
      db.seizures.put(row),
      unsent?.seq !== undefined
        ? db.outbox.update(unsent.seq, { payload: record, enqueuedAt: record.updatedAt })
        : db.outbox.add({ mutationId: newId(), recordId: record.id, payload: record, enqueuedAt: record.updatedAt, attempts: 0 }),
      db.drafts.delete(record.id),
    ]);
    return row;
  });
}

const LOCAL_WINS = new Set(['pending', 'sending', 'rejected', 'conflict']);

/** applyPulled(): one bulkGet for the page, one bulkPut of the rows to replace, same rules. */
export async function applyPulledBatched(db: TraceDB, changes: readonly ServerVersion[], cursor: string) {
  return db.transaction('rw', db.seizures, db.meta, async () => {
    const rows = await db.seizures.bulkGet(changes.map((c) => c.record.id));
    const put: SeizureRow[] = [];
    let kept = 0;
    changes.forEach((change, i) => {
      const row = rows[i];
      if (row && (row.serverRevision ?? 0) > change.revision) return;
      if (row?.syncState === 'synced' && row.serverRevision === change.revision && JSON.stringify(row.record) === JSON.stringify({ ...change.record, revision: change.revision })) return;
      if (row && LOCAL_WINS.has(row.syncState)) {
        kept++;
        return;
      }
      put.push({
        id: change.record.id,
        record: { ...change.record, revision: change.revision },
        status: change.record.status,
        updatedAt: change.record.updatedAt,
        ...seizureKeys(change.record),
        syncState: 'synced',
        serverRevision: change.revision,
      });
    });
    await Promise.all([db.seizures.bulkPut(put), db.meta.put({ key: 'pullCursor', value: cursor })]);
    return { applied: put.length, kept };
  });
}

/** markSending() for a whole batch with bulk reads and writes (instead of two updates per entry in turn). */
export async function markSendingMany(db: TraceDB, entries: readonly OutboxEntry[]) {
  return db.transaction('rw', db.outbox, db.seizures, async () => {
    const rows = await db.seizures.bulkGet(entries.map((e) => e.recordId));
    await Promise.all([
      db.outbox.bulkPut(entries.map((e) => ({ ...e, attempts: e.attempts + 1 }))),
      db.seizures.bulkPut(rows.flatMap((row) => (row ? [{ ...row, syncState: 'sending' as const }] : []))),
    ]);
  });
}

/** acknowledge() for a whole push answer in one transaction (instead of one per entry). */
export async function acknowledgeMany(db: TraceDB, acks: readonly { entry: OutboxEntry; revision: number }[]) {
  return db.transaction('rw', db.outbox, db.seizures, async () => {
    const ids = acks.map((a) => a.entry.recordId);
    await db.outbox.bulkDelete(acks.flatMap((a) => (a.entry.seq === undefined ? [] : [a.entry.seq])));
    const [rows, left] = await Promise.all([db.seizures.bulkGet(ids), db.outbox.where('recordId').anyOf(ids).toArray()]);
    const stillQueued = new Set(left.map((e) => e.recordId));
    const updated: SeizureRow[] = [];
    acks.forEach(({ entry, revision }, i) => {
      const row = rows[i];
      if (!row) return;
      const sameVersion = row.record.updatedAt === entry.payload.updatedAt;
      updated.push({
        ...row,
        serverRevision: revision,
        syncState: stillQueued.has(entry.recordId) || !sameVersion ? 'pending' : 'synced',
        syncErrors: undefined,
        ...(sameVersion && { record: { ...row.record, revision } }),
      });
    });
    await db.seizures.bulkPut(updated);
  });
}
