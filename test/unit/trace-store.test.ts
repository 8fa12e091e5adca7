/**
 * Trace statuses on the device (src/storage/trace-store.ts): a status and its outbox entry are
 * written together and sealed at rest; the server's answers settle them (acknowledged, refused,
 * conflict kept beside the officer's version until chosen); a pulled status never replaces one
 * not yet sent; a record's statuses go with its tombstone.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TraceStatus } from '../../src/domain/trace-status';
import { createSyncStore, createTraceStore, LockedError, TraceLockedError, type TraceDB } from '../../src/storage';
import { freshSeizure } from '../domain/fixtures';
import { rawDatabaseText } from '../support/raw-database';
import { freshDatabases } from './support/device-databases';

const fresh = freshDatabases('trace-store');

const requested = (firearmId: string, seizureId: string, over: Partial<TraceStatus> = {}): TraceStatus => ({
  firearmId,
  seizureId,
  status: 'requested',
  requestedAt: '2026-11-29',
  requestNumber: 'T20260012345',
  updatedAt: '2026-11-29T10:00:00-07:00',
  ...over,
});

function phone() {
  const db = fresh.unlocked();
  return { db, traces: createTraceStore(db) };
}

const outbox = (db: TraceDB) => db.traceOutbox.toArray();

describe('recording', () => {
  it('writes the status and one outbox entry, folding a second change not yet sent, and seals both', async () => {
    const { db, traces } = phone();
    const [firearm, record] = [randomUUID(), randomUUID()];
    await traces.record(requested(firearm, record));
    await traces.record(requested(firearm, record, { requestNumber: 'T20260099999', updatedAt: '2026-11-29T11:00:00-07:00' }));
    const entries = await outbox(db);
    expect(entries.map((e) => [e.firearmId, e.payload.requestNumber, e.attempts])).toEqual([[firearm, 'T20260099999', 0]]);
    expect((await traces.forRecord(record)).map((row) => [row.state, row.status.requestNumber])).toEqual([['pending', 'T20260099999']]);
    expect(await traces.pendingCount()).toBe(1);
    expect(await traces.pendingSummary()).toEqual({ count: 1, oldest: '2026-11-29T11:00:00-07:00' });
    expect(await rawDatabaseText(db.name)).not.toContain('T20260099999');
  });

  it('refuses every read and write with nobody unlocked', async () => {
    const db = fresh.locked();
    await expect(createTraceStore(db).record(requested(randomUUID(), randomUUID()))).rejects.toMatchObject({ cause: expect.any(LockedError) });
  });

  it('keeps a tried change as it was sent and queues the next one apart', async () => {
    const { db, traces } = phone();
    const [firearm, record] = [randomUUID(), randomUUID()];
    await traces.record(requested(firearm, record));
    const [sent] = await traces.nextBatch(10);
    await traces.record(requested(firearm, record, { requestNumber: 'T20260022222', updatedAt: '2026-11-29T12:00:00-07:00' }));
    const entries = await outbox(db);
    expect(entries.map((e) => [e.mutationId === sent?.entry.mutationId, e.payload.requestNumber, e.attempts])).toEqual([
      [true, 'T20260012345', 1],
      [false, 'T20260022222', 0],
    ]);
    // Unanswered, the first is sent again under its mutation id (the server dedupes it); one
    // change per firearm at a time, since the next builds on the revision the first makes.
    expect((await traces.nextBatch(10)).map((b) => [b.entry.mutationId, b.entry.attempts])).toEqual([[sent?.entry.mutationId, 2]]);
  });
});

describe("the server's answers", () => {
  it('an acknowledgement syncs the status at its revision and empties the outbox', async () => {
    const { db, traces } = phone();
    const [firearm, record] = [randomUUID(), randomUUID()];
    await traces.record(requested(firearm, record));
    const [sent] = await traces.nextBatch(10);
    expect(sent?.baseRevision).toBeNull();
    await traces.recordResults([{ entry: sent!.entry, status: 'acknowledged', revision: 3 }]);
    expect(await outbox(db)).toEqual([]);
    expect((await traces.forRecord(record)).map((row) => [row.state, row.revision])).toEqual([['synced', 3]]);
  });

  it('a conflict keeps both versions until the officer chooses; recording meanwhile is refused', async () => {
    const { db, traces } = phone();
    const [firearm, record] = [randomUUID(), randomUUID()];
    await traces.record(requested(firearm, record));
    const [sent] = await traces.nextBatch(10);
    const theirs = requested(firearm, record, { requestNumber: 'T20260077777', updatedAt: '2026-11-29T09:00:00-07:00' });
    await traces.recordResults([{ entry: sent!.entry, status: 'conflict', current: { revision: 2, status: theirs } }]);
    const [row] = await traces.forRecord(record);
    expect([row?.state, row?.status.requestNumber, row?.conflict?.status.requestNumber]).toEqual(['conflict', 'T20260012345', 'T20260077777']);
    await expect(traces.record(requested(firearm, record))).rejects.toMatchObject({ cause: expect.any(TraceLockedError) });

    await traces.keepMine(firearm);
    const [again] = await traces.nextBatch(10);
    expect([again?.entry.payload.requestNumber, again?.baseRevision]).toEqual(['T20260012345', 2]);
    await traces.recordResults([{ entry: again!.entry, status: 'conflict', current: { revision: 3, status: theirs } }]);
    await traces.takeTheirs(firearm);
    expect((await traces.forRecord(record)).map((r) => [r.state, r.revision, r.status.requestNumber])).toEqual([['synced', 3, 'T20260077777']]);
    expect(await outbox(db)).toEqual([]);
  });

  it('a refusal keeps the officer\'s version with the reasons', async () => {
    const { traces } = phone();
    const [firearm, record] = [randomUUID(), randomUUID()];
    await traces.record(requested(firearm, record));
    const [sent] = await traces.nextBatch(10);
    await traces.recordResults([{ entry: sent!.entry, status: 'rejected', errors: [{ path: '', code: 'trace.officerNotAllowed', severity: 'error' }] }]);
    expect((await traces.forRecord(record)).map((r) => [r.state, r.errors?.[0]?.code, r.status.requestNumber])).toEqual([['rejected', 'trace.officerNotAllowed', 'T20260012345']]);
  });
});

describe('pulling', () => {
  it('takes newer server statuses, never over one not yet sent, and moves the cursor with them', async () => {
    const { traces } = phone();
    const record = randomUUID();
    const [mine, other] = [randomUUID(), randomUUID()];
    await traces.record(requested(mine, record));
    const applied = await traces.applyPulled(
      [
        { recordId: record, revision: 1, status: requested(mine, record, { requestNumber: 'T20260055555' }) },
        { recordId: record, revision: 4, status: requested(other, record, { status: 'not_traced', notTracedReason: 'obliterated_serial' }) },
      ],
      '41',
    );
    expect(applied).toBe(1);
    expect(await traces.cursor()).toBe('41');
    const rows = new Map((await traces.forRecord(record)).map((row) => [row.firearmId, row]));
    expect([rows.get(mine)?.state, rows.get(mine)?.status.requestNumber]).toEqual(['pending', 'T20260012345']);
    expect([rows.get(other)?.state, rows.get(other)?.revision, rows.get(other)?.status.status]).toEqual(['synced', 4, 'not_traced']);
    // An older revision arriving late changes nothing.
    expect(await traces.applyPulled([{ recordId: record, revision: 2, status: requested(other, record) }], '42')).toBe(0);
  });

  it("a shared record's tombstone takes its statuses and queued changes with it", async () => {
    const { db, traces } = phone();
    const sync = createSyncStore(db);
    const record = randomUUID();
    const copy = freshSeizure({ id: record });
    await sync.applyPulled([{ revision: 1, record: copy, sharedBy: 'SEDENA' }], '1');
    const firearm = copy.firearms[0]!.id;
    await traces.applyPulled([{ recordId: record, revision: 1, status: requested(firearm, record), sharedBy: 'SEDENA' }], '1');
    await expect(traces.record(requested(firearm, record))).rejects.toMatchObject({ cause: expect.any(TraceLockedError) });
    await sync.applyPulled([], '2', [record]);
    expect(await traces.forRecord(record)).toEqual([]);
  });
});

describe('moves recorded offline', () => {
  it('a request and then its result are two changes, in order; an edit of the same state folds', async () => {
    const { db, traces } = phone();
    const [firearm, record] = [randomUUID(), randomUUID()];
    await traces.record(requested(firearm, record));
    await traces.record(requested(firearm, record, { status: 'not_traced', notTracedReason: 'other', updatedAt: '2026-11-29T11:00:00-07:00' }));
    await traces.record(requested(firearm, record, { status: 'not_traced', notTracedReason: 'record_not_found', updatedAt: '2026-11-29T12:00:00-07:00' }));
    expect((await outbox(db)).map((e) => [e.payload.status, e.payload.notTracedReason])).toEqual([
      ['requested', undefined],
      ['not_traced', 'record_not_found'],
    ]);
  });
});
