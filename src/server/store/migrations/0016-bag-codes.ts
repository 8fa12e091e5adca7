/**
 * Evidence-bag codes (docs/evidence-codes.md): which firearm of which record holds each code, one
 * row per code of every record's latest revision. The primary key makes a code unique within an
 * agency; a push checks it first (protocol/push.ts) and refuses a taken code with its own issue
 * code, so the key is the guarantee, never the way an officer hears about it. No backfill: no
 * record before this migration could carry a code (the record schema refused unknown fields).
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0016BagCodes: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('bag_codes')
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('bag_code', 'text', (col) => col.notNull())
      .addColumn('record_id', 'text', (col) => col.notNull())
      .addColumn('firearm_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('bag_codes_pk', ['agency_code', 'bag_code'])
      .execute();
    // Replacing a record's rows deletes by record.
    await db.schema.createIndex('bag_codes_record').on('bag_codes').column('record_id').execute();
  },
};
