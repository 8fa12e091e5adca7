/**
 * How safe the device's storage is: whether the browser agreed to keep it (persist(), asked
 * once per start) and how full it is (estimate(), read again after every save so the officer
 * hears "almost full" before a save fails, not after). Shared by the header and the settings.
 */
import { useSyncExternalStore } from 'react';
import { requestPersistence, storageEstimate, type StorageHealth } from '../storage';

/** Above this share of the quota the officer is told to sync and free space. */
export const ALMOST_FULL = 0.9;

let health: StorageHealth | undefined;
let asked = false;
const listeners = new Set<() => void>();

function publish(next: StorageHealth) {
  health = next;
  listeners.forEach((listener) => listener());
}

/** Reads the usage again (after a save, or when a save failed for lack of space). */
export async function refreshStorageHealth(): Promise<void> {
  if (!health) return;
  const estimate = await storageEstimate().catch(() => undefined);
  if (estimate) publish({ ...health, ...estimate });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!asked) {
    asked = true;
    void requestPersistence()
      .catch((): StorageHealth => ({ persistence: 'unsupported' }))
      .then(publish);
  }
  return () => listeners.delete(listener);
}

export const useStorageHealth = (): StorageHealth | undefined => useSyncExternalStore(subscribe, () => health, () => undefined);

export const isAlmostFull = (h: StorageHealth | undefined): boolean =>
  !!h?.quotaBytes && h.usageBytes !== undefined && h.usageBytes / h.quotaBytes >= ALMOST_FULL;
