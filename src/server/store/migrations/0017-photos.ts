/**
 * Photos of seizures (issue 17, docs/sync-protocol.md#photos): one row per photo whose upload
 * finished with the bytes its device hashed. The bytes themselves live in the photo store (files
 * under DATA_DIR/photos, or an S3-compatible bucket) under `storage_key`; this row is what makes
 * them a photo of a record, and is written with its `photo.upload` audit row. The primary key is
 * the device's photo id: the same photo is stored once however often its device sends it.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0017Photos: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('photos')
      .addColumn('photo_id', 'text', (col) => col.primaryKey())
      .addColumn('record_id', 'text', (col) => col.notNull())
      .addColumn('firearm_id', 'text')
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('shot', 'text', (col) => col.notNull())
      .addColumn('sha256', 'text', (col) => col.notNull())
      .addColumn('size', 'integer', (col) => col.notNull())
      .addColumn('content_type', 'text', (col) => col.notNull())
      .addColumn('storage_key', 'text', (col) => col.notNull())
      .addColumn('uploaded_by', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('uploaded_at', 'text', (col) => col.notNull())
      .execute();
    // A record's photos are listed when the record is opened.
    await db.schema.createIndex('photos_record').on('photos').columns(['record_id', 'uploaded_at']).execute();
  },
};
