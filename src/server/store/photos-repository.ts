/**
 * Photos on the server (migration 0017): the row that makes stored bytes a photo of a record.
 * A row is written only after the bytes were hashed and matched (routes/api/photos/uploads.ts),
 * inside store.writeLocked with its `photo.upload` audit row; nothing updates or deletes one.
 */
import type { Kysely } from 'kysely';
import type { PhotoContentType, PhotoMeta, PhotoShot } from '../../domain/photos';
import type { Database, PhotosTable } from './schema';

export interface StoredPhoto extends PhotoMeta {
  agencyCode: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: string;
}

const toPhoto = (row: PhotosTable): StoredPhoto => ({
  photoId: row.photo_id,
  recordId: row.record_id,
  ...(row.firearm_id !== null && { firearmId: row.firearm_id }),
  // Written only from a PhotoMetaSchema-checked upload: read back as the types they were.
  shot: row.shot as PhotoShot,
  sha256: row.sha256,
  size: Number(row.size),
  contentType: row.content_type as PhotoContentType,
  agencyCode: row.agency_code,
  storageKey: row.storage_key,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});

export function photosRepository(db: Kysely<Database>) {
  return {
    async find(photoId: string): Promise<StoredPhoto | undefined> {
      const row = await db.selectFrom('photos').selectAll().where('photo_id', '=', photoId).executeTakeFirst();
      return row && toPhoto(row);
    },

    /** A record's photos, oldest first. */
    async forRecord(recordId: string): Promise<StoredPhoto[]> {
      const rows = await db.selectFrom('photos').selectAll().where('record_id', '=', recordId).orderBy('uploaded_at').orderBy('photo_id').execute();
      return rows.map(toPhoto);
    },

    /** Stores a photo's row. Under the write lock, with its audit row; the caller checked the id is free. */
    async add(photo: Omit<StoredPhoto, 'uploadedAt'>, at: Date): Promise<StoredPhoto> {
      const row: PhotosTable = {
        photo_id: photo.photoId,
        record_id: photo.recordId,
        firearm_id: photo.firearmId ?? null,
        agency_code: photo.agencyCode,
        shot: photo.shot,
        sha256: photo.sha256,
        size: photo.size,
        content_type: photo.contentType,
        storage_key: photo.storageKey,
        uploaded_by: photo.uploadedBy,
        uploaded_at: at.toISOString(),
      };
      await db.insertInto('photos').values(row).execute();
      return toPhoto(row);
    },
  };
}

export type PhotosRepository = ReturnType<typeof photosRepository>;
