/**
 * Schema version 6 (photos) on a phone that holds version 5: the database is written with
 * version 5's own declarations (schema-versions.ts) and the officer's keys, then opened by the
 * app. Every record, its sync row, outbox entry, draft and export-log entry is there as it was,
 * the photo tables are new and empty, and a photo can be attached to a record kept from before.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createPhotoStore, createSeizureRepository, type OutboxEntry, type SyncRow } from '../../src/storage';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { openKeyring } from '../../src/storage/crypto/sealed-tables';
import { sealingMiddleware } from '../../src/storage/crypto/sealing-middleware';
import { declareSchema, SCHEMA_VERSIONS } from '../../src/storage/schema-versions';
import { newEntry, saved } from '../../src/storage/sync-rules';
import { sha256Hex } from '../../src/lib/photo-file';
import { draftSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('photo-upgrade');

describe('a device of schema version 5 upgraded to version 6', () => {
  it('keeps everything it held and opens the photo tables', async () => {
    const name = `photo-upgrade-${randomUUID()}`;
    const keys = deriveDeviceKeys(newDeviceSecret());
    const synced = { ...draftSeizure({ id: randomUUID() }, 'LKQ8842197'), revision: 4 };
    const pending = draftSeizure({ id: randomUUID() }, 'ABC12345');
    const syncRows: SyncRow[] = [
      { id: synced.id, state: 'synced', revision: 4, updatedAt: synced.updatedAt },
      { id: pending.id, state: 'pending', updatedAt: pending.updatedAt },
    ];
    const entry: OutboxEntry = { ...newEntry('m-pending', pending), attempts: 1 };

    const v5 = new Dexie(name, { cache: 'disabled' });
    declareSchema(v5, 5);
    const keyring = openKeyring(keys);
    v5.use(sealingMiddleware(() => keyring));
    await v5.transaction('rw', ['seizures', 'syncStates', 'outbox', 'drafts', 'exportLog'], async () => {
      await v5.table('seizures').bulkPut([saved(synced, undefined).row, saved(pending, undefined).row]);
      await v5.table('syncStates').bulkPut(syncRows);
      await v5.table('outbox').add(entry);
      await v5.table('drafts').put({ id: 'draft-1', values: { caseNumber: 'FGR-OPEN-1' }, savedAt: '2026-11-28T09:00:00Z' });
    });
    expect(v5.verno).toBe(5);
    expect(v5.tables.map((t) => t.name)).not.toContain('photos');
    v5.close();

    const db = databases.locked(name);
    await db.open();
    db.unlock(keys);
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    expect(db.verno).toBe(6);
    const repo = createSeizureRepository(db);
    expect(await repo.get(synced.id)).toMatchObject({ syncState: 'synced', serverRevision: 4, record: { firearms: [{ serialNumber: 'LKQ8842197' }] } });
    expect(await repo.get(pending.id)).toMatchObject({ syncState: 'pending' });
    expect((await db.outbox.toArray()).map((e) => [e.mutationId, e.attempts, e.payload.id])).toEqual([['m-pending', 1, pending.id]]);
    expect((await db.drafts.get('draft-1'))?.values).toEqual({ caseNumber: 'FGR-OPEN-1' });
    expect(await db.photos.count()).toBe(0);
    expect(await db.photoUploads.count()).toBe(0);

    const photos = createPhotoStore(db, async () => ({ usage: 0, quota: 1e10 }));
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const photoId = randomUUID();
    await photos.add({ meta: { photoId, recordId: synced.id, shot: 'serial', sha256: await sha256Hex(bytes), size: bytes.length, contentType: 'image/jpeg' }, original: bytes });
    // The record kept from version 5 is on the server, so its new photo is due for upload.
    expect((await photos.dueUploads(new Date())).map((d) => d.photo.photoId)).toEqual([photoId]);
  });
});
