/**
 * Browsers may evict a site's data under storage pressure unless the site is marked persistent
 * (R-S1, R-S3). Ask once per start and report the answer so the officer can see whether unsent
 * records are at risk; the answer and the quota are shown in the storage panel.
 */
export type PersistenceState = 'persisted' | 'notPersisted' | 'unsupported';

export interface StorageHealth {
  persistence: PersistenceState;
  usageBytes?: number;
  quotaBytes?: number;
}

type Estimate = Pick<StorageHealth, 'usageBytes' | 'quotaBytes'>;

export async function storageEstimate(): Promise<Estimate> {
  const estimate = typeof navigator === 'undefined' ? undefined : await navigator.storage?.estimate?.().catch(() => undefined);
  return {
    ...(estimate?.usage !== undefined && { usageBytes: estimate.usage }),
    ...(estimate?.quota !== undefined && { quotaBytes: estimate.quota }),
  };
}

export async function requestPersistence(): Promise<StorageHealth> {
  // persist() is a window API; the service worker imports this module but never calls it.
  const storage = (typeof navigator === 'undefined' ? undefined : navigator.storage) as (StorageManager & { persist?: () => Promise<boolean> }) | undefined;
  if (!storage?.persist) return { persistence: 'unsupported' };
  let persisted = (await storage.persisted?.()) ?? false;
  if (!persisted) persisted = await storage.persist().catch(() => false);
  return { persistence: persisted ? 'persisted' : 'notPersisted', ...(await storageEstimate()) };
}
