/**
 * What the officer reads under a photo (src/features/seizures/photos/photo-status.ts), from its
 * rows alone: on the device, sending with progress, trying again after a failure, on the server,
 * refused with the server's reason; shared photos say whose they are; only photos the server
 * does not hold can be deleted.
 */
import { describe, expect, it } from 'vitest';
import { guidedShots } from '../../src/features/seizures/photos/FirearmPhotos';
import { mayDelete, photoStatus } from '../../src/features/seizures/photos/photo-status';
import type { PhotoUploadRow, PhotoView } from '../../src/storage';

const photo = (upload?: Partial<PhotoUploadRow>, origin: PhotoView['origin'] = 'own'): PhotoView => ({
  photoId: 'p-1',
  recordId: 'r-1',
  shot: 'serial',
  sha256: 'a'.repeat(64),
  size: 4_000_000,
  contentType: 'image/jpeg',
  addedAt: '2026-11-28T12:00:00Z',
  origin,
  originalKept: origin === 'own',
  ...(upload && { upload: { photoId: 'p-1', recordId: 'r-1', state: 'queued', attempts: 0, restarts: 0, updatedAt: '2026-11-28T12:00:00Z', ...upload } }),
});

describe('a photo’s status', () => {
  it.each<[string, PhotoView, ReturnType<typeof photoStatus>, boolean]>([
    ['queued', photo({}), { key: 'onDevice' }, true],
    ['part sent', photo({ state: 'uploading', uploadUrl: 'u', sentBytes: 1_000_000 }), { key: 'sending', percent: 25 }, false],
    ['cut, waiting to resume', photo({ state: 'uploading', uploadUrl: 'u', lastError: 'network' }), { key: 'retrying', reason: { key: 'network', code: 'network' } }, false],
    ['never reached the server', photo({ lastError: 'server' }), { key: 'retrying', reason: { key: 'server', code: 'server' } }, true],
    ['on the server', photo({ state: 'on_server' }), { key: 'onServer' }, false],
    ['refused as too large', photo({ state: 'failed', lastError: 'photo.tooLarge' }), { key: 'failed', reason: { key: 'tooLarge', code: 'photo.tooLarge' } }, true],
    ['refused for a reason we do not know', photo({ state: 'failed', lastError: 'http.418' }), { key: 'failed', reason: { key: 'other', code: 'http.418' } }, true],
    ['shared by another agency', photo(undefined, 'shared'), { key: 'shared' }, false],
  ])('%s', (_, view, status, deletable) => {
    expect(photoStatus(view)).toEqual(status);
    expect(mayDelete(view)).toBe(deletable);
  });
});

describe('the guided shots', () => {
  it('are the serial close-up, each side and the markings; the obliterated area when the serial is', () => {
    expect(guidedShots({})).toEqual(['serial', 'left', 'right', 'marking']);
    expect(guidedShots({ serialStatus: 'obliterated' })).toEqual(['serial', 'left', 'right', 'obliterated', 'marking']);
  });
});
