/**
 * The physical floor for sealed storage: IndexedDB used directly, shaped like the app's current
 * TraceDB (src/storage/schema-versions.ts), writing rows sealed exactly as the app seals them (the
 * app's own code: presealRows ahead, then storedRow) in one strict transaction. The cipher and
 * the keyed index hashes are in the floor's time; Dexie, the repositories and the rules are not.
 */
import { randomBytes } from '../../src/storage/crypto/key-bytes';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { openKeyring, presealRows, type OpenKeyring } from '../../src/storage/crypto/sealed-tables';
import { storedRow } from '../../src/storage/crypto/sealing-middleware';
import { rawWrite } from './raw-idb.js';

/**
 * Keys of their own (same algorithms and sizes as the officer's), so nothing the app's keys
 * remember between calls (sealing-cache.ts) helps or hinders the floor.
 */
export const floorKeyring = (): OpenKeyring => openKeyring(deriveDeviceKeys(randomBytes(32)));

/** Opens (creating) a database with the stores and indexes of TraceDB's sealed tables and meta. */
export function openRawSealed(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      const seizures = db.createObjectStore('seizures', { keyPath: 'id' });
      for (const index of ['status', 'updatedAt', 'syncState']) seizures.createIndex(index, index);
      for (const index of ['caseKey', 'serialKeys', 'makerSerialKeys']) seizures.createIndex(index, index, { multiEntry: true });
      db.createObjectStore('syncStates', { keyPath: 'id' }).createIndex('state', 'state');
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('mutationId', 'mutationId', { unique: true });
      outbox.createIndex('recordId', 'recordId');
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

type Row = Record<string, unknown>;
export type SealedWrites = Partial<Record<'seizures' | 'syncStates' | 'outbox', readonly object[]>>;

/**
 * Seals `writes` as the app does (the seizure and outbox rows ahead with WebCrypto, as its save
 * and pull do; every row then through storedRow) and puts them, with `meta` in clear, in one
 * strict transaction. Resolves on its commit.
 */
export async function writeSealed(db: IDBDatabase, keyring: OpenKeyring, writes: SealedWrites, meta: readonly Row[] = []): Promise<void> {
  const tables = Object.keys(writes) as (keyof SealedWrites)[];
  await Promise.all(tables.filter((table) => table !== 'syncStates').map((table) => presealRows(keyring, table, writes[table] ?? [])));
  await rawWrite(db, [...tables, ...(meta.length ? ['meta'] : [])], (tx: IDBTransaction) => {
    for (const table of tables) {
      const store = tx.objectStore(table);
      for (const row of writes[table] ?? []) store.put(storedRow(table, keyring, row as Row));
    }
    for (const entry of meta) tx.objectStore('meta').put(entry);
  });
}
