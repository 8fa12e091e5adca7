/**
 * The photo uploader (src/sync/photo-uploader.ts) with the real tus-js-client against a tus
 * double over HTTP (support/tus-double.ts): photos of records the server holds arrive with
 * matching hashes; a cut at half resumes from the server's offset (only the cut chunk's rest is
 * sent again); a photo already on the server is not sent again; a hash mismatch starts over,
 * bounded; refusals fail with their code; a 401 renews the session once; a server that is down
 * leaves every photo waiting with a backoff, and the records are untouched by any of it.
 */
import 'fake-indexeddb/auto';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoMeta } from '../../src/domain/photos';
import { createPhotoStore, createSyncStore, type Session, type TraceDB } from '../../src/storage';
import { freshSeizure } from '../domain/fixtures';
import { MAX_HASH_RESTARTS } from '../../src/sync/photo-upload-machine';
import { createPhotoTransport } from '../../src/sync/photo-transport';
import { createPhotoUploader } from '../../src/sync/photo-uploader';
import { freshDatabases } from './support/device-databases';
import { startTusDouble, type TusDouble } from './support/tus-double';

const databases = freshDatabases('photo-uploader');
const MB = 1024 * 1024;
const CHUNK = 1 * MB;
let server: TusDouble;

beforeEach(async () => {
  server = await startTusDouble();
});
afterEach(() => server.close());

const session = (token: string, refreshToken?: string): Session => ({
  token,
  expiresAt: '2099-01-01T00:00:00Z',
  ...(refreshToken && { refreshToken, refreshExpiresAt: '2099-01-01T00:00:00Z' }),
  user: { id: 'u-1', username: 'ofc', role: 'officer', agency: { code: 'FGR', name: 'FGR' } },
});

/** A signed-in phone with one record the server holds, and `count` photos of it of `size` bytes. */
async function phone(count = 1, size = 3 * MB) {
  const db: TraceDB = databases.unlocked();
  const store = createSyncStore(db);
  server.tokens.add('token-1');
  await store.saveSession(session('token-1'));
  const record = freshSeizure();
  await store.applyPulled([{ revision: 1, record }], '1');
  const photos = createPhotoStore(db, async () => ({ usage: 0, quota: 1e10 }));
  const metas: PhotoMeta[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = new Uint8Array(randomBytes(size));
    const meta: PhotoMeta = { photoId: randomUUID(), recordId: record.id, shot: 'serial', sha256: createHash('sha256').update(bytes).digest('hex'), size, contentType: 'image/jpeg' };
    await photos.add({ meta, original: bytes });
    metas.push(meta);
  }
  let clock = Date.now();
  const uploader = createPhotoUploader({ store: photos, transport: createPhotoTransport(store, server.baseUrl), chunkSize: CHUNK, random: () => 0, now: () => new Date(clock), stallMs: 5_000 });
  const later = (ms: number) => void (clock += ms);
  const state = async (photoId: string) => (await db.photoUploads.get(photoId))!;
  return { db, store, photos, metas, uploader, later, state, record };
}

