/**
 * Photo uploads and reads (docs/sync-protocol.md#photos) on SQLite and PostgreSQL, with the
 * photos on disk and in an S3-compatible server (s3rver, in process): the whole tus upload with
 * the device's client, resumption after a cut, every refusal with its code, and who may see
 * what: the owning agency, an agency the record is shared with until the share is revoked, and
 * nobody else.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { castOf, mutation, resultsOf, seizure, startServer, type TestServer, type TestUser } from './helpers/app';
import { createTestDatabase } from './helpers/databases';
import { useFixture } from './helpers/fixture';
import { listen, rawTus, sha256, STORAGE_KINDS, testPhoto, testPhotoStorage, uploadWithClient, UPLOADS, type TestPhoto, type TestPhotoStorage } from './helpers/photos';
import { sharesApi } from './helpers/shares';

const MAX_BYTES = 5 * 1024 * 1024;
const COMBINATIONS = DIALECTS.flatMap((dialect) => STORAGE_KINDS.map((storage) => [dialect, storage] as const));

describe.each(COMBINATIONS)('photos on %s, stored on %s', (dialect, kind) => {
  const fixture = useFixture(
    async () => {
      const photos: TestPhotoStorage = await testPhotoStorage(kind);
      const db = await createTestDatabase(dialect);
      const server = await startServer(db, { photos: { maxBytes: MAX_BYTES, storage: photos.storage } });
      return { server, photos, base: await listen(server) };
    },
    async ({ server, photos }) => {
      await server.app.close();
      await server.db.drop();
      await photos.close();
    },
  );
  const server = (): TestServer => fixture().server;
  const tusApi = () => rawTus(fixture().base);
  const shares = sharesApi(server);
  const cast = castOf(server, `ph.${dialect}.${kind}.`, { officer: ['ATF'], supervisor: ['ATF', 'supervisor'], fgr: ['FGR'], fgrSupervisor: ['FGR', 'supervisor'], hsi: ['HSI'] });
  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

  async function storedRecord(user: TestUser) {
    const record = seizure();
    const [result] = resultsOf(await server().push(user, [mutation(record)]));
    expect(result?.status).toBe('applied');
    return record;
  }
  const list = (user: TestUser, recordId: string) => server().app.inject({ method: 'GET', url: `/api/v1/photos/records/${recordId}`, headers: auth(user) });
  const fetchPhoto = (user: TestUser, photoId: string) => server().app.inject({ method: 'GET', url: `/api/v1/photos/${photoId}`, headers: auth(user) });
  const codeOf = async (response: Response) => ((await response.json()) as { error: string }).error;

  /** A photo fully uploaded with raw requests; its upload URL. */
  async function uploaded(user: TestUser, photo: TestPhoto): Promise<string> {
    const created = await tusApi().create(user, photo);
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const done = await tusApi().patch(user, location, 0, photo.bytes);
    expect(done.status).toBe(204);
    return location;
  }

  it('announces its limit and upload URL to a signed-in caller only', async () => {
    const { officer } = await cast();
    const config = await server().app.inject({ method: 'GET', url: '/api/v1/photos/config', headers: auth(officer) });
    expect(config.json()).toEqual({ maxBytes: MAX_BYTES, uploadUrl: UPLOADS });
    expect((await server().app.inject({ method: 'GET', url: '/api/v1/photos/config' })).statusCode).toBe(401);
  });

  it('takes a photo from tus-js-client, keeps its bytes, lists it and sends it back, each audited', async () => {
    const { officer } = await cast();
    const record = await storedRecord(officer);
    const photo = testPhoto(record.id, 1_500_000, { firearmId: record.firearms[0]?.id, shot: 'left' });
    // Small chunks: the upload is several PATCHes, as on a phone's link.
    const outcome = await uploadWithClient(fixture().base, officer, photo, { chunkSize: 400_000 });
    expect(outcome).toMatchObject({ ok: true });

    const listed = await list(officer, record.id);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      photos: [{ ...photo.meta, uploadedAt: expect.any(String), uploadedBy: { id: officer.id, username: officer.username } }],
    });
    const original = await fetchPhoto(officer, photo.meta.photoId);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(original.headers.etag).toBe(`"${photo.meta.sha256}"`);
    expect(original.headers['cache-control']).toBe('no-store');
    expect(sha256(original.rawPayload)).toBe(photo.meta.sha256);

    const audit = await server().app.store.audit.about(photo.meta.photoId);
    expect(audit.map((row) => row.action)).toEqual(['photo.upload', 'photo.view']);
    expect(audit[0]).toMatchObject({ actorUserId: officer.id, agencyCode: 'ATF' });
    expect((await server().app.store.audit.about(record.id)).map((row) => row.action)).toContain('photo.list');
  });

  it('resumes at the offset the server holds after a clean half and after a cut connection', async () => {
    const { officer } = await cast();
    const record = await storedRecord(officer);
    const photo = testPhoto(record.id, 2_000_000);
    const half = photo.meta.size / 2;
    const created = await tusApi().create(officer, photo);
    const location = created.headers.get('location') ?? '';
    expect((await tusApi().patch(officer, location, 0, photo.bytes.subarray(0, half))).status).toBe(204);
    const head = await tusApi().head(officer, location);
    expect(head.headers.get('upload-offset')).toBe(String(half));
    expect(head.headers.get('upload-length')).toBe(String(photo.meta.size));

    // The connection dies three quarters in: the server keeps what reached it, and says so.
    const { port } = new URL(fixture().base);
    await new Promise<void>((resolve) => {
      const request = http.request({ host: '127.0.0.1', port, path: location, method: 'PATCH', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${officer.token}`, 'upload-offset': String(half), 'content-type': 'application/offset+octet-stream', 'content-length': String(half) } });
      request.on('error', () => resolve());
      request.write(photo.bytes.subarray(half, half + half / 2), () => setTimeout(() => { request.destroy(); resolve(); }, 300));
    });
    let offset = 0;
    // The store may take a moment to settle what the cut request brought.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const after = await tusApi().head(officer, location);
      expect(after.status).toBe(200);
      offset = Number(after.headers.get('upload-offset'));
      if (offset >= half) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(offset).toBeGreaterThanOrEqual(half);
    expect(offset).toBeLessThanOrEqual(half + half / 2);
    const rest = await tusApi().patch(officer, location, offset, photo.bytes.subarray(offset));
    expect(rest.status).toBe(204);
    const original = await fetchPhoto(officer, photo.meta.photoId);
    expect(sha256(original.rawPayload)).toBe(photo.meta.sha256);
  });

  it('answers a photo already stored with alreadyStored, and the same id with other bytes with idReused', async () => {
    const { officer } = await cast();
    const record = await storedRecord(officer);
    const photo = testPhoto(record.id, 300_000);
    await uploaded(officer, photo);
    const again = await tusApi().create(officer, photo);
    expect([again.status, await codeOf(again)]).toEqual([409, 'photo.alreadyStored']);
    const other = testPhoto(record.id, 300_000, { photoId: photo.meta.photoId });
    const reused = await tusApi().create(officer, other);
    expect([reused.status, await codeOf(reused)]).toEqual([409, 'photo.idReused']);
    // The device's client hears the same.
    expect(await uploadWithClient(fixture().base, officer, photo)).toMatchObject({ ok: false, status: 409, body: JSON.stringify({ error: 'photo.alreadyStored' }) });
  });

  it('refuses bytes that do not match their hash, deletes them and stores no photo', async () => {
    const { officer } = await cast();
    const record = await storedRecord(officer);
    const photo = testPhoto(record.id, 200_000);
    const created = await tusApi().create(officer, { ...photo, meta: { ...photo.meta, sha256: sha256(Buffer.from('something else')) } });
    const location = created.headers.get('location') ?? '';
    const last = await tusApi().patch(officer, location, 0, photo.bytes);
    expect([last.status, await codeOf(last)]).toEqual([422, 'photo.hashMismatch']);
    expect((await tusApi().head(officer, location)).status).toBe(404);
    expect((await list(officer, record.id)).json()).toEqual({ photos: [] });
    // Started over with the right hash, the same photo id is free.
    await uploaded(officer, photo);
  });

  it('refuses a photo over the limit, of an unknown record or firearm, with bad metadata, or without a session', async () => {
    const { officer } = await cast();
    const record = await storedRecord(officer);
    const tooLarge = await tusApi().create(officer, { ...testPhoto(record.id, 10), meta: { ...testPhoto(record.id, 10).meta, size: MAX_BYTES + 1 } }, { 'upload-length': String(MAX_BYTES + 1) });
    expect([tooLarge.status, await codeOf(tooLarge)]).toEqual([413, 'photo.tooLarge']);
    const unknown = await tusApi().create(officer, testPhoto(crypto.randomUUID(), 1000));
    expect([unknown.status, await codeOf(unknown)]).toEqual([404, 'photo.unknownRecord']);
    const unknownFirearm = await tusApi().create(officer, testPhoto(record.id, 1000, { firearmId: crypto.randomUUID() }));
    expect([unknownFirearm.status, await codeOf(unknownFirearm)]).toEqual([404, 'photo.unknownRecord']);
    for (const bad of [{ shot: 'front' }, { sha256: 'abc' }, { contentType: 'text/html' }, { photoId: 'not-a-uuid' }]) {
      const response = await tusApi().create(officer, testPhoto(record.id, 1000, bad as never));
      expect([response.status, await codeOf(response)], JSON.stringify(bad)).toEqual([400, 'photo.badMetadata']);
    }
    const deferred = await tusApi().create(officer, testPhoto(record.id, 1000), { 'upload-length': '', 'upload-defer-length': '1' });
    expect(deferred.status).toBe(400);
    const anonymous = await tusApi().create(undefined, testPhoto(record.id, 1000));
    expect([anonymous.status, await codeOf(anonymous)]).toEqual([401, 'auth.required']);
    expect(await server().app.store.photos.forRecord(record.id)).toEqual([]);
  });

  it('shows photos to the owning agency and, while shared, to the receiving agency, which may not upload; nobody else', async () => {
    const { officer, supervisor, fgr, hsi } = await cast();
    const record = await storedRecord(officer);
    const photo = testPhoto(record.id, 100_000);
    const location = await uploaded(officer, photo);

    // Not shared: another agency learns nothing, cannot fetch, cannot add, cannot touch the upload.
    for (const stranger of [fgr, hsi]) {
      expect((await list(stranger, record.id)).json()).toEqual({ error: 'photo.unknownRecord' });
      expect((await fetchPhoto(stranger, photo.meta.photoId)).json()).toEqual({ error: 'photo.notFound' });
      const added = await tusApi().create(stranger, testPhoto(record.id, 1000));
      expect([added.status, await codeOf(added)]).toEqual([404, 'photo.unknownRecord']);
      expect((await tusApi().head(stranger, location)).status).toBe(404);
    }

    const granted = await shares.share(supervisor, { recordId: record.id, toAgency: 'FGR' });
    expect(granted.statusCode).toBe(201);
    expect((await list(fgr, record.id)).json().photos).toHaveLength(1);
    const seen = await fetchPhoto(fgr, photo.meta.photoId);
    expect(seen.statusCode).toBe(200);
    expect(sha256(seen.rawPayload)).toBe(photo.meta.sha256);
    const readOnly = await tusApi().create(fgr, testPhoto(record.id, 1000));
    expect([readOnly.status, await codeOf(readOnly)]).toEqual([403, 'photo.forbidden']);
    expect((await list(hsi, record.id)).statusCode).toBe(404);

    expect((await shares.revoke(supervisor, granted.json<{ id: string }>().id)).statusCode).toBe(200);
    expect((await list(fgr, record.id)).statusCode).toBe(404);
    expect((await fetchPhoto(fgr, photo.meta.photoId)).statusCode).toBe(404);
  });

  it('answers malformed upload requests with 4xx, never 5xx', async () => {
    const { officer } = await cast();
    const record = await storedRecord(officer);
    const photo = testPhoto(record.id, 1000);
    const location = (await tusApi().create(officer, photo)).headers.get('location') ?? '';
    const api = tusApi();
    const answers = await Promise.all([
      api.send(officer, UPLOADS, 'POST', { 'upload-length': '1000', 'upload-metadata': 'photoId !!!notbase64' }),
      api.send(officer, UPLOADS, 'POST', { 'upload-length': 'abc' }),
      api.send(officer, UPLOADS, 'POST', { 'upload-length': '-5' }),
      api.send(officer, UPLOADS, 'POST', { 'upload-length': '1000', 'upload-metadata': 'x'.repeat(6000) }),
      api.send(officer, UPLOADS, 'POST', {}),
      api.send(officer, UPLOADS, 'POST', { 'upload-length': '1000', 'tus-resumable': '0.2.0' }),
      api.send(officer, UPLOADS, 'POST', { 'upload-length': '1000', 'upload-concat': 'final;/a /b' }),
      api.send(officer, location, 'PATCH', { 'upload-offset': '0', 'content-type': 'application/json' }, Buffer.from('{}')),
      api.send(officer, location, 'PATCH', { 'upload-offset': '7', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(10)),
      api.send(officer, location, 'PATCH', { 'upload-offset': 'x', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(10)),
      api.send(officer, location, 'PATCH', { 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(10)),
      api.send(officer, location, 'PATCH', { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(2000)),
      api.send(officer, `${UPLOADS}/..%2F..%2Fetc`, 'HEAD'),
      api.send(officer, `${UPLOADS}/${'a'.repeat(32)}`, 'PATCH', { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(10)),
      api.send(officer, `${UPLOADS}/${'a'.repeat(32)}`, 'DELETE'),
      api.send(officer, `${UPLOADS}/a/b`, 'HEAD'),
      api.send(officer, UPLOADS, 'GET'),
      api.send(officer, UPLOADS, 'PUT', {}, Buffer.alloc(10)),
      api.send(officer, '/api/v1/photos/not-a-uuid', 'GET'),
      api.send(officer, '/api/v1/photos/records/not-a-uuid', 'GET'),
      api.send(undefined, location, 'PATCH', { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(1000)),
    ]);
    const statuses = answers.map((response) => response.status);
    for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
    for (const status of statuses) expect(status).toBeLessThan(500);
    // OPTIONS tells what the server supports, without a session.
    const options = await api.send(undefined, UPLOADS, 'OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers.get('tus-max-size')).toBe(String(MAX_BYTES));
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    expect(options.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The upload those requests aimed at is untouched and still completes.
    expect((await api.patch(officer, location, 0, photo.bytes)).status).toBe(204);
  });
});
