/**
 * Whether the browser says it has a network at all. It can say "online" behind a dead link (the
 * sync status then says what failed), but when it says "offline" it is right, and the header
 * must say so even with nothing waiting to be sent.
 */
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export const useOnline = (): boolean => useSyncExternalStore(subscribe, () => navigator.onLine, () => true);
