/**
 * A few hundred kilobytes kept in reserve so sync can still record the server's answers on a
 * full device. At quota, every write fails, including the ones that would free space: marking a
 * record synced rewrites its row, and deleting its outbox entry shares that transaction. Without
 * a reserve, a full phone could never drain its outbox, and the officer could never free space
 * by syncing. The reserve is released only for sync's bookkeeping (never to let a new save
 * through: a save on a full device must fail loudly) and is put back when there is room again.
 *
 * It is a database of its own because only deleting a whole database gives space back at once:
 * a deleted row stays on disk in Chromium's LevelDB until a compaction nobody controls.
 */
import Dexie, { type Table } from 'dexie';
import { StorageError, toStorageError } from './errors';

export const RESERVE_BYTES = 2 * 1024 * 1024;
export const RESERVE_DATABASE = 'traceready-reserve';

class ReserveDB extends Dexie {
  ballast!: Table<Uint8Array, number>;
  constructor() {
    super(RESERVE_DATABASE);
    this.version(1).stores({ ballast: '' });
  }
}

async function withReserveDb<T>(work: (db: ReserveDB) => Promise<T>): Promise<T> {
  const db = new ReserveDB();
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

// Random, because the browser compresses what it stores: 512 kB of zeros would hold back nothing.
function incompressibleBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 64 kB per call.
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65_536)));
  return bytes;
}

/** Makes sure the reserve exists; quietly does nothing when there is no room for it yet. */
export async function ensureSpaceReserve(): Promise<boolean> {
  try {
    return await withReserveDb(async (db) => {
      if ((await db.ballast.count()) > 0) return true;
      await db.ballast.put(incompressibleBytes(RESERVE_BYTES), 1);
      return true;
    });
  } catch {
    return false;
  }
}

async function releaseSpaceReserve(): Promise<boolean> {
  try {
    if (!(await Dexie.exists(RESERVE_DATABASE))) return false;
    await Dexie.delete(RESERVE_DATABASE);
    return true;
  } catch {
    return false;
  }
}

// Chromium gives a deleted database's space back to the quota a moment later, not at once
// (measured: refused right after the delete, accepted 1.5 s later).
const RETRY_DELAYS_MS = [0, 250, 500, 1000, 2000, 4000];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a write; if the device is full, gives up the reserve and tries again while its space comes back. */
export async function withSpaceReserve<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    let failure = toStorageError(error);
    if (failure.code !== 'quotaExceeded' || !(await releaseSpaceReserve())) throw failure;
    for (const delay of RETRY_DELAYS_MS) {
      await pause(delay);
      try {
        return await write();
      } catch (retryError) {
        failure = retryError instanceof StorageError ? retryError : toStorageError(retryError);
        if (failure.code !== 'quotaExceeded') throw failure;
      }
    }
    throw failure;
  }
}
