/**
 * The device lock as the app uses it: one per page, over the device database. Screens read its
 * state through useDeviceLock and act through `deviceLock`.
 */
import { useSyncExternalStore } from 'react';
import { createSyncStore, db } from '../storage';
import { createKeyVault } from '../storage/crypto/key-vault';
import { createDeviceLock, type LockState } from './device-lock';
import { watchInactivity } from './inactivity';

const store = createSyncStore(db);
export const deviceLock = createDeviceLock({
  vault: createKeyVault(db),
  session: () => store.session(),
  watchIdle: (limitMs, onIdle) => watchInactivity({ limitMs, onIdle }),
});

export const useDeviceLock = (): LockState => useSyncExternalStore(deviceLock.subscribe, deviceLock.state, deviceLock.state);

export type { LockState, UnlockResult } from './device-lock';
export type { PinProblem } from './pin-rules';
