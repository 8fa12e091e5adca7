/**
 * The device lock as the app uses it: one per page, over the device database. Screens read its
 * state through useDeviceLock and act through `deviceLock`.
 */
import { useSyncExternalStore } from 'react';
import { claimUnsealed, db, preloadChecks, reindexSealed, repairOutbox, splitSyncState } from '../storage';
import { createKeyVault } from '../storage/crypto/key-vault';
import { currentSession, requestSync } from '../sync';
import { createDeviceLock, type LockState } from './device-lock';
import { watchInactivity } from './inactivity';

export const deviceLock = createDeviceLock({
  vault: createKeyVault(db),
  storage: {
    async open(keys) {
      db.unlock(keys);
      // What an older version kept in clear is sealed now, the sync state an older version kept
      // inside the seizure rows moves to its own table, and rows indexed in an older format are
      // indexed again; then the outbox is checked before sync may read it.
      await claimUnsealed(db);
      await splitSyncState(db);
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

// "Lock" and a sign-out lock the app in every other open tab of the officer, not only in the one
// they were done in: the others hold the same records open. (After a sign-out, the PIN typed in
// such a tab leads to the sign-in: device-lock.ts.) An idle lock is not passed on: a tab
// left in the background would lock the one the officer is typing in; each tab's own idle timer
// locks it.
const otherTabs = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('traceready-lock');
let previous = deviceLock.state();
deviceLock.subscribe(() => {
  const state = deviceLock.state();
  const lockedByHand = previous.kind === 'unlocked' && state.kind === 'locked' && !state.idle;
  if ('userId' in previous && (lockedByHand || state.kind === 'signedOut')) otherTabs?.postMessage({ lock: previous.userId });
  previous = state;
});
otherTabs?.addEventListener('message', (event: MessageEvent<{ lock?: unknown }>) => {
  const state = deviceLock.state();
  if (state.kind === 'unlocked' && state.userId === event.data.lock) deviceLock.lock();
});

export const useDeviceLock = (): LockState => useSyncExternalStore(deviceLock.subscribe, deviceLock.state, deviceLock.state);

export type { LockState, UnlockResult } from './device-lock';
export type { PinProblem } from './pin-rules';
