/**
 * What the officer reads under a photo (docs/photos.md, "On screen"): decided from its row and
 * its upload row alone, so the words follow the uploader as it writes (live queries).
 */
import type { PhotoView } from '../../../storage';

export type PhotoStatusKey = 'onDevice' | 'retrying' | 'sending' | 'onServer' | 'failed' | 'shared';

export interface PhotoStatus {
  key: PhotoStatusKey;
  /** A key under photos:reason, with the code for `other`. */
  reason?: { key: string; code: string };
  percent?: number;
}

const KNOWN_REASONS = new Set(['network', 'timeout', 'server', 'tooLarge', 'forbidden', 'unknownRecord', 'badMetadata', 'idReused', 'hashMismatch']);

export function reasonOf(code: string): { key: string; code: string } {
  const bare = code.replace(/^photo\./, '');
  return { key: KNOWN_REASONS.has(bare) ? bare : 'other', code };
}

export function photoStatus(view: PhotoView): PhotoStatus {
  if (view.origin === 'shared') return { key: 'shared' };
  const upload = view.upload;
  if (!upload) return { key: 'onDevice' };
  switch (upload.state) {
    case 'on_server':
      return { key: 'onServer' };
    case 'failed':
      return { key: 'failed', reason: reasonOf(upload.lastError ?? 'server') };
    case 'uploading':
      if (upload.lastError) return { key: 'retrying', reason: reasonOf(upload.lastError) };
      return { key: 'sending', percent: Math.min(99, Math.floor(((upload.sentBytes ?? 0) / Math.max(1, view.size)) * 100)) };
    case 'queued':
      return upload.lastError ? { key: 'retrying', reason: reasonOf(upload.lastError) } : { key: 'onDevice' };
  }
}

/** Photos the officer may still delete: not on the server, not being taken by it. */
export const mayDelete = (view: PhotoView): boolean => view.origin === 'own' && view.upload?.state !== 'on_server' && view.upload?.state !== 'uploading';
