/**
 * Several instances share photos (docs/server.md "Photos"): two servers over one PostgreSQL and
 * one S3-compatible bucket (s3rver, in process). An upload started on one instance is resumed
 * and finished on the other, as when a phone's next request reaches another instance behind the
 * load balancer, and either instance serves the photo; a hash mismatch found on the second
 * deletes what the first received.
 */
import { describe, expect, it } from 'vitest';
import { mutation, resultsOf, seizure, startServer, type TestServer } from './helpers/app';
import { createTestDatabase } from './helpers/databases';
import { useFixture } from './helpers/fixture';
import { listen, rawTus, sha256, testPhoto, testPhotoStorage, uploadWithClient } from './helpers/photos';
import { startS3 } from './helpers/s3';

describe('two instances over one PostgreSQL and one S3 bucket', () => {
  const fixture = useFixture(
    async () => {
      const s3 = await startS3();
      const { storage } = await testPhotoStorage('s3', s3);
      const db = await createTestDatabase('postgres');
      const photos = { maxBytes: 10 * 1024 * 1024, storage };
      const [one, two] = await Promise.all([startServer(db, { photos }), startServer(db, { photos })]);
      const [oneBase, twoBase] = await Promise.all([listen(one), listen(two)]);
      return { s3, db, one, two, oneBase, twoBase, officer: await one.user('photo.instances.officer', 'ATF') };
    },
    async ({ s3, db, one, two }) => {
      await one.app.close();
      await two.app.close();
      await db.drop();
      await s3.close();
    },
  );
  const storedRecord = async (server: TestServer) => {
    const record = seizure();
    expect(resultsOf(await server.push(fixture().officer, [mutation(record)]))[0]?.status).toBe('applied');
    return record;
  };

  it('finishes on one instance an upload the other started, and serves it from both', async () => {
    const { one, two, oneBase, twoBase, officer } = fixture();
    const record = await storedRecord(one);
    // The first instance's half is below S3's 5 MiB part minimum: it waits in the bucket as an
    // unfinished part, which the second instance must fetch and continue.
    const photo = testPhoto(record.id, 6 * 1024 * 1024);
    const half = photo.meta.size / 2;
    const created = await rawTus(oneBase).create(officer, photo);
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect((await rawTus(oneBase).patch(officer, location, 0, photo.bytes.subarray(0, half))).status).toBe(204);

    const head = await rawTus(twoBase).head(officer, location);
    expect(head.headers.get('upload-offset')).toBe(String(half));
    const rest = await rawTus(twoBase).patch(officer, location, half, photo.bytes.subarray(half));
    expect(rest.status).toBe(204);

    for (const server of [one, two]) {
      const original = await server.app.inject({ method: 'GET', url: `/api/v1/photos/${photo.meta.photoId}`, headers: { authorization: `Bearer ${officer.token}` } });
      expect(original.statusCode).toBe(200);
      expect(sha256(original.rawPayload)).toBe(photo.meta.sha256);
    }
    // The photo is stored once: the other instance knows it too.
    expect(await uploadWithClient(twoBase, officer, photo)).toMatchObject({ ok: false, status: 409, body: JSON.stringify({ error: 'photo.alreadyStored' }) });
  });

  it('deletes, on the instance that received the last byte, an upload whose bytes do not match', async () => {
    const { one, oneBase, twoBase, officer } = fixture();
    const record = await storedRecord(one);
    const photo = testPhoto(record.id, 1_000_000);
    const wrong = { ...photo, meta: { ...photo.meta, sha256: sha256(Buffer.from('not these bytes')) } };
    const location = (await rawTus(oneBase).create(officer, wrong)).headers.get('location') ?? '';
    expect((await rawTus(oneBase).patch(officer, location, 0, photo.bytes.subarray(0, 500_000))).status).toBe(204);
    const last = await rawTus(twoBase).patch(officer, location, 500_000, photo.bytes.subarray(500_000));
    expect(last.status).toBe(422);
    expect(await last.json()).toEqual({ error: 'photo.hashMismatch' });
    expect((await rawTus(oneBase).head(officer, location)).status).toBe(404);
    expect(await one.app.store.photos.forRecord(record.id)).toEqual([]);
  });
});
