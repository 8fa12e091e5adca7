/**
 * storedRow (sealing-middleware.ts) is the row exactly as the sealing middleware stores it: the
 * benchmarks' sealed floor (bench/page/raw-sealed.ts) writes it with raw IndexedDB, so a row it
 * makes must open, and be found by its hashed index keys, through the app's own database; and it
 * must hold no identifying value in clear.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { openKeyring } from '../../src/storage/crypto/sealed-tables';
import { storedRow } from '../../src/storage/crypto/sealing-middleware';
import { createSeizureRepository } from '../../src/storage';
import { saved } from '../../src/storage/sync-rules';
import { freshSeizure, withAgency } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('stored-row');

describe('storedRow', () => {
  it('makes a row the app opens and finds by serial and case number, with nothing identifying in clear', async () => {
    const db = databases.locked();
    const keys = deriveDeviceKeys(newDeviceSecret());
    db.unlock(keys);
    await db.open();
    const record = withAgency({ caseNumber: 'FGR-SON-HMO-0417-2026' }, freshSeizure({}, { serialNumber: 'LKQ8842197' }));
    const { row, state } = saved(record, undefined);
    const keyring = openKeyring(keys);
    const sealedRow = storedRow('seizures', keyring, row as never);
    const sealedState = storedRow('syncStates', keyring, state as never);
    expect(JSON.stringify(sealedRow)).not.toContain('LKQ8842197');
    expect(JSON.stringify(sealedRow)).not.toContain('FGR-SON-HMO-0417-2026');
    // Written below Dexie, as the raw floor writes it.
    const idb = db.backendDB();
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction(['seizures', 'syncStates'], 'readwrite');
      tx.objectStore('seizures').put(sealedRow);
      tx.objectStore('syncStates').put(sealedState);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const repo = createSeizureRepository(db);
    expect((await repo.get(record.id))?.record).toEqual(record);
    expect((await repo.get(record.id))?.syncState).toBe('pending');
    expect((await repo.search('LKQ884', 10)).map((v) => v.id)).toEqual([record.id]);
    expect((await repo.search('FGR-SON-HMO-0417', 10)).map((v) => v.id)).toEqual([record.id]);
    expect(() => storedRow('meta', keyring, {})).toThrow(/not a sealed table/);
  });
});
