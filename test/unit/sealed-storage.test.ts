/**
 * Records sealed on the device (src/storage/crypto/sealing-middleware.ts): what IndexedDB holds
 * has no serial number, case number or name in clear; search by the start of a serial or case
 * number still works, also past the hashed prefix; a second officer's keys see none of the first
 * officer's rows and may hold the same record beside them; nothing opens while locked; and the
 * upgrade from the version that stored in clear keeps every record, entry and draft, sealed at
 * the first unlock.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { seizureKeys, type Seizure } from '../../src/domain';
import { claimUnsealed, createDraftStore, createSeizureRepository, createSettingsStore, createSyncStore, LockedError, reindexSealed } from '../../src/storage';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { freshSeizure, validSpanishSeizure, withAgency } from '../domain/fixtures';
import { rawDatabaseText } from '../support/raw-database';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('sealed');
/** A phone's database, locked, and its name (to read it raw or open it again). */
function phone() {
  const db = databases.locked();
  return { name: db.name, db };
}
const officerKeys = () => deriveDeviceKeys(newDeviceSecret());

const record = (caseNumber: string, serialNumber: string): Seizure => withAgency({ caseNumber }, freshSeizure({}, { serialNumber }));

describe('records sealed on the device', () => {
  it('keeps no serial number, case number or name in clear, and reads them back', async () => {
    const { name, db } = phone();
    db.unlock(officerKeys());
    const repo = createSeizureRepository(db);
    const saved = record('FGR-SON-HMO-0417-2026', 'LKQ8842197');
    await repo.save(saved);
    await createDraftStore(db).put('draft-1', { caseNumber: 'DRAFT-CASE-0099', possessor: 'Guadalupe Zamora' });
    expect((await repo.get(saved.id))?.record.agency.caseNumber).toBe('FGR-SON-HMO-0417-2026');
    expect((await db.outbox.toArray())[0]?.payload.firearms[0]?.serialNumber).toBe('LKQ8842197');

    db.close();
    const raw = await rawDatabaseText(name);
    for (const plain of ['LKQ8842197', 'LKQ884', 'FGR-SON-HMO', 'FGRSONHMO', 'DRAFT-CASE', 'Guadalupe', 'Zamora', saved.possessors[0]!.lastName, saved.agency.officer.lastName]) {
      expect(raw).not.toContain(plain);
    }
  });

  it('finds records by the start of a serial or case number, short or long', async () => {
    const { db } = phone();
    db.unlock(officerKeys());
    const repo = createSeizureRepository(db);
    const a = record('ATF-2026-00417', 'LKQ8842197');
    const b = record('ATF-2026-00533', 'LKQ8842201');
    await repo.save(a);
    await repo.save(b);
    const ids = async (query: string) => (await repo.search(query)).map((row) => row.id).sort();
    expect(await ids('L')).toEqual([a.id, b.id].sort());
    expect(await ids('lkq-884')).toEqual([a.id, b.id].sort());
    expect(await ids('LKQ8842')).toEqual([a.id, b.id].sort());
    expect(await ids('LKQ88421')).toEqual([a.id]);
    // Past the hashed prefix: finished on the opened rows.
    expect(await ids('LKQ884219')).toEqual([a.id]);
    expect(await ids('LKQ8842201')).toEqual([b.id]);
    expect(await ids('ATF-2026-005')).toEqual([b.id]);
    expect(await ids('ATF-2026-00417')).toEqual([a.id]);
    expect(await ids('ZZZ')).toEqual([]);
    expect((await repo.deviceDuplicates({ ...a, id: randomUUID() })).map((d) => d.seizureId)).toEqual([a.id]);
  });

  it('keeps one index key per serial and finds a record once when two of its serials start alike', async () => {
    const { name, db } = phone();
    db.unlock(officerKeys());
    const base = record('ATF-2026-00600', 'LKQ1000001');
    const twoAlike: Seizure = { ...base, status: 'draft', firearms: [...base.firearms, { ...base.firearms[0]!, id: randomUUID(), serialNumber: 'LKQ1000002' }] };
    await createSeizureRepository(db).save(twoAlike);
    expect(await db.seizures.where('serialKeys').startsWith('LKQ100000').primaryKeys()).toEqual([twoAlike.id]);
    expect(await db.seizures.where('serialKeys').startsWith('LKQ').count()).toBe(1);
    const walked: string[] = [];
    await db.seizures.where('serialKeys').startsWith('LKQ1').each((row) => walked.push(row.id));
    expect(walked).toEqual([twoAlike.id]);

    // On disk: one array of prefix hashes per serial (and per bag code), not one entry per prefix.
    const raw = new Dexie(name);
    await raw.open();
    const [stored] = (await raw.table('seizures').toArray()) as { serialKeys: unknown[] }[];
    raw.close();
    expect(stored?.serialKeys).toHaveLength(4);
    for (const key of stored?.serialKeys ?? []) expect(Array.isArray(key) && key.every((h) => typeof h === 'string' && !h.includes('LKQ'))).toBe(true);
  });

  it('indexes again, once, at unlock the rows an earlier version indexed in another format', async () => {
    const { name, db } = phone();
    const keys = officerKeys();
    db.unlock(keys);
    const repo = createSeizureRepository(db);
    const rows = ['LKQ2000001', 'LKQ2000002', 'MRX3000003'].map((serial, i) => record(`ATF-2026-0070${i}`, serial));
    for (const row of rows) await repo.save(row);
    db.close();
    // What the earlier format left: the prefix hashes flattened, one index entry each, and no mark of the format.
    const raw = new Dexie(name);
    await raw.open();
    await raw.table('seizures').toCollection().modify((row: { serialKeys: unknown[]; caseKey: unknown[]; indexFormat?: number }) => {
      row.serialKeys = row.serialKeys.flat();
      row.caseKey = row.caseKey.flat();
      delete row.indexFormat;
    });
    raw.close();

    const reopened = databases.locked(name);
    reopened.unlock(keys);
    const found = async (query: string) => (await createSeizureRepository(reopened).search(query)).map((row) => row.id).sort();
    expect(await found('LKQ2')).toEqual([]);
    expect(await reindexSealed(reopened, 2)).toBe(3);
    expect(await found('LKQ2')).toEqual([rows[0]!.id, rows[1]!.id].sort());
    expect(await found('ATF-2026-00702')).toEqual([rows[2]!.id]);
    expect((await reopened.seizures.get(rows[2]!.id))?.record.firearms[0]?.serialNumber).toBe('MRX3000003');
    expect(await reindexSealed(reopened, 2)).toBe(0);
  });

  it('writes a row read before again without hashing its unchanged index values, and hashes them when they change', async () => {
    const { db } = phone();
    const keys = officerKeys();
    let hashed = 0;
    db.unlock({ ...keys, indexHash: (value) => (hashed++, keys.indexHash(value)) });
    const repo = createSeizureRepository(db);
    const saved = record('ATF-2026-00417', 'LKQ8842197');
    await repo.save(saved);
    const found = async (query: string) => (await repo.search(query)).map((row) => row.id);

    // A pull taking the server's copy of the same version: the row is read, and written again with its revision only.
    const row = (await db.seizures.get(saved.id))!;
    hashed = 0;
    await db.seizures.put({ ...row, record: { ...row.record, revision: 1 } });
    expect(hashed).toBe(0);
    expect(await found('LKQ884')).toEqual([saved.id]);
    expect(await found('ATF-2026-004')).toEqual([saved.id]);

    const moved = (await db.seizures.get(saved.id))!;
    const fixed = { ...moved.record, firearms: [{ ...moved.record.firearms[0]!, serialNumber: 'MRX3000003' }] };
    await db.seizures.put({ ...moved, record: fixed, ...seizureKeys(fixed) });
    expect(hashed).toBeGreaterThan(0);
    expect(await found('MRX3')).toEqual([saved.id]);
    expect(await found('LKQ884')).toEqual([]);
  });

  it('refuses every read and write while locked, and changes nothing', async () => {
    const { db } = phone();
    const keys = officerKeys();
    db.unlock(keys);
    const repo = createSeizureRepository(db);
    const saved = record('ATF-2026-00417', 'LKQ8842197');
    await repo.save(saved);
    db.lock();
    await expect(repo.get(saved.id)).rejects.toMatchObject({ cause: expect.any(LockedError) });
    await expect(repo.save(record('ATF-2026-9', 'X1'))).rejects.toMatchObject({ cause: expect.any(LockedError) });
    db.unlock(keys);
    expect(await db.seizures.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('shows a second officer none of the first one’s records, and lets both hold the same record', async () => {
    const { db } = phone();
    const first = officerKeys();
    const second = officerKeys();
    db.unlock(first);
    const shared = record('ATF-2026-00417', 'LKQ8842197');
    await createSeizureRepository(db).save(shared);
    await createSeizureRepository(db).save(record('ATF-2026-00418', 'LKQ0000001'));

    db.unlock(second);
    const repo = createSeizureRepository(db);
    expect(await repo.search('')).toEqual([]);
    expect(await repo.search('LKQ')).toEqual([]);
    expect(await repo.get(shared.id)).toBeUndefined();
    expect(await repo.pendingCount()).toBe(0);
    expect(await db.outbox.toArray()).toEqual([]);
    // Keys alone are answered without opening rows, still only this officer's.
    expect(await db.outbox.where('recordId').equals(shared.id).primaryKeys()).toEqual([]);
    expect(await db.seizures.where('status').anyOf('draft', 'ready').primaryKeys()).toEqual([]);
    expect(await createSyncStore(db).nextBatch(10)).toEqual([]);
    // The same record pulled by the second officer sits beside the first officer's copy.
    await createSyncStore(db).applyPulled([{ revision: 3, record: { ...shared, revision: 3 } }], 'c-1');
    expect((await repo.get(shared.id))?.serverRevision).toBe(3);

    db.unlock(first);
    expect(await db.outbox.where('recordId').equals(shared.id).primaryKeys()).toHaveLength(1);
    expect(await db.seizures.where('status').anyOf('draft', 'ready').primaryKeys()).toHaveLength(2);
    expect(await db.seizures.where('status').anyOf('draft', 'ready').primaryKeys()).toContain(shared.id);
    const mine = await createSeizureRepository(db).get(shared.id);
    expect(mine?.syncState).toBe('pending');
    expect(await createSeizureRepository(db).pendingCount()).toBe(2);
  });

  it('seals what version 1 kept in clear at the first unlock, keeping the outbox order and drafts', async () => {
    const name = `sealed-v1-${randomUUID()}`;
    // The database as version 1 of the app left it.
    const v1 = new Dexie(name);
    v1.version(1).stores({ seizures: 'id, status, updatedAt, caseKey, *serialKeys, *makerSerialKeys, syncState', outbox: '++seq, &mutationId, recordId', drafts: 'id, savedAt', meta: 'key' });
    const old = [record('ATF-2026-00001', 'OLD0000001'), validSpanishSeizure({ id: randomUUID() })];
    for (const r of old) {
      await v1.table('seizures').put({ id: r.id, record: r, status: r.status, updatedAt: r.updatedAt, ...seizureKeys(r), syncState: 'pending' });
      await v1.table('outbox').add({ mutationId: randomUUID(), recordId: r.id, payload: r, enqueuedAt: r.updatedAt, attempts: 0 });
    }
    await v1.table('drafts').put({ id: 'draft-old', values: { caseNumber: 'OLD-DRAFT-7' }, savedAt: '2026-11-01T00:00:00Z' });
    await v1.table('meta').put({ key: 'deviceId', value: 'device-old' });
    await v1.table('meta').put({ key: 'profile', value: { officer: { firstName: 'Dolores', lastName: 'Quintanilla' } } });
    v1.close();

    const db = databases.locked(name);
    await db.open();
    // Through every later version (3: sync state, 4: the export log, 5: trace statuses, 6: photos) too.
    expect(db.verno).toBe(6);
    expect(await db.unsealedSeizures.count()).toBe(2);
    expect((await db.meta.get('deviceId'))?.value).toBe('device-old');

    db.unlock(officerKeys());
    expect(await claimUnsealed(db)).toBe(2);
    expect(await claimUnsealed(db)).toBe(0);
    const repo = createSeizureRepository(db);
    expect((await repo.search('OLD0')).map((row) => row.id)).toEqual([old[0]!.id]);
    // Their sync state went into its own table, as version 3 keeps it.
    expect((await db.syncStates.bulkGet(old.map((r) => r.id))).map((state) => state?.state)).toEqual(['pending', 'pending']);
    expect(await repo.pendingCount()).toBe(2);
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.recordId)).toEqual(old.map((r) => r.id));
    expect((await createDraftStore(db).get('draft-old'))?.values).toEqual({ caseNumber: 'OLD-DRAFT-7' });
    expect((await createSettingsStore(db).profile())?.officer.lastName).toBe('Quintanilla');
    expect((await createSyncStore(db).nextBatch(10)).map((b) => b.entry.payload.id)).toEqual(old.map((r) => r.id));

    db.close();
    const raw = await rawDatabaseText(name);
    for (const plain of ['OLD0000001', 'ATF-2026-00001', 'OLD-DRAFT-7', 'Quintanilla', old[1]!.agency.caseNumber!]) expect(raw).not.toContain(plain);
  });
});
