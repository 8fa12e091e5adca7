/**
 * A device of schema version 2 (sync state sealed inside each seizure row) upgraded to version 3
 * (sync state in a table of its own): the database is written with version 2's own declarations
 * (schema-versions.ts) and the officer's keys, then opened by the app. Every record, outbox entry
 * (order, attempts, payload), state, revision, refusal and conflict is there after the move at
 * unlock (split-sync-state.ts); a move stopped half-way finishes at the next unlock; a newer sync
 * row is never replaced by the older state inside a row; another officer's rows wait for theirs.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/domain/issues';
import type { Seizure } from '../../src/domain/schema';
import { createSeizureRepository, createSyncStore, splitSyncState, type OutboxEntry, type ServerVersion, type TraceDB } from '../../src/storage';
import { newDeviceSecret, type DeviceKeys } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { openKeyring } from '../../src/storage/crypto/sealed-tables';
import { sealingMiddleware } from '../../src/storage/crypto/sealing-middleware';
import type { LegacySeizureRow } from '../../src/storage/db';
import { declareSchema } from '../../src/storage/schema-versions';
import { newEntry, saved } from '../../src/storage/sync-rules';
import { draftSeizure } from '../domain/fixtures';
import { deviceSeizures } from '../support/device-views';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('sync-state-upgrade');

const REFUSAL: Issue[] = [{ path: 'firearms.0.serialNumber', code: 'serial.noDigit', severity: 'error' }];
const T = (minute: number) => new Date(Date.UTC(2026, 10, 28, 9, minute)).toISOString();
const at = (record: Seizure, minute: number): Seizure => ({ ...record, updatedAt: T(minute) });

/** The database as version 2 of the app kept it, opened with an officer's keys. */
function versionTwo(name: string, keys: DeviceKeys): Dexie {
  const db = new Dexie(name, { cache: 'disabled' });
  declareSchema(db, 2);
  const keyring = openKeyring(keys);
  db.use(sealingMiddleware(() => keyring));
  return db;
}

/** A version-2 row: the record, its index keys and its sync state inside. */
const legacyRow = (record: Seizure, sync: Pick<LegacySeizureRow, 'syncState' | 'serverRevision' | 'syncErrors' | 'conflict'>): LegacySeizureRow => ({ ...saved(record, undefined).row, ...sync });

/** One record in each state sync can leave it in, and the outbox as version 2 left it. */
function deviceInVersionTwo() {
  const [pendingNew, pendingEdit, synced, refused, disputed, sending] = ['P1', 'P2', 'S1', 'R1', 'C1', 'X1'].map((serial, i) => at(draftSeizure({ id: randomUUID() }, `${serial}00${i}`), i));
  const theirs: ServerVersion = { revision: 5, record: { ...disputed!, notes: 'changed on the server' } };
  const rows = [
    legacyRow(pendingNew!, { syncState: 'pending' }),
    legacyRow({ ...pendingEdit!, revision: 2 }, { syncState: 'pending', serverRevision: 2 }),
    legacyRow({ ...synced!, revision: 7 }, { syncState: 'synced', serverRevision: 7 }),
    legacyRow({ ...refused!, revision: 1 }, { syncState: 'rejected', serverRevision: 1, syncErrors: REFUSAL }),
    legacyRow({ ...disputed!, revision: 3 }, { syncState: 'conflict', serverRevision: 3, conflict: theirs }),
    legacyRow(sending!, { syncState: 'sending' }),
  ];
  // The edited record was tried once and saved again since: two entries, the first attempted.
  const entries: OutboxEntry[] = [
    newEntry('m-new', pendingNew!),
    { ...newEntry('m-edit-1', { ...pendingEdit!, revision: 2 }), attempts: 1 },
    newEntry('m-edit-2', at({ ...pendingEdit!, revision: 2 }, 30)),
    { ...newEntry('m-sending', sending!), attempts: 1 },
  ];
  return { rows, entries, theirs, ids: { pendingNew: pendingNew!.id, pendingEdit: pendingEdit!.id, synced: synced!.id, refused: refused!.id, disputed: disputed!.id, sending: sending!.id } };
}

async function writeVersionTwo(name: string, keys: DeviceKeys, rows: LegacySeizureRow[], entries: OutboxEntry[] = []) {
  const v2 = versionTwo(name, keys);
  await v2.transaction('rw', v2.table('seizures'), v2.table('outbox'), async () => {
    await v2.table('seizures').bulkPut(rows);
    await v2.table('outbox').bulkAdd(entries);
  });
  expect(v2.verno).toBe(2);
  v2.close();
}

/** The app's database on that name, opened at version 3 with the officer's keys. */
async function openedByTheApp(name: string, keys: DeviceKeys, use?: (db: TraceDB) => void): Promise<TraceDB> {
  const db = databases.locked(name);
  use?.(db);
  await db.open();
  db.unlock(keys);
  return db;
}

