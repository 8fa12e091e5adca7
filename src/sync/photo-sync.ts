/**
 * When photos are sent, and the shared records' photos fetched (docs/photos.md). A pass of the
 * uploader (photo-uploader.ts) follows every records' sync run that succeeded, and runs again on
 * its own timer: when the next photo is due, or after a backoff of its own when the server could
 * not be reached (1 s to 5 min with full jitter, backoff.ts). One tab sends at a time (the Web
 * Lock `traceready-photos`; a tab that finds it taken leaves the pass to the other). Nothing here
 * waits for, or fails, the records' run.
 */
import type { PhotoStore } from '../storage';
import { retryDelay } from './backoff';
import type { PhotoTransport } from './photo-transport';
import type { PassReport, PhotoUploader } from './photo-uploader';

export const PHOTO_LOCK_NAME = 'traceready-photos';

export interface PhotoSyncOptions {
  /** Loaded with the first pass (tus-js-client and the shared photo schema with it), not with the first screen. */
  uploader: () => Promise<PhotoUploader>;
  nextDueAt: () => Promise<string | undefined>;
  paused: () => boolean;
  now?: () => number;
  random?: () => number;
}

export function startPhotoSync(options: PhotoSyncOptions) {
  const now = options.now ?? Date.now;
  let running = false;
  let again = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(request, Math.max(1_000, delayMs));
  };

  const runPass = async () => (await options.uploader()).runPass();
  const pass = (): Promise<PassReport | undefined> =>
    typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks.request(PHOTO_LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? runPass() : undefined)) : runPass();

  async function cycle() {
    running = true;
    try {
      do {
        again = false;
        const report = await pass().catch((): PassReport => ({ outcome: 'stopped', sent: 0, failed: 0 }));
        if (!report || report.outcome === 'signedOut') continue;
        if (report.outcome === 'stopped') {
          failures++;
          schedule(retryDelay(failures, options.random));
          continue;
        }
        failures = 0;
        const due = await options.nextDueAt().catch(() => undefined);
        if (due === undefined) clearTimeout(timer);
        else schedule(Date.parse(due) - now());
      } while (again && !stopped && !options.paused());
    } finally {
      running = false;
    }
  }

  function request() {
    if (stopped || options.paused()) return;
    if (running) {
      again = true;
      return;
    }
    void cycle();
  }

  return {
    request,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type PhotoSync = ReturnType<typeof startPhotoSync>;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A shared record's photos, fetched when the record is opened online and kept (sealed, origin
 * shared: their display copy only) until the share ends and the record's tombstone takes them.
 * Bytes whose hash is not the one listed are not kept. Returns how many are new on the device.
 */
export async function fetchSharedPhotos(
  store: Pick<PhotoStore, 'sharedIds' | 'addShared'>,
  transport: PhotoTransport,
  recordId: string,
  makeCopy: (bytes: Uint8Array, contentType: string) => Promise<Parameters<PhotoStore['addShared']>[1]>,
): Promise<number> {
  const [listed, known] = await Promise.all([transport.list(recordId), store.sharedIds(recordId)]);
  let added = 0;
  for (const meta of listed) {
    if (known.has(meta.photoId)) continue;
    const { bytes } = await transport.original(meta.photoId);
    if ((await sha256Hex(bytes)) !== meta.sha256) continue;
    if (await store.addShared(meta, await makeCopy(bytes, meta.contentType))) added++;
  }
  return added;
}
