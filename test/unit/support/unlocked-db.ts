/**
 * A device database opened with a new officer's keys, as the app's is after the PIN: its records
 * are sealed at rest (src/storage/crypto/sealing-middleware.ts) and read back in clear.
 */
import { TraceDB } from '../../../src/storage';
import { newDeviceSecret } from '../../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../../src/storage/crypto/record-cipher';

export function unlockedDb(name: string): TraceDB {
  const db = new TraceDB(name);
  db.unlock(deriveDeviceKeys(newDeviceSecret()));
  return db;
}
