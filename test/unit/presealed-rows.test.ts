/**
 * Rows sealed ahead of their transaction with WebCrypto (record-cipher.ts presealBytes,
 * sealing-middleware.ts presealRows): what WebCrypto sealed opens with the synchronous cipher;
 * only the exact value under the exact context takes the bytes sealed ahead, once; and the
 * storage paths that seal ahead (a save, marking a batch as sent, a pulled page) write what they
 * sealed ahead, so the prediction of what they write has not drifted from what they write.
 * Recording the server's acknowledgements seals nothing ahead: it writes only the small sync
 * rows, and leaves the sealed seizure rows untouched.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createSeizureRepository, createSyncStore, type TraceDB } from '../../src/storage';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { validSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const IV_BYTES = 12;
let encrypt: MockInstance<SubtleCrypto['encrypt']>;
beforeEach(() => {
  encrypt = vi.spyOn(globalThis.crypto.subtle, 'encrypt');
});
afterEach(() => {
  encrypt.mockRestore();
});

/** Every ciphertext WebCrypto produced since the spy was set, as hex. */
const sealedByWebCrypto = async (): Promise<string[]> => (await Promise.all(encrypt.mock.results.map((r) => r.value as Promise<ArrayBuffer>))).map((b) => hex(new Uint8Array(b)));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const ciphertextOf = (sealed: Uint8Array) => hex(sealed.subarray(IV_BYTES));

describe('sealing ahead with WebCrypto', () => {
  it('takes the bytes sealed ahead for the same value and context, and they open with the synchronous cipher', async () => {
    const keys = deriveDeviceKeys(newDeviceSecret());
    const value = { id: 'r-1', serialNumber: 'LKQ8842197' };
    await keys.presealBytes(value, 'seizures|tag|r-1');
    const [ahead] = await sealedByWebCrypto();

    const sealed = keys.sealBytes({ ...value }, 'seizures|tag|r-1');
    expect(ciphertextOf(sealed)).toBe(ahead);
    expect(keys.openBytes(sealed.slice(), 'seizures|tag|r-1')).toEqual(value);
  });

  it('seals afresh a value changed since, another context, or the same value a second time', async () => {
    const keys = deriveDeviceKeys(newDeviceSecret());
    await keys.presealBytes({ serialNumber: 'LKQ8842197' }, 'seizures|tag|r-1');
    await keys.presealBytes({ serialNumber: 'ABC123' }, 'seizures|tag|r-2');
    const ahead = await sealedByWebCrypto();

    const changed = keys.sealBytes({ serialNumber: 'LKQ8842198' }, 'seizures|tag|r-1');
    const elsewhere = keys.sealBytes({ serialNumber: 'ABC123' }, 'outbox|tag|r-2');
    const used = keys.sealBytes({ serialNumber: 'ABC123' }, 'seizures|tag|r-2');
    const again = keys.sealBytes({ serialNumber: 'ABC123' }, 'seizures|tag|r-2');

    expect(ahead).not.toContain(ciphertextOf(changed));
    expect(ahead).not.toContain(ciphertextOf(elsewhere));
    expect(ciphertextOf(used)).toBe(ahead[1]);
    expect(ciphertextOf(again)).not.toBe(ahead[1]);
    expect(keys.openBytes(changed, 'seizures|tag|r-1')).toEqual({ serialNumber: 'LKQ8842198' });
    expect(keys.openBytes(elsewhere, 'outbox|tag|r-2')).toEqual({ serialNumber: 'ABC123' });
    expect(keys.openBytes(again, 'seizures|tag|r-2')).toEqual({ serialNumber: 'ABC123' });
  });
});

