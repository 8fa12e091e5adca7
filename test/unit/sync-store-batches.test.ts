import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createSeizureRepository, createSyncStore } from '../../src/storage';
import { draftSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

// The sync store records a whole push answer, and applies a whole pulled page, in one
// transaction with bulk requests; these check that the per-entry rules still hold inside one batch.

const freshDb = freshDatabases('batches').unlocked;

const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 11, minute));

describe('recording a push answer as one batch', () => {
  it('acknowledges, refuses and records a conflict for different records in one call, each by its own rule', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const store = createSyncStore(db);
    const [synced, edited, refused, conflicting] = [draftSeizure({}, 'S1'), draftSeizure({}, 'S2'), draftSeizure({}, 'S3'), draftSeizure({}, 'S4')];
    for (const [i, record] of [synced, edited, refused, conflicting].entries()) await repo.save(record, at(i));

    const sending = await store.markSending((await store.nextBatch(10)).map((m) => m.entry));
    expect(sending).toHaveLength(4);
    expect(sending.every((e) => e.attempts === 1)).toBe(true);
    // The records stay pending while the push is out: only the outbox entries are marked.
    expect((await repo.search('')).every((row) => row.syncState === 'pending')).toBe(true);

    // Saved again while the push was out: a new entry, since the sent one may be on the server.
    const editedRow = await db.seizures.get(edited.id);
    await repo.save(editedRow!.record, at(10));
    // A second queued save of the conflicting record: based on the same stale revision, dropped too.
    const conflictingRow = await db.seizures.get(conflicting.id);
    await repo.save(conflictingRow!.record, at(11));

    const entry = (id: string) => sending.find((e) => e.recordId === id)!;
    const theirs = { ...conflicting, notes: 'changed on the server' };
    await store.recordResults([
      { entry: entry(synced.id), status: 'acknowledged', revision: 1 },
      { entry: entry(edited.id), status: 'acknowledged', revision: 1 },
      { entry: entry(refused.id), status: 'rejected', errors: [{ path: 'firearms.0.serialNumber', code: 'serial.noDigit', severity: 'error' }] },
      { entry: entry(conflicting.id), status: 'conflict', current: { revision: 3, record: theirs } },
    ]);

    const rows = new Map((await repo.search('')).map((row) => [row.id, row]));
    expect(rows.get(synced.id)).toMatchObject({ syncState: 'synced', serverRevision: 1, record: { revision: 1 } });
    expect(rows.get(synced.id)).not.toHaveProperty('syncErrors');
    // The newer local save is not what the server acknowledged: it keeps waiting, on revision 1.
    expect(rows.get(edited.id)).toMatchObject({ syncState: 'pending', serverRevision: 1 });
    expect(rows.get(refused.id)).toMatchObject({ syncState: 'rejected', syncErrors: [{ code: 'serial.noDigit' }] });
    expect(rows.get(conflicting.id)).toMatchObject({ syncState: 'conflict', conflict: { revision: 3, record: { notes: 'changed on the server' } } });

    const left = await db.outbox.toArray();
    expect(left.map((e) => e.recordId)).toEqual([edited.id]);
    expect(left[0]).toMatchObject({ attempts: 0, payload: { updatedAt: at(10).toISOString() } });
  });

  it('leaves a refused record waiting when a later save of it is queued, and clears old reasons on acknowledgement', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const store = createSyncStore(db);
    const record = draftSeizure({}, 'R1');
    await repo.save(record, at(0));
    const [first] = await store.markSending((await store.nextBatch(10)).map((m) => m.entry));
    await repo.save((await db.seizures.get(record.id))!.record, at(1));
    await store.recordResults([{ entry: first!, status: 'rejected', errors: [{ path: '', code: 'sync.forbidden', severity: 'error' }] }]);
    expect(await repo.get(record.id)).toMatchObject({ syncState: 'pending' });

    await db.syncStates.update(record.id, { errors: [{ path: '', code: 'sync.forbidden', severity: 'error' }] });
    const [second] = await store.markSending((await store.nextBatch(10)).map((m) => m.entry));
    expect(second?.payload.updatedAt).toBe(at(1).toISOString());
    await store.recordResults([{ entry: second!, status: 'acknowledged', revision: 1 }]);
    const row = await repo.get(record.id);
    expect(row).toMatchObject({ syncState: 'synced', serverRevision: 1 });
    expect(row?.syncErrors).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('marks only entries still in the outbox, with the payload stored now, and leaves the records pending', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const store = createSyncStore(db);
    const [a, b] = [draftSeizure({}, 'M1'), draftSeizure({}, 'M2')];
    await repo.save(a, at(0));
    await repo.save(b, at(1));
    const batch = (await store.nextBatch(10)).map((m) => m.entry);
    // A save folded into a's entry after the batch was read, and b's entry gone meanwhile.
    await repo.save((await db.seizures.get(a.id))!.record, at(5));
    await db.outbox.where('recordId').equals(b.id).delete();

    const sending = await store.markSending(batch);
    expect(sending.map((e) => [e.recordId, e.payload.updatedAt, e.attempts])).toEqual([[a.id, at(5).toISOString(), 1]]);
    expect((await repo.get(a.id))?.syncState).toBe('pending');
    expect((await repo.get(b.id))?.syncState).toBe('pending');
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('a push’s bookkeeping and the server’s answers', () => {
  it('never read nor write a sealed seizure row: only outbox entries and the small sync rows', async () => {
    const db = freshDb();
    // Every request that reaches the tables, by table, below Dexie and above the sealing.
    const touched: string[] = [];
    let watching = false;
    db.use({
      stack: 'dbcore',
      name: 'tables-touched',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          const seen = <A extends unknown[], R>(call: (...args: A) => R) => (...args: A): R => {
            if (watching) touched.push(name);
            return call(...args);
          };
          return { ...table, get: seen(table.get), getMany: seen(table.getMany), query: seen(table.query), openCursor: seen(table.openCursor), count: seen(table.count), mutate: seen(table.mutate) };
        },
      }),
    });
    const repo = createSeizureRepository(db);
    const store = createSyncStore(db);
    const [acked, refused, conflicting] = [draftSeizure({}, 'B1'), draftSeizure({}, 'B2'), draftSeizure({}, 'B3')];
    for (const [i, record] of [acked, refused, conflicting].entries()) await repo.save(record, at(i));

    watching = true;
    const batch = await store.nextBatch(10);
    const sending = await store.markSending(batch.map((m) => m.entry));
    const entry = (id: string) => sending.find((e) => e.recordId === id)!;
    await store.recordResults([
      { entry: entry(acked.id), status: 'acknowledged', revision: 1 },
      { entry: entry(refused.id), status: 'rejected', errors: [{ path: 'firearms.0.serialNumber', code: 'serial.noDigit', severity: 'error' }] },
      { entry: entry(conflicting.id), status: 'conflict', current: { revision: 2, record: { ...conflicting, notes: 'theirs' } } },
    ]);
    watching = false;

    expect(new Set(touched)).toEqual(new Set(['outbox', 'syncStates']));
    const views = new Map((await repo.search('')).map((row) => [row.id, row]));
    expect([acked, refused, conflicting].map((r) => views.get(r.id)?.syncState)).toEqual(['synced', 'rejected', 'conflict']);
    expect(views.get(conflicting.id)?.conflict?.record.notes).toBe('theirs');
  });
});

