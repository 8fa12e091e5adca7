import { useEffect, useState } from 'react';

/**
 * Remembers one load per key (a lazily imported chunk), and forgets a failed one so the next
 * render may try again (a chunk missed while the service worker was still installing).
 */
export function loadOnce<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const loads = new Map<string, Promise<T>>();
  return (key) => {
    let pending = loads.get(key);
    if (!pending) {
      pending = load(key);
      loads.set(key, pending);
      pending.catch(() => loads.delete(key));
    }
    return pending;
  };
}

/** The value loaded for `key` (undefined: nothing needed yet, or still loading); a value loaded for an earlier key is never returned. */
export function useLoaded<T>(key: string | undefined, load: (key: string) => Promise<T>): T | undefined {
  const [loaded, setLoaded] = useState<{ key: string; value: T }>();
  useEffect(() => {
    if (key === undefined) return;
    let live = true;
    load(key).then(
      (value) => live && setLoaded({ key, value }),
      () => undefined, // stays undefined: the form works without the lookup
    );
    return () => {
      live = false;
    };
  }, [key, load]);
  return key !== undefined && loaded?.key === key ? loaded.value : undefined;
}