describe('storage paths that seal ahead write what they sealed ahead', () => {
  const databases = freshDatabases('presealed');
  /** An unlocked phone's database and its name (to read its ciphertexts around Dexie). */
  function unlockedPhone() {
    const db = databases.unlocked();
    return { name: db.name, db };
  }

  /** The ciphertexts stored in a table, read around Dexie and the sealing middleware. */
  async function storedCiphertexts(name: string, table: string): Promise<string[]> {
    const raw = new Dexie(name);
    await raw.open();
    const rows = (await raw.table(table).toArray()) as { sealed: Uint8Array }[];
    raw.close();
    return rows.map((row) => ciphertextOf(row.sealed));
  }

  /** Three seizures saved and queued, as an officer leaves them before a push. */
  async function saveThree(db: TraceDB) {
    const repo = createSeizureRepository(db);
    for (let i = 0; i < 3; i++) await repo.save(validSeizure({ id: randomUUID() }));
    return createSyncStore(db);
  }

  /** Every row of the table, as stored, is one of the ciphertexts WebCrypto produced ahead. */
  async function expectWrittenAhead(name: string, table: string, ahead: string[], rows: number) {
    const stored = await storedCiphertexts(name, table);
    expect(stored).toHaveLength(rows);
    for (const row of stored) expect(ahead).toContain(row);
  }

  it('a save of a new seizure writes its row and its outbox entry as sealed ahead', async () => {
    const { name, db } = unlockedPhone();
    const record = validSeizure({ id: randomUUID() });
    await createSeizureRepository(db).save(record);
    const ahead = await sealedByWebCrypto();
    db.close();

    const [row] = await storedCiphertexts(name, 'seizures');
    const [entry] = await storedCiphertexts(name, 'outbox');
    expect(ahead).toContain(row);
    expect(ahead).toContain(entry);
  });

  it('an edit of a saved seizure writes its row as sealed ahead, and reads back as saved', async () => {
    const { name, db } = unlockedPhone();
    const repo = createSeizureRepository(db);
    const first = await repo.save(validSeizure({ id: randomUUID() }));
    encrypt.mockClear();
    await repo.save({ ...first.record, notes: 'Second look: grip taped' });
    const ahead = await sealedByWebCrypto();
    expect((await repo.get(first.id))?.record.notes).toBe('Second look: grip taped');
    db.close();

    expect(ahead).toContain((await storedCiphertexts(name, 'seizures'))[0]);
  });

  it('marking a batch as sent writes its outbox entries as sealed ahead', async () => {
    const { name, db } = unlockedPhone();
    const store = await saveThree(db);
    const batch = await store.nextBatch(10);
    encrypt.mockClear();
    const sending = await store.markSending(batch.map((b) => b.entry));
    const ahead = await sealedByWebCrypto();
    expect(sending.map((e) => e.attempts)).toEqual([1, 1, 1]);
    db.close();

    await expectWrittenAhead(name, 'outbox', ahead, 3);
  });

  it('recording the server acknowledging a batch leaves the sealed seizure rows as they were, byte for byte', async () => {
    const { name, db } = unlockedPhone();
    const store = await saveThree(db);
    const sending = await store.markSending((await store.nextBatch(10)).map((b) => b.entry));
    const before = await storedCiphertexts(name, 'seizures');
    await store.recordResults(sending.map((entry, i) => ({ entry, status: 'acknowledged', revision: i + 1 })));
    const repo = createSeizureRepository(db);
    expect((await repo.search('')).map((row) => row.syncState)).toEqual(['synced', 'synced', 'synced']);
    expect(await db.outbox.count()).toBe(0);
    db.close();

    expect(await storedCiphertexts(name, 'seizures')).toEqual(before);
  });

  it('a pulled page writes its new rows and their sync states as sealed ahead', async () => {
    const { name, db } = unlockedPhone();
    const records = [validSeizure({ id: randomUUID() }), validSeizure({ id: randomUUID() })];
    await createSyncStore(db).applyPulled(
      records.map((record, i) => ({ revision: i + 1, record })),
      'cursor-2',
    );
    const ahead = await sealedByWebCrypto();
    db.close();

    await expectWrittenAhead(name, 'seizures', ahead, 2);
    await expectWrittenAhead(name, 'syncStates', ahead, 2);
  });
});