describe('reading the next batch', () => {
  it('takes the oldest entries in order, one per record, reading past a record queued twice', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const store = createSyncStore(db);
    const [a, b, c, d] = [draftSeizure({}, 'N1'), draftSeizure({}, 'N2'), draftSeizure({}, 'N3'), draftSeizure({}, 'N4')];
    await repo.save(a, at(0));
    // a's entry was tried, so a later save of a queues a second entry instead of folding into it.
    await store.markSending((await store.nextBatch(1)).map((m) => m.entry));
    await repo.save((await db.seizures.get(a.id))!.record, at(1));
    await repo.save(b, at(2));
    await repo.save(c, at(3));
    await repo.save(d, at(4));
    expect(await db.outbox.count()).toBe(5);

    const first = await store.nextBatch(3);
    expect(first.map((m) => m.entry.recordId)).toEqual([a.id, b.id, c.id]);
    expect(first[0]?.entry.attempts).toBe(1);
    expect((await store.nextBatch(10)).map((m) => m.entry.recordId)).toEqual([a.id, b.id, c.id, d.id]);
    expect(await store.nextBatch(2)).toHaveLength(2);
  });
});

describe('applying a pulled page as one batch', () => {
  it('takes the newest of two revisions of a record in one page, keeps local edits, updates an open conflict and moves the cursor', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const store = createSyncStore(db);
    const fresh = draftSeizure({}, 'P1');
    const mine = draftSeizure({}, 'P2');
    const disputed = draftSeizure({}, 'P3');
    await repo.save(mine, at(0));
    await repo.save(disputed, at(1));
    await db.syncStates.update(disputed.id, { state: 'conflict', conflict: { revision: 2, record: disputed } });

    const result = await store.applyPulled(
      [
        { revision: 1, record: { ...fresh, notes: 'first' } },
        { revision: 2, record: { ...fresh, notes: 'second' } },
        { revision: 4, record: { ...mine, notes: 'server' } },
        { revision: 3, record: { ...disputed, notes: 'newer on the server' } },
      ],
      '42',
    );

    expect(result).toEqual({ applied: 2, kept: 2 });
    expect(await repo.get(fresh.id)).toMatchObject({ syncState: 'synced', serverRevision: 2, record: { notes: 'second', revision: 2 } });
    expect((await repo.get(mine.id))?.syncState).toBe('pending');
    expect((await repo.get(mine.id))?.record.notes).not.toBe('server');
    expect(await repo.get(disputed.id)).toMatchObject({ syncState: 'conflict', conflict: { revision: 3, record: { notes: 'newer on the server' } } });
    expect(await store.cursor()).toBe('42');

    // An older revision arriving later never replaces a newer one.
    await store.applyPulled([{ revision: 1, record: { ...fresh, notes: 'first' } }], '43');
    expect((await db.seizures.get(fresh.id))?.record.notes).toBe('second');
  });
});
