/**
 * Photos on the device (src/storage/photo-store.ts): a photo, its bytes and its upload row are
 * written in one transaction or not at all; IndexedDB holds none of the image's bytes in clear
 * (sealed as bytes, not as JSON); a photo that does not fit, or that the server could never take,
 * is refused before anything is written; the upload queue holds only photos of records the
 * server has; a tombstone takes a shared record's photos with it.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHOTO_CONTENT_TYPES, PHOTO_DEFAULT_MAX_BYTES, type PhotoMeta } from '../../src/domain/photos';
import { CONTENT_TYPES, DEFAULT_MAX_BYTES } from '../../src/storage/photo-store';
import { createPhotoStore, createSyncStore, PhotoRefusedError, type TraceDB } from '../../src/storage';
import { photoFileId } from '../../src/storage/photo-rows';
import { photoRefusal } from '../../src/storage/photo-space';
import { RESERVE_BYTES } from '../../src/storage/space-reserve';
import { sha256Hex } from '../../src/lib/photo-file';
import { freshSeizure as seizure } from '../domain/fixtures';
import { imagePieces, rawTextOf } from '../support/image-pieces';
import { rawDatabaseText } from '../support/raw-database';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('photos');
const FIXTURE = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/photos/serial-closeup.jpg')));
const ROOMY = async () => ({ usage: 0, quota: 10 * 1024 ** 3 });

async function metaFor(bytes: Uint8Array, recordId: string = randomUUID(), firearmId?: string): Promise<PhotoMeta> {
  return { photoId: randomUUID(), recordId, ...(firearmId && { firearmId }), shot: 'serial', sha256: await sha256Hex(bytes), size: bytes.byteLength, contentType: 'image/jpeg' };
}

const display = (seed: number) => ({ bytes: Uint8Array.from({ length: 5000 }, (_, i) => (i * seed) % 251), width: 1280, height: 960 });


describe('a photo on the device', () => {
  it('is kept whole, its bytes sealed: raw IndexedDB holds no piece of the image', async () => {
    const db = databases.unlocked();
    const photos = createPhotoStore(db, ROOMY);
    const meta = await metaFor(FIXTURE);
    const copy = display(7);
    await photos.add({ meta, original: FIXTURE, display: copy, location: { latitude: 29.0729, longitude: -110.9559 }, takenAt: '2026-11-28T16:15:30.000Z' });

    expect(await photos.original(meta.photoId)).toEqual(FIXTURE);
    expect(await photos.displayCopy(meta.photoId)).toEqual(copy.bytes);
    const [view] = await photos.forRecord(meta.recordId);
    expect(view).toMatchObject({ ...meta, origin: 'own', location: { latitude: 29.0729 }, upload: { state: 'queued', attempts: 0 } });
    expect(await sha256Hex((await photos.original(meta.photoId))!)).toBe(meta.sha256);

    const name = db.name;
    db.close();
    const raw = await rawDatabaseText(name);
    const pieces = [...imagePieces(FIXTURE), ...imagePieces(copy.bytes)];
    // The search finds the bytes where they are in clear: it can fail.
    for (const piece of imagePieces(FIXTURE)) expect(rawTextOf(FIXTURE)).toContain(piece);
    for (const piece of [...pieces, meta.sha256, '29.0729', '110.9559']) expect(raw).not.toContain(piece);
    // Sealed as bytes, not as text: the stored file is the image's size plus the nonce and tag.
    expect(raw.length).toBeLessThan(FIXTURE.length * 1.2 + 200_000);
  });

  it('writes the photo, its bytes and its upload row together or not at all', async () => {
    const db = databases.unlocked();
    const photos = createPhotoStore(db, ROOMY);
    db.photoUploads.hook('creating', () => {
      throw new Error('disk failed');
    });
    const meta = await metaFor(FIXTURE);
    await expect(photos.add({ meta, original: FIXTURE, display: display(3) })).rejects.toThrow();
    expect(await db.photos.count()).toBe(0);
    expect(await db.photoFiles.count()).toBe(0);
    expect(await db.photoUploads.count()).toBe(0);
  });

  it('refuses a photo that leaves no room or that the server would never take, writing nothing', async () => {
    const db = databases.unlocked();
    const almostFull = createPhotoStore(db, async () => ({ usage: 99 * 1024 ** 2, quota: 100 * 1024 ** 2 }));
    const refused = await almostFull.add({ meta: await metaFor(FIXTURE), original: FIXTURE }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PhotoRefusedError);
    expect((refused as PhotoRefusedError).refusal).toMatchObject({ code: 'photo.noSpace' });

    const photos = createPhotoStore(db, ROOMY);
    await photos.rememberServerConfig({ maxBytes: 100_000, uploadUrl: '/api/v1/photos/uploads' });
    const tooBig = await photos.add({ meta: await metaFor(FIXTURE), original: FIXTURE }).catch((e: unknown) => e);
    expect((tooBig as PhotoRefusedError).refusal).toEqual({ code: 'photo.overServerLimit', size: FIXTURE.length, maxBytes: 100_000 });
    expect(await db.photos.count()).toBe(0);
  });

  it.each([
    ['fits with the reserve left over', { usage: 0, quota: 4 * 1024 ** 2 + 2_000_000 }, 1_000_000, undefined],
    ['would eat into the reserve', { usage: 0, quota: RESERVE_BYTES + 1_000_000 }, 1_000_000, 'photo.noSpace'],
    ['no estimate: the transaction decides', {}, 1_000_000, undefined],
    ['over the server limit', { usage: 0, quota: 1e12 }, 30 * 1024 ** 2, 'photo.overServerLimit'],
    ['empty', { usage: 0, quota: 1e12 }, 0, 'photo.empty'],
  ])('a photo that %s', (_, estimate, size, code) => {
    expect(photoRefusal(estimate, size, 100_000, 25 * 1024 ** 2)?.code).toBe(code);
  });

  it('is deleted only while the server does not hold it', async () => {
    const db = databases.unlocked();
    const photos = createPhotoStore(db, ROOMY);
    const [a, b] = [await metaFor(FIXTURE), await metaFor(FIXTURE)];
    await photos.add({ meta: a!, original: FIXTURE, display: display(1) });
    await photos.add({ meta: b!, original: FIXTURE });
    const upload = (await db.photoUploads.get(b!.photoId))!;
    await photos.saveUpload({ ...upload, state: 'on_server' });
    expect(await photos.remove(a!.photoId)).toBe(true);
    expect(await photos.remove(b!.photoId)).toBe(false);
    expect(await db.photoFiles.get(photoFileId(a!.photoId, 'original'))).toBeUndefined();
    expect((await photos.totals()).count).toBe(1);
  });

  it('queues for upload only the photos of records the server holds', async () => {
    const db = databases.unlocked();
    const photos = createPhotoStore(db, ROOMY);
    const synced = seizure();
    const unsent = seizure();
    await createSyncStore(db).applyPulled([{ revision: 1, record: synced }], '1');
    const onServer = await metaFor(FIXTURE, synced.id);
    await photos.add({ meta: onServer, original: FIXTURE });
    await photos.add({ meta: await metaFor(FIXTURE, unsent.id), original: FIXTURE });
    const due = await photos.dueUploads(new Date());
    expect(due.map((d) => d.photo.photoId)).toEqual([onServer.photoId]);

    // A photo waiting for its backoff is not due before its time.
    await photos.saveUpload({ ...due[0]!.upload, nextAttemptAt: new Date(Date.now() + 60_000).toISOString() });
    expect(await photos.dueUploads(new Date())).toEqual([]);
    expect(await photos.dueUploads(new Date(Date.now() + 61_000))).toHaveLength(1);
  });

  it('knows the contract’s default limit and types (repeated to keep zod out of the first screen)', () => {
    expect(DEFAULT_MAX_BYTES).toBe(PHOTO_DEFAULT_MAX_BYTES);
    expect(CONTENT_TYPES).toEqual(PHOTO_CONTENT_TYPES);
  });

  it('counts photos and their bytes for the storage panel', async () => {
    const db = databases.unlocked();
    const photos = createPhotoStore(db, ROOMY);
    await photos.add({ meta: await metaFor(FIXTURE), original: FIXTURE, display: display(2) });
    await photos.add({ meta: await metaFor(FIXTURE), original: FIXTURE });
    expect(await photos.totals()).toEqual({ count: 2, bytes: 2 * FIXTURE.length + 5000, unsent: 2 });
  });

  it('drops a shared record’s photos when the record’s tombstone arrives, and keeps the others', async () => {
    const db: TraceDB = databases.unlocked();
    const photos = createPhotoStore(db, ROOMY);
    const store = createSyncStore(db);
    const shared = seizure();
    const mine = seizure();
    await store.applyPulled([{ revision: 2, record: shared, sharedBy: 'CBP' }, { revision: 1, record: mine }], '5');
    const sharedPhoto = await metaFor(FIXTURE, shared.id);
    expect(await photos.addShared(sharedPhoto, display(5))).toBe(true);
    await photos.add({ meta: await metaFor(FIXTURE, mine.id), original: FIXTURE });

    await store.applyPulled([], '6', [shared.id, mine.id]);
    expect(await photos.forRecord(shared.id)).toEqual([]);
    expect(await db.photoFiles.get(photoFileId(sharedPhoto.photoId, 'display'))).toBeUndefined();
    expect(await photos.forRecord(mine.id)).toHaveLength(1);
  });
});
