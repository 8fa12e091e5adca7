/**
 * The key vault (src/storage/crypto/key-vault.ts): offline unlock with the PIN, the wrong-PIN
 * limit that wipes the PIN's wrapping but not the way back through the server, and one officer's
 * keys out of reach of another.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { TraceDB } from '../../src/storage';
import { toBase64, WrongKeyError } from '../../src/storage/crypto/key-bytes';
import { createKeyVault, isValidPin, MAX_PIN_ATTEMPTS, WrongPinError } from '../../src/storage/crypto/key-vault';

const ROUNDS = 1_000;
const accountKey = () => toBase64(crypto.getRandomValues(new Uint8Array(32)));
const dbs: TraceDB[] = [];
const vault = () => {
  const db = new TraceDB(`vault-${randomUUID()}`);
  dbs.push(db);
  return { db, vault: createKeyVault(db) };
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('key vault', () => {
  it('unlocks offline with the PIN, opening what was sealed before', async () => {
    const { vault: v } = vault();
    const first = await v.create('officer-1', '482913', accountKey(), ROUNDS);
    const sealed = first.keys.sealBytes({ serial: 'AB12345' }, 'seizure r-1');
    expect(await v.state('officer-1')).toBe('pinSet');
    const again = await v.unlockWithPin('officer-1', '482913');
    expect(again.keys.openBytes(sealed, 'seizure r-1')).toEqual({ serial: 'AB12345' });
  });

  it('stores no secret in clear', async () => {
    const { db, vault: v } = vault();
    const { secret } = await v.create('officer-1', '482913', accountKey(), ROUNDS);
    const stored = JSON.stringify(await db.meta.toArray());
    expect(stored).not.toContain(toBase64(secret));
    expect(stored).not.toContain('482913');
  });

  it('counts wrong PINs, forgives them after a right one, and wipes the PIN at the limit', async () => {
    const { vault: v } = vault();
    await v.create('officer-1', '482913', accountKey(), ROUNDS);
    await expect(v.unlockWithPin('officer-1', '000000')).rejects.toMatchObject({ attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
    await v.unlockWithPin('officer-1', '482913');
    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++) await expect(v.unlockWithPin('officer-1', '111111')).rejects.toMatchObject({ attemptsLeft: MAX_PIN_ATTEMPTS - i });
    await expect(v.unlockWithPin('officer-1', '111111')).rejects.toMatchObject({ attemptsLeft: 0 });
    expect(await v.state('officer-1')).toBe('pinWiped');
    await expect(v.unlockWithPin('officer-1', '482913')).rejects.toBeInstanceOf(WrongPinError);
  });

  it('recovers through the server’s key after the PIN was wiped, and takes a new PIN', async () => {
    const { vault: v } = vault();
    const key = accountKey();
    const first = await v.create('officer-1', '482913', key, ROUNDS);
    const sealed = first.keys.sealBytes({ serial: 'AB12345' }, 'seizure r-1');
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await v.unlockWithPin('officer-1', '111111').catch(() => undefined);
    expect(await v.state('officer-1')).toBe('pinWiped');

    await expect(v.unlockWithAccountKey('officer-1', accountKey())).rejects.toBeInstanceOf(WrongKeyError);
    const recovered = await v.unlockWithAccountKey('officer-1', key);
    expect(recovered.keys.openBytes(sealed, 'seizure r-1')).toEqual({ serial: 'AB12345' });
    await v.setPin('officer-1', recovered.secret, '730155', ROUNDS);
    expect(await v.state('officer-1')).toBe('pinSet');
    expect((await v.unlockWithPin('officer-1', '730155')).keys.openBytes(sealed, 'seizure r-1')).toEqual({ serial: 'AB12345' });
  });

  it('gives another officer on the same phone nothing', async () => {
    const { vault: v } = vault();
    await v.create('officer-1', '482913', accountKey(), ROUNDS);
    expect(await v.state('officer-2')).toBe('none');
    await expect(v.unlockWithPin('officer-2', '482913')).rejects.toBeInstanceOf(WrongPinError);
  });

  it('keeps each officer’s vault when a second officer sets up the same phone', async () => {
    const { vault: v } = vault();
    const first = await v.create('officer-1', '482913', accountKey(), ROUNDS);
    const sealed = first.keys.sealBytes({ serial: 'AB12345' }, 'seizure r-1');
    await v.create('officer-2', '730155', accountKey(), ROUNDS);
    await expect(v.unlockWithPin('officer-2', '482913')).rejects.toBeInstanceOf(WrongPinError);
    expect((await v.unlockWithPin('officer-1', '482913')).keys.openBytes(sealed, 'seizure r-1')).toEqual({ serial: 'AB12345' });
    const second = (await v.unlockWithPin('officer-2', '730155')).keys;
    expect(() => second.openBytes(sealed, 'seizure r-1')).toThrow(WrongKeyError);
  });

  it('accepts only PINs of 6 to 12 digits', () => {
    expect(['482913', '123456789012'].every(isValidPin)).toBe(true);
    expect(['1234', '12345', 'abcdef', '4829 13', '1234567890123', ''].some(isValidPin)).toBe(false);
  });
});
