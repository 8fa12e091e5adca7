/**
 * Space kept in reserve (a few megabytes, reserveSize below) so sync can still record the
 * server's answers on a full device. At quota, every write fails, including the ones that would
 * free space: marking a record synced rewrites its row, and deleting its outbox entry shares
 * that transaction. Without a reserve, a full phone could never drain its outbox, and the officer
 * could never free space by syncing. The reserve is released only for sync's bookkeeping (never
 * to let a new save through: a save on a full device must fail loudly) and is put back when
 * there is room again.
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

/** What the reserve holds for sync's bookkeeping itself, beyond covering the app's own files (below). */
const BOOKKEEPING_BYTES = 512 * 1024;

/**
 * How big the reserve must be. Measured in Chromium (test/e2e/storage-limits.test.ts, 8 MB quota):
 * a filling IndexedDB took writes until IndexedDB alone was at the quota, the origin's usage over
 * it by its Cache Storage (1.6 MB, then 3.2 MB once the precache held the ZXing wasm and the
 * municipalities), and once refused, took none until the whole usage was under the quota again.
 * A reserve smaller than what the origin keeps outside IndexedDB therefore frees nothing a write
 * can use: it covers that, plus room for the bookkeeping, and is never less than RESERVE_BYTES.
 * Browsers that do not break usage down (usageDetails is Chromium's) keep RESERVE_BYTES.
 */
async function reserveSize(): Promise<number> {
  const estimate: (StorageEstimate & { usageDetails?: { indexedDB?: number } }) | undefined = await globalThis.navigator?.storage
    ?.estimate?.()
    .catch(() => undefined);
  const indexedDb = estimate?.usageDetails?.indexedDB;
  const outside = estimate?.usage !== undefined && indexedDb !== undefined ? Math.max(0, estimate.usage - indexedDb) : 0;
  return Math.max(RESERVE_BYTES, outside + BOOKKEEPING_BYTES);
}

/**
 * Makes sure the reserve exists and is as big as reserveSize() says; quietly does nothing when
 * there is no room for it (yet). A reserve too small is topped up with a row of the difference,
 * not written again whole: the old row's space would come back only at a compaction.
 */
export async function ensureSpaceReserve(): Promise<boolean> {
  try {
    const wanted = await reserveSize();
    return await withReserveDb(async (db) => {
      const rows = await db.ballast.toArray();
      const kept = rows.reduce((sum, row) => sum + row.byteLength, 0);
      if (kept >= wanted) return true;
      try {
        await db.ballast.put(incompressibleBytes(wanted - kept), rows.length + 1);
        return true;
      } catch {
        return kept > 0;
      }
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
