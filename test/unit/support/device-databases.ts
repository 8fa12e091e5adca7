/**
 * Device databases for the tests of one file: each new, under its own name, and closed and
 * deleted after the test that made it. Call freshDatabases once at the top of a file: it
 * registers that afterEach.
 */
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { afterEach } from 'vitest';
import { TraceDB } from '../../../src/storage';
import { newDeviceSecret } from '../../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../../src/storage/crypto/record-cipher';

export interface FreshDatabases {
  /**
   * As the app's is before the PIN: nothing sealed can be read or written. Given the `name` of
   * one made before (`db.name`), it is that database opened again, deleted with the rest.
   */
  locked(name?: string): TraceDB;
  /**
   * Opened with a new officer's keys, as the app's is after the PIN: its records are sealed at
   * rest (src/storage/crypto/sealing-middleware.ts) and read back in clear.
   */
  unlocked(): TraceDB;
}

export function freshDatabases(prefix: string): FreshDatabases {
  const made: TraceDB[] = [];
  afterEach(async () => {
    const done = made.splice(0);
    for (const db of done) db.close();
    for (const name of new Set(done.map((db) => db.name))) await Dexie.delete(name);
  });
  const locked = (name = `${prefix}-${randomUUID()}`) => {
    const db = new TraceDB(name);
    made.push(db);
    return db;
  };
  return {
    locked,
    unlocked: () => {
      const db = locked();
      db.unlock(deriveDeviceKeys(newDeviceSecret()));
      return db;
    },
  };
}
