/**
 * A shared record's photos are fetched from the server when the record is opened with a
 * connection, and kept sealed on the device (display copies only) until the share ends.
 */
import { useEffect, useState } from 'react';
import { displayCopy } from '../../../lib/photo-file';
import { useOnline } from '../../../lib/use-online';
import { loadSharedPhotos } from '../../../sync';

export type SharedPhotosState = 'idle' | 'loading' | 'done' | 'offline';

export function useSharedPhotos(recordId: string, shared: boolean): SharedPhotosState {
  const online = useOnline();
  // Set only when a fetch ends; what shows meanwhile is derived below.
  const [ended, setEnded] = useState<{ recordId: string; state: 'done' | 'offline' }>();
  useEffect(() => {
    if (!shared || !online) return;
    let current = true;
    loadSharedPhotos(recordId, (bytes, contentType) => displayCopy(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType })))
      .then(() => current && setEnded({ recordId, state: 'done' }))
      .catch(() => current && setEnded({ recordId, state: 'offline' }));
    return () => {
      current = false;
    };
  }, [recordId, shared, online]);
  if (!shared) return 'idle';
  if (!online) return 'offline';
  return ended?.recordId === recordId ? ended.state : 'loading';
}
