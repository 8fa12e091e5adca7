/**
 * Bag codes on the device: every firearm leaves a save with one, kept from save to save; the
 * record is found by its code through the sealed serial index, never in clear on disk; a record
 * that arrived with codes before the index held them is found after the reindex at unlock; a code
 * the server refused as taken is replaced at the next save.
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { isBagCode, type Seizure } from '../../src/domain';
import { createSeizureRepository, reindexSealed } from '../../src/storage';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { freshSeizure } from '../domain/fixtures';
import { rawDatabaseText } from '../support/raw-database';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('bagcodes');
const officerKeys = () => deriveDeviceKeys(newDeviceSecret());
const twoFirearms = (): Seizure => {
  const base = freshSeizure({}, { serialNumber: 'LKQ8842197' });
  return { ...base, firearms: [...base.firearms, { ...base.firearms[0]!, id: crypto.randomUUID(), itemNumber: 2, serialNumber: 'MRX3000003' }] };
};
/** An unlocked phone holding one saved seizure of two firearms. */
async function savedTwoFirearms() {
  const db = databases.locked();
  db.unlock(officerKeys());
  const repo = createSeizureRepository(db);
  const two = twoFirearms();
  return { db, repo, two, first: await repo.save(two) };
}
const codesOf = (record: Seizure | undefined) => (record?.firearms ?? []).map((firearm) => firearm.bagCode);

describe('bag codes on the device', () => {
  it('gives every firearm a code at its first save, keeps it at the next, and finds the record by it', async () => {
    const { db, repo, two, first } = await savedTwoFirearms();
    const codes = codesOf(first.record);
    expect(codes).toHaveLength(2);
    expect(codes.every((code) => code !== undefined && isBagCode(code))).toBe(true);
    expect(new Set(codes).size).toBe(2);

    const again = await repo.save({ ...first.record, notes: 'edited' });
    expect(codesOf(again.record)).toEqual(codes);
    expect((await db.outbox.toArray()).at(-1)?.payload.firearms.map((f) => f.bagCode)).toEqual(codes);

    expect((await repo.byBagCode(codes[1]!))?.id).toBe(two.id);
    expect(await repo.byBagCode('00000000A')).toBeUndefined();
    // A bag code is not a serial: a serial search for its characters does not find it.
    expect(await repo.search(codes[0]!)).toEqual([]);
    db.close();
    const raw = await rawDatabaseText(db.name);
    for (const code of codes) expect(raw).not.toContain(code);
  });

  it('finds a record that came with codes before the index held them once the rows are reindexed at unlock', async () => {
    const db = databases.locked();
    const keys = officerKeys();
    db.unlock(keys);
    const repo = createSeizureRepository(db);
    const saved = await repo.save(freshSeizure({}, { serialNumber: 'LKQ2000001' }));
    const [code] = codesOf(saved.record) as [string];
    // What an earlier version wrote for a record pulled with a code: the serial keys alone, format 2.
    await db.seizures.put({ ...(await db.seizures.get(saved.id))!, serialKeys: ['LKQ2000001'] });
    db.close();
    const raw = new Dexie(db.name);
    await raw.open();
    await raw.table('seizures').toCollection().modify((row: { indexFormat?: number }) => {
      row.indexFormat = 2;
    });
    await raw.table('officerData').clear();
    raw.close();

    const reopened = databases.locked(db.name);
    reopened.unlock(keys);
    const again = createSeizureRepository(reopened);
    expect(await again.byBagCode(code)).toBeUndefined();
    expect(await reindexSealed(reopened)).toBe(1);
    expect((await again.byBagCode(code))?.id).toBe(saved.id);
    expect((await again.search('LKQ2000001')).map((row) => row.id)).toEqual([saved.id]);
  });

  it('replaces a code the server refused as taken, and only that one', async () => {
    const { db, repo, two, first } = await savedTwoFirearms();
    const [taken, kept] = codesOf(first.record) as [string, string];
    await db.syncStates.put({ id: two.id, state: 'rejected', updatedAt: first.updatedAt, errors: [{ path: 'firearms.0.bagCode', code: 'firearm.bagCodeTaken', severity: 'error', params: { bagCode: taken } }] });
    const next = await repo.save(first.record);
    const [replaced, same] = codesOf(next.record) as [string, string];
    expect(replaced).not.toBe(taken);
    expect(isBagCode(replaced)).toBe(true);
    expect(same).toBe(kept);
    expect(await repo.byBagCode(taken)).toBeUndefined();
    expect((await repo.byBagCode(replaced))?.id).toBe(two.id);
  });
});
