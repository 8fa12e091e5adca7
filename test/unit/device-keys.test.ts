/**
 * The device's keys (src/storage/crypto/device-keys.ts): what is sealed opens only with the
 * right key and in its own row, a wrong PIN is told apart from a right one, the server's copy
 * recovers the secret, and index hashes are stable per device and differ between devices.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newDeviceSecret, unwrapWithAccountKey, unwrapWithPin, wrapWithAccountKey, wrapWithPin } from '../../src/storage/crypto/device-keys';
import { toBase64, WrongKeyError } from '../../src/storage/crypto/key-bytes';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';

// Few rounds keep the test fast; the real figure is PIN_KDF_ITERATIONS.
const ROUNDS = 1_000;
const record = { id: 'r-1', agency: { caseNumber: 'FGR/SON/HMO/0001/2026' }, firearms: [{ serialNumber: 'AB12345' }], possessors: [{ name: 'Juan Pérez' }] };

describe('sealing records', () => {
  it('opens what it sealed, and the ciphertext holds none of the plain text', async () => {
    const keys = await deriveDeviceKeys(newDeviceSecret());
    const sealed = keys.sealBytes(record, 'seizure r-1');
    const bytes = new TextDecoder('latin1').decode(sealed);
    for (const plain of ['AB12345', 'Juan', 'FGR/SON']) expect(bytes).not.toContain(plain);
    expect(keys.openBytes(sealed, 'seizure r-1')).toEqual(record);
  });

  it('gives a fresh nonce every time', async () => {
    const keys = await deriveDeviceKeys(newDeviceSecret());
    const a = keys.sealBytes(record, 'seizure r-1');
    const b = keys.sealBytes(record, 'seizure r-1');
    // The nonce is the first 12 bytes.
    expect(a.subarray(0, 12)).not.toEqual(b.subarray(0, 12));
    expect(a.subarray(12)).not.toEqual(b.subarray(12));
  });

  it('refuses another device’s key, another row, and altered bytes', async () => {
    const keys = await deriveDeviceKeys(newDeviceSecret());
    const sealed = keys.sealBytes(record, 'seizure r-1');
    expect(() => deriveDeviceKeys(newDeviceSecret()).openBytes(sealed, 'seizure r-1')).toThrow(WrongKeyError);
    expect(() => keys.openBytes(sealed, 'seizure r-2')).toThrow(WrongKeyError);
    const altered = sealed.slice();
    altered[15] = (altered[15] ?? 0) ^ 1;
    expect(() => keys.openBytes(altered, 'seizure r-1')).toThrow(WrongKeyError);
  });

  it('derives the same keys from the same secret', async () => {
    const secret = newDeviceSecret();
    const sealed = deriveDeviceKeys(secret).sealBytes(record, 'seizure r-1');
    expect(deriveDeviceKeys(secret).openBytes(sealed, 'seizure r-1')).toEqual(record);
  });
});

describe('index hashes', () => {
  it('are equal for equal values on one device and differ between devices', async () => {
    const secret = newDeviceSecret();
    const one = await deriveDeviceKeys(secret);
    const again = await deriveDeviceKeys(secret);
    const other = await deriveDeviceKeys(newDeviceSecret());
    expect(await one.indexHash('AB12345')).toBe(await again.indexHash('AB12345'));
    expect(await one.indexHash('AB12345')).not.toBe(await one.indexHash('AB12346'));
    expect(await one.indexHash('AB12345')).not.toBe(await other.indexHash('AB12345'));
    expect(await one.indexHash('AB12345')).not.toContain('AB12345');
  });
});

describe('wrapping the secret', () => {
  it('opens with the right PIN only', async () => {
    const secret = newDeviceSecret();
    const wrapped = await wrapWithPin(secret, '482913', ROUNDS);
    expect(wrapped).toMatchObject({ kdf: 'PBKDF2-SHA-256', iterations: ROUNDS });
    expect(await unwrapWithPin(wrapped, '482913')).toEqual(secret);
    await expect(unwrapWithPin(wrapped, '482914')).rejects.toBeInstanceOf(WrongKeyError);
  });

  it('salts each wrapping, so one PIN on two devices gives two different wrappings', async () => {
    const secret = newDeviceSecret();
    const a = await wrapWithPin(secret, '482913', ROUNDS);
    const b = await wrapWithPin(secret, '482913', ROUNDS);
    expect(a.salt).not.toBe(b.salt);
    expect(a.data).not.toBe(b.data);
  });

  it('recovers the secret with the server’s key for the account when the PIN is forgotten', async () => {
    const secret = newDeviceSecret();
    const serverKey = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    const wrapped = await wrapWithAccountKey(secret, serverKey);
    expect(await unwrapWithAccountKey(wrapped, serverKey)).toEqual(secret);
    await expect(unwrapWithAccountKey(wrapped, toBase64(crypto.getRandomValues(new Uint8Array(32))))).rejects.toBeInstanceOf(WrongKeyError);
  });
});

describe('rows remembered while unlocked', () => {
  it('opens a row it just sealed or opened without trusting bytes that changed since', () => {
    const keys = deriveDeviceKeys(newDeviceSecret());
    const sealed = keys.sealBytes(record, 'seizures|t|r-1');
    expect(keys.openBytes(sealed, 'seizures|t|r-1')).toEqual(record);
    // Remembered bytes, altered on disk: the tag check runs again and fails.
    const altered = sealed.slice();
    altered[20] = (altered[20] ?? 0) ^ 1;
    expect(() => keys.openBytes(altered, 'seizures|t|r-1')).toThrow(WrongKeyError);
    // Another row's bytes under this row's name are refused too.
    const other = keys.sealBytes({ ...record, id: 'r-2' }, 'seizures|t|r-2');
    expect(() => keys.openBytes(other, 'seizures|t|r-1')).toThrow(WrongKeyError);
    // What is handed back is a fresh copy each time: changing it changes nothing remembered.
    const first = keys.openBytes<typeof record>(sealed, 'seizures|t|r-1');
    first.firearms[0]!.serialNumber = 'CHANGED';
    expect(keys.openBytes(sealed, 'seizures|t|r-1')).toEqual(record);
  });

  it('gives the same index hash for a value hashed before', () => {
    const secret = newDeviceSecret();
    const keys = deriveDeviceKeys(secret);
    const first = keys.indexHash('AB12345');
    expect(keys.indexHash('AB12345')).toBe(first);
    expect(deriveDeviceKeys(secret).indexHash('AB12345')).toBe(first);
    expect(keys.indexHash('AB12346')).not.toBe(first);
  });

  it('hashes index values as HMAC-SHA-256 under the HKDF index key, cut to 128 bits, whatever came before', () => {
    // Checked against Node's own HMAC and HKDF: the indexes already on a phone stay findable.
    const secret = newDeviceSecret();
    const indexKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'traceready index v1', 32));
    const expected = (value: string) => createHmac('sha256', indexKey).update(value, 'utf8').digest().subarray(0, 16).toString('base64');
    const keys = deriveDeviceKeys(secret);
    // Short ASCII is encoded in a reused buffer, anything else by TextEncoder: both, in any order.
    const values = ['A', 'AB12345', 'ÑANDÚ-Ø', 'A'.repeat(100), 'AB1234', '', 'B'.repeat(128), 'C'.repeat(129), 'FGR/SON/HMO/0001/2026', 'x\u007f', 'x\u0080', '\u{1F52B}9MM', 'AB1'];
    for (const value of values) expect(keys.indexHash(value)).toBe(expected(value));
  });
});
