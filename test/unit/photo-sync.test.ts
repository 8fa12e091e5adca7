/**
 * When photos move (src/sync/photo-sync.ts): a shared record's photos are fetched, checked
 * against their listed SHA-256 and kept as display copies only (bytes that do not match are not
 * kept); the photo loop backs off on its own after a pass that could not reach the server, and
 * schedules the next photo waiting out a backoff.
 */
import 'fake-indexeddb/auto';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPhotoStore, createSyncStore } from '../../src/storage';
import { photoFileId } from '../../src/storage/photo-rows';
import { fetchSharedPhotos, startPhotoSync } from '../../src/sync/photo-sync';
import { createPhotoTransport } from '../../src/sync/photo-transport';
import type { PassReport } from '../../src/sync/photo-uploader';
import { freshSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';
import { startTusDouble, type TusDouble } from './support/tus-double';

const databases = freshDatabases('photo-sync');

describe('a shared record’s photos', () => {
  let server: TusDouble;
  beforeEach(async () => {
    server = await startTusDouble();
  });
  afterEach(() => server.close());

  it('are fetched, checked against their hash and kept as display copies; damaged bytes are not kept', async () => {
    const db = databases.unlocked();
    const store = createSyncStore(db);
    server.tokens.add('token-1');
    await store.saveSession({ token: 'token-1', expiresAt: '2099-01-01T00:00:00Z', user: { id: 'u-1', username: 'fgr', role: 'officer', agency: { code: 'FGR', name: 'FGR' } } });
    const record = freshSeizure();
    await store.applyPulled([{ revision: 3, record, sharedBy: 'ATF' }], '1');
    const stored = (shot: string) => {
      const bytes = randomBytes(20_000);
      const photoId = randomUUID();
      server.stored.set(photoId, { photoId, recordId: record.id, sha256: createHash('sha256').update(bytes).digest('hex'), bytes, metadata: { shot, contentType: 'image/jpeg' } });
      return photoId;
    };
    const good = stored('serial');
    const damaged = stored('left');
    server.stored.get(damaged)!.served = randomBytes(20_000);

    const photos = createPhotoStore(db, async () => ({ usage: 0, quota: 1e10 }));
    const copies: number[] = [];
    const makeCopy = async (bytes: Uint8Array) => (copies.push(bytes.length), { bytes: bytes.subarray(0, 100), width: 10, height: 10 });
    const transport = createPhotoTransport(store, server.baseUrl);
    expect(await fetchSharedPhotos(photos, transport, record.id, makeCopy)).toBe(1);
    const kept = await photos.forRecord(record.id);
    expect(kept.map((p) => [p.photoId, p.origin, p.originalKept, p.shot])).toEqual([[good, 'shared', false, 'serial']]);
    expect(await db.photoFiles.get(photoFileId(good, 'original'))).toBeUndefined();
    expect((await photos.displayCopy(good))?.length).toBe(100);
    // Opened again: what the device holds is not fetched again.
    expect(await fetchSharedPhotos(photos, transport, record.id, makeCopy)).toBe(0);
    expect(copies).toEqual([20_000]);
  });
});

describe('the photo loop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('backs off on its own after a pass that could not reach the server, and tries again', async () => {
    const reports: PassReport['outcome'][] = ['stopped', 'stopped', 'done'];
    const runPass = vi.fn(async (): Promise<PassReport> => ({ outcome: reports.shift() ?? 'done', sent: 0, failed: 0 }));
    const loop = startPhotoSync({ uploader: async () => ({ runPass }), nextDueAt: async () => undefined, paused: () => false, random: () => 1 });
    loop.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(runPass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(runPass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runPass).toHaveBeenCalledTimes(2);
    // The second failure waits up to twice as long.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runPass).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(runPass).toHaveBeenCalledTimes(3);
    loop.stop();
  });

  it('comes back when the next photo’s backoff ends, and does nothing while the device is locked', async () => {
    const runPass = vi.fn(async (): Promise<PassReport> => ({ outcome: 'done', sent: 0, failed: 0 }));
    let locked = false;
    const due = new Date(Date.now() + 30_000).toISOString();
    const loop = startPhotoSync({ uploader: async () => ({ runPass }), nextDueAt: async () => due, paused: () => locked });
    loop.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(runPass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(runPass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runPass).toHaveBeenCalledTimes(2);
    // Locked: the timer's turn comes and nothing runs; unlocked and asked, it runs.
    locked = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runPass).toHaveBeenCalledTimes(2);
    locked = false;
    loop.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(runPass).toHaveBeenCalledTimes(3);
    loop.stop();
  });
});
