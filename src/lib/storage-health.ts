/**
 * The answer to navigator.storage.persist(), asked once per start and shared by every screen
 * that shows it (header indicator, settings).
 */
import { useEffect, useState } from 'react';
import { requestPersistence, type StorageHealth } from '../storage';

let asked: Promise<StorageHealth> | undefined;

export const storageHealth = (): Promise<StorageHealth> => (asked ??= requestPersistence().catch(() => ({ persistence: 'unsupported' }) as StorageHealth));

export function useStorageHealth(): StorageHealth | undefined {
  const [health, setHealth] = useState<StorageHealth>();
  useEffect(() => {
    let live = true;
    void storageHealth().then((h) => live && setHealth(h));
    return () => {
      live = false;
    };
  }, []);
  return health;
}
