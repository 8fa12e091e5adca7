/**
 * The space reserve (src/storage/space-reserve.ts): on a full device, sync's bookkeeping gives it
 * up once and tries again; nothing else may spend it.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError } from '../../src/storage';
import { ensureSpaceReserve, RESERVE_BYTES, RESERVE_DATABASE, withSpaceReserve } from '../../src/storage/space-reserve';

const quotaError = () => Object.assign(new Error('full'), { name: 'QuotaExceededError' });

/** A write that fails for lack of space until the reserve is gone. */
const writeNeedingTheReserve = () => {
  const calls: boolean[] = [];
  return {
    calls,
    write: async () => {
      const reserveThere = await Dexie.exists(RESERVE_DATABASE);
      calls.push(reserveThere);
      if (reserveThere) throw quotaError();
      return 'written';
    },
  };
};

afterEach(async () => {
  vi.unstubAllGlobals();
  await Dexie.delete(RESERVE_DATABASE);
});

const MB = 1024 * 1024;
/** The bytes the reserve holds, read around the module. */
const reserveBytes = async () => {
  const db = new Dexie(RESERVE_DATABASE);
  db.version(1).stores({ ballast: '' });
  try {
    return (await db.table<Uint8Array>('ballast').toArray()).reduce((sum, row) => sum + row.byteLength, 0);
  } finally {
    db.close();
  }
};
/** A Chromium-like estimate: `outside` bytes of the origin's usage are not IndexedDB's (the precache). */
const stubEstimate = (outside: number) =>
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota: 8 * MB, usage: outside + MB, usageDetails: { indexedDB: MB, caches: outside } }) } });

describe('space reserve', () => {
  it('is made once and kept', async () => {
    expect(await ensureSpaceReserve()).toBe(true);
    expect(await Dexie.exists(RESERVE_DATABASE)).toBe(true);
    expect(await ensureSpaceReserve()).toBe(true);
  });

  it('covers what the origin keeps outside IndexedDB, topped up as the precache grows', async () => {
    stubEstimate(MB);
    expect(await ensureSpaceReserve()).toBe(true);
    expect(await reserveBytes()).toBe(RESERVE_BYTES);
    // A precache of 3.5 MB (the app's files and the ZXing wasm): releasing 2 MB would leave a full device over its quota.
    stubEstimate(3.5 * MB);
    expect(await ensureSpaceReserve()).toBe(true);
    expect(await reserveBytes()).toBe(4 * MB);
    expect(await ensureSpaceReserve()).toBe(true);
    expect(await reserveBytes()).toBe(4 * MB);
  });

  it('is given up when a write finds the device full, and the write goes through', async () => {
    await ensureSpaceReserve();
    const { calls, write } = writeNeedingTheReserve();
    expect(await withSpaceReserve(write)).toBe('written');
    expect(calls).toEqual([true, false]);
    expect(await Dexie.exists(RESERVE_DATABASE)).toBe(false);
  });

  it('reports the device full when there is no reserve left', async () => {
    const failing = async () => {
      throw quotaError();
    };
    await expect(withSpaceReserve(failing)).rejects.toMatchObject({ code: 'quotaExceeded' });
  });

  it('keeps the reserve when a write fails for another reason', async () => {
    await ensureSpaceReserve();
    const broken = async () => {
      throw new Error('disk error');
    };
    const failure = await withSpaceReserve(broken).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ code: 'writeFailed' });
    expect(await Dexie.exists(RESERVE_DATABASE)).toBe(true);
  });
});
