/**
 * Whether a photo may be written, decided before anything is (issue 17: a photo too large for
 * the space left is refused with a clear message before anything is lost). A photo is megabytes
 * where a record is kilobytes: written into the last free space it would take what the space
 * reserve (space-reserve.ts) keeps for sync's bookkeeping, and the next save would fail. So a
 * photo must fit with the reserve's worth of room left over, and must not be larger than the
 * server will take (its announced maxBytes), or it could never leave the device.
 */
import { RESERVE_BYTES } from './space-reserve';

export type PhotoRefusal =
  /** Not enough room on the device for it and its display copy, with the reserve kept free. */
  | { code: 'photo.noSpace'; needed: number; free: number }
  /** Larger than the server accepts: it could never be sent. */
  | { code: 'photo.overServerLimit'; size: number; maxBytes: number }
  /** Not an image type the server stores. */
  | { code: 'photo.notAnImage' }
  /** Empty file. */
  | { code: 'photo.empty' };

export class PhotoRefusedError extends Error {
  constructor(readonly refusal: PhotoRefusal) {
    super(refusal.code);
    this.name = 'PhotoRefusedError';
  }
}

/** A sealed value costs 28 bytes more than its plaintext; rows and IndexedDB's own pages cost a little more. */
const PER_PHOTO_OVERHEAD = 64 * 1024;

export interface SpaceEstimate {
  usage?: number;
  quota?: number;
}

/** The bytes a photo takes on the device: the original, its display copy, their rows. */
export const photoFootprint = (originalBytes: number, displayBytes: number): number => originalBytes + displayBytes + PER_PHOTO_OVERHEAD;

/**
 * Refusal or undefined. A browser that does not estimate (no quota known) is let through: the
 * write is one transaction, so if it does not fit it fails whole and changes nothing.
 */
export function photoRefusal(estimate: SpaceEstimate, originalBytes: number, displayBytes: number, maxBytes: number): PhotoRefusal | undefined {
  if (originalBytes <= 0) return { code: 'photo.empty' };
  if (originalBytes > maxBytes) return { code: 'photo.overServerLimit', size: originalBytes, maxBytes };
  if (estimate.quota === undefined || estimate.usage === undefined) return undefined;
  const free = Math.max(0, estimate.quota - estimate.usage);
  const needed = photoFootprint(originalBytes, displayBytes) + RESERVE_BYTES;
  return free < needed ? { code: 'photo.noSpace', needed, free } : undefined;
}

export async function currentEstimate(): Promise<SpaceEstimate> {
  const estimate = typeof navigator === 'undefined' ? undefined : await navigator.storage?.estimate?.().catch(() => undefined);
  return { ...(estimate?.usage !== undefined && { usage: estimate.usage }), ...(estimate?.quota !== undefined && { quota: estimate.quota }) };
}