describe('a device of schema version 2 upgraded to version 3', () => {
  it('keeps every record, outbox entry, state, revision, refusal and conflict', async () => {
    const name = `sync-state-upgrade-${randomUUID()}`;
    const keys = deriveDeviceKeys(newDeviceSecret());
    const { rows, entries, theirs, ids } = deviceInVersionTwo();
    await writeVersionTwo(name, keys, rows, entries);

    const db = await openedByTheApp(name, keys);
    // Up to the latest version: 3 added the sync rows, 4 the export log, 5 the trace statuses, 6 the photos.
    expect(db.verno).toBe(6);
    const repo = createSeizureRepository(db);
    // Before the move, each record is read with the state inside its row.
    expect(await repo.get(ids.refused)).toMatchObject({ syncState: 'rejected', serverRevision: 1, syncErrors: REFUSAL });

    expect(await splitSyncState(db)).toBe(rows.length);
    expect(await splitSyncState(db)).toBe(0);
    expect(await db.seizures.where('syncState').above('').count()).toBe(0);

    const states = new Map((await db.syncStates.toArray()).map((s) => [s.id, s]));
    expect(states.get(ids.pendingNew)).toEqual({ id: ids.pendingNew, state: 'pending', updatedAt: T(0) });
    expect(states.get(ids.pendingEdit)).toEqual({ id: ids.pendingEdit, state: 'pending', revision: 2, updatedAt: T(1) });
    expect(states.get(ids.synced)).toEqual({ id: ids.synced, state: 'synced', revision: 7, updatedAt: T(2) });
    expect(states.get(ids.refused)).toEqual({ id: ids.refused, state: 'rejected', revision: 1, updatedAt: T(3), errors: REFUSAL });
    expect(states.get(ids.disputed)).toEqual({ id: ids.disputed, state: 'conflict', revision: 3, updatedAt: T(4), conflict: theirs });
    expect(states.get(ids.sending)).toEqual({ id: ids.sending, state: 'sending', updatedAt: T(5) });

    // The records as they were, without the state inside them.
    const stored = await db.seizures.toArray();
    expect(stored.map((row) => row.record).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))).toEqual(rows.map((row) => row.record));
    for (const row of stored) expect(row).not.toHaveProperty('syncState');
    expect((await deviceSeizures(db)).map((view) => [view.id, view.syncState, view.serverRevision ?? null])).toEqual(
      expect.arrayContaining([
        [ids.synced, 'synced', 7],
        [ids.disputed, 'conflict', 3],
      ]),
    );
    expect((await db.outbox.orderBy('seq').toArray()).map(({ mutationId, recordId, attempts, payload }) => ({ mutationId, recordId, attempts, updatedAt: payload.updatedAt }))).toEqual(
      entries.map(({ mutationId, recordId, attempts, payload }) => ({ mutationId, recordId, attempts, updatedAt: payload.updatedAt })),
    );

    // Sync goes on from there: the batch carries each record's revision, "sending" waits again.
    expect((await createSyncStore(db).nextBatch(10)).map((m) => [m.entry.mutationId, m.baseRevision])).toEqual([
      ['m-new', null],
      ['m-edit-1', 2],
      ['m-sending', null],
    ]);
    expect(await repo.pendingCount()).toBe(3);
  });

  it('finishes at the next unlock a move stopped half-way, and keeps a sync row written since', async () => {
    const name = `sync-state-upgrade-${randomUUID()}`;
    const keys = deriveDeviceKeys(newDeviceSecret());
    const { rows, entries, ids } = deviceInVersionTwo();
    await writeVersionTwo(name, keys, rows, entries);

    // Once armed, the second page's transaction fails, as if the tab closed there.
    let armed = false;
    let pages = 0;
    const db = await openedByTheApp(name, keys, (app) =>
      app.use({
        stack: 'dbcore',
        name: 'stops-at-the-second-page',
        create: (down) => ({
          ...down,
          table: (table) => {
            const inner = down.table(table);
            if (table !== 'syncStates') return inner;
            return { ...inner, mutate: (req) => (armed && ++pages === 2 ? Promise.reject(new Error('tab closed')) : inner.mutate(req)) };
          },
        }),
      }),
    );
    // Before the move, a pull (in another tab) brought a newer server version of the disputed
    // record: only its sync row is written, the row keeps the older conflict inside it.
    const newer: ServerVersion = { revision: 9, record: { ...rows[4]!.record, notes: 'newer still' } };
    await createSyncStore(db).applyPulled([newer], 'c-9');
    expect(await db.syncStates.count()).toBe(1);
    armed = true;

    await expect(splitSyncState(db, 2)).rejects.toThrow();
    expect(await db.seizures.where('syncState').above('').count()).toBe(rows.length - 2);
    armed = false;

    expect(await splitSyncState(db, 2)).toBe(rows.length - 2);
    expect((await db.syncStates.get(ids.disputed))?.conflict).toEqual(newer);
    expect(await db.syncStates.count()).toBe(rows.length);
    expect(await db.seizures.count()).toBe(rows.length);
    expect((await createSeizureRepository(db).get(ids.refused))?.syncErrors).toEqual(REFUSAL);
  });

  it('moves only the unlocked officer’s rows; another officer’s wait for their unlock', async () => {
    const name = `sync-state-upgrade-${randomUUID()}`;
    const [first, second] = [deriveDeviceKeys(newDeviceSecret()), deriveDeviceKeys(newDeviceSecret())];
    const mine = at(draftSeizure({ id: randomUUID() }, 'MINE001'), 0);
    const theirs = at(draftSeizure({ id: randomUUID() }, 'THEIRS01'), 1);
    await writeVersionTwo(name, first, [legacyRow({ ...mine, revision: 4 }, { syncState: 'synced', serverRevision: 4 })]);
    await writeVersionTwo(name, second, [legacyRow(theirs, { syncState: 'rejected', syncErrors: REFUSAL })]);

    const db = await openedByTheApp(name, first);
    expect(await splitSyncState(db)).toBe(1);
    expect((await db.syncStates.toArray()).map((s) => s.id)).toEqual([mine.id]);

    db.unlock(second);
    expect(await createSeizureRepository(db).get(theirs.id)).toMatchObject({ syncState: 'rejected', syncErrors: REFUSAL });
    expect(await splitSyncState(db)).toBe(1);
    expect(await db.syncStates.get(theirs.id)).toMatchObject({ state: 'rejected', errors: REFUSAL });
    db.unlock(first);
    expect(await createSeizureRepository(db).get(mine.id)).toMatchObject({ syncState: 'synced', serverRevision: 4, record: { revision: 4 } });
  });
});
