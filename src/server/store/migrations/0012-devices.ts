/**
 * What each device last told the server about itself (store/devices-repository.ts): when it last
 * synced and how long its oldest unsent record has waited, so a supervisor can call the officer
 * whose phone has held records for days. One row per device and officer (phones are shared).
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0012Devices: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('devices')
      .addColumn('device_id', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('last_sync_at', 'text', (col) => col.notNull())
      .addColumn('pending_count', 'integer', (col) => col.notNull())
      .addColumn('oldest_pending_at', 'text')
      .addPrimaryKeyConstraint('devices_pk', ['device_id', 'user_id'])
      .execute();
    await db.schema.createIndex('devices_agency').on('devices').columns(['agency_code', 'oldest_pending_at']).execute();
  },
};
