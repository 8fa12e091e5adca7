/**
 * The device lock as the app uses it: one per page, over the device database. Screens read its
 * state through useDeviceLock and act through `deviceLock`.
 */
import { useSyncExternalStore } from 'react';
import { claimUnsealed, db, preloadChecks, reindexSealed, repairOutbox } from '../storage';
import { createKeyVault } from '../storage/crypto/key-vault';
import { currentSession, requestSync } from '../sync';
import { createDeviceLock, type LockState } from './device-lock';
import { watchInactivity } from './inactivity';

export const deviceLock = createDeviceLock({
  vault: createKeyVault(db),
  storage: {
    async open(keys) {
      db.unlock(keys);
      // What an older version kept in clear is sealed now, and rows indexed in an older format
      // are indexed again; then the outbox is checked before sync may read it.
      await claimUnsealed(db);
      await reindexSealed(db);
      await repairOutbox(db);
      requestSync('manual');
    },
    close: () => db.lock(),
  },
  session: () => currentSession(),
  watchIdle: (limitMs, onIdle) => watchInactivity({ limitMs, onIdle }),
});

// The validation code stays off the first screen (sign-in, PIN); once an officer can open the app
// (the PIN screen, or open after a sign-in), it loads while the PIN is typed, before the list needs it.
let checksRequested = false;
deviceLock.subscribe(() => {
  const { kind } = deviceLock.state();
  if (checksRequested || kind === 'starting' || kind === 'signedOut' || kind === 'signInNeeded') return;
  checksRequested = true;
  preloadChecks().catch(() => (checksRequested = false));
});

export const useDeviceLock = (): LockState => useSyncExternalStore(deviceLock.subscribe, deviceLock.state, deviceLock.state);

export type { LockState, UnlockResult } from './device-lock';
export type { PinProblem } from './pin-rules';