describe('the photo uploader', () => {
  it('sends the originals of records the server holds; the server holds them with matching hashes', async () => {
    const { uploader, metas, state } = await phone(2, 2 * MB + 123);
    expect(await uploader.runPass()).toEqual({ outcome: 'done', sent: 2, failed: 0 });
    for (const meta of metas) {
      expect(server.stored.get(meta.photoId)).toMatchObject({ sha256: meta.sha256, recordId: meta.recordId, metadata: { shot: 'serial', contentType: 'image/jpeg' } });
      expect(await state(meta.photoId)).toMatchObject({ state: 'on_server', attempts: 1 });
    }
    expect(server.bytesReceived).toBe(2 * (2 * MB + 123));
  });

  it('resumes a cut at half from the server’s offset, resending nothing that arrived', async () => {
    const { uploader, metas, state, later } = await phone(1, 3 * MB);
    const meta = metas[0]!;
    server.cutAfterBytes = 1.5 * MB;
    expect((await uploader.runPass()).outcome).toBe('stopped');
    const cut = await state(meta.photoId);
    expect(cut).toMatchObject({ state: 'uploading', lastError: 'network', sentBytes: 1 * MB });
    expect(cut.uploadUrl).toMatch(/\/api\/v1\/photos\/uploads\//);
    expect(server.bytesReceived).toBe(1.5 * MB);

    // Not due before its backoff ends.
    expect(await uploader.runPass()).toEqual({ outcome: 'done', sent: 0, failed: 0 });
    later(2_000);
    expect(await uploader.runPass()).toEqual({ outcome: 'done', sent: 1, failed: 0 });
    expect(server.creates).toBe(1);
    expect(server.bytesReceived).toBe(3 * MB);
    expect(server.stored.get(meta.photoId)?.sha256).toBe(meta.sha256);
    expect(await state(meta.photoId)).toMatchObject({ state: 'on_server' });
  });

  it('treats a photo already on the server as sent, without sending it again', async () => {
    const { uploader, metas, state, db } = await phone(1, 100_000);
    const meta = metas[0]!;
    server.stored.set(meta.photoId, { photoId: meta.photoId, recordId: meta.recordId, sha256: meta.sha256, bytes: Buffer.alloc(0), metadata: {} });
    expect(await uploader.runPass()).toMatchObject({ sent: 1 });
    expect(server.bytesReceived).toBe(0);
    expect(await state(meta.photoId)).toMatchObject({ state: 'on_server' });
    // Duplicate upload: the same photo queued again is acknowledged, not stored twice.
    await db.photoUploads.put({ ...(await state(meta.photoId)), state: 'queued' });
    expect(await uploader.runPass()).toMatchObject({ sent: 1 });
    expect(server.bytesReceived).toBe(0);
  });

  it('starts over from byte 0 after a hash mismatch, and gives up after a bounded number of tries', async () => {
    const first = await phone(1, 200_000);
    server.corruptNext = 1;
    expect(await first.uploader.runPass()).toMatchObject({ sent: 1 });
    expect(await first.state(first.metas[0]!.photoId)).toMatchObject({ state: 'on_server', restarts: 1 });
    expect(server.creates).toBe(2);

    const second = await phone(1, 200_000);
    server.corruptNext = 100;
    expect(await second.uploader.runPass()).toMatchObject({ failed: 1 });
    expect(await second.state(second.metas[0]!.photoId)).toMatchObject({ state: 'failed', lastError: 'photo.hashMismatch', restarts: MAX_HASH_RESTARTS + 1 });
    expect(server.stored.has(second.metas[0]!.photoId)).toBe(false);
  });

  it('fails a refused photo with the server’s code and goes on with the next', async () => {
    const { uploader, metas, state } = await phone(2, 50_000);
    server.refuseCreate = (metadata) => (metadata.photoId === metas[0]!.photoId ? { status: 403, code: 'photo.forbidden' } : undefined);
    expect(await uploader.runPass()).toEqual({ outcome: 'done', sent: 1, failed: 1 });
    expect(await state(metas[0]!.photoId)).toMatchObject({ state: 'failed', lastError: 'photo.forbidden' });
    expect(await state(metas[1]!.photoId)).toMatchObject({ state: 'on_server' });
  });

  it('refuses, without sending, a photo over the limit the server announces', async () => {
    const { uploader, metas, state } = await phone(1, 300_000);
    server.maxBytes = 200_000;
    expect(await uploader.runPass()).toMatchObject({ failed: 1 });
    expect(await state(metas[0]!.photoId)).toMatchObject({ state: 'failed', lastError: 'photo.tooLarge' });
    expect(server.bytesReceived).toBe(0);
  });

  it('renews an expired access token once when the upload draws a 401, and goes on', async () => {
    const { store, photos, metas, state } = await phone(1, 50_000);
    await store.saveSession(session('token-1', 'refresh-1'));
    // The access token runs out between the config read and the upload's create.
    server.expireAfterConfig = true;
    const transport = createPhotoTransport(store, server.baseUrl, async (input, init) => {
      if (!String(input).endsWith('/auth/refresh')) return fetch(input, init);
      server.tokens.add('token-2');
      return new Response(JSON.stringify(session('token-2', 'refresh-2')), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const uploader = createPhotoUploader({ store: photos, transport, chunkSize: CHUNK, random: () => 0 });
    expect(await uploader.runPass()).toEqual({ outcome: 'done', sent: 1, failed: 0 });
    expect(await state(metas[0]!.photoId)).toMatchObject({ state: 'on_server' });
    expect((await store.session())?.token).toBe('token-2');
  });

  it('stops, keeping the photo, when the session cannot be renewed', async () => {
    const { photos, metas, state, store } = await phone(1, 50_000);
    server.expireAfterConfig = true;
    const uploader = createPhotoUploader({ store: photos, transport: createPhotoTransport(store, server.baseUrl), chunkSize: CHUNK, random: () => 0 });
    expect((await uploader.runPass()).outcome).toBe('signedOut');
    expect(await state(metas[0]!.photoId)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('leaves every photo waiting with a backoff while the server is down, and the records untouched', async () => {
    const { uploader, metas, state, store, record } = await phone(2, 50_000);
    server.down = true;
    expect((await uploader.runPass()).outcome).toBe('stopped');
    expect(await state(metas[0]!.photoId)).toMatchObject({ state: 'queued' });
    expect((await state(metas[1]!.photoId)).attempts).toBe(0);
    expect(await store.pendingSummary()).toEqual({ count: 0 });
    expect(record.id).toBeDefined();
  });
});

