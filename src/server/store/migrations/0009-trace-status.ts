/**
 * Trace status per firearm (store/trace-repository.ts): every change kept (`trace_revisions`,
 * append-only, like the records' revisions) and the latest per firearm (`trace_statuses`), which
 * pulls read; and the agency's choice of whether officers may record a status themselves.
 * Sequence numbers come from the revisions' own sequence (store/sequence.ts), so a status and a
 * record are pulled in one order.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0009TraceStatus: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('trace_revisions')
      .addColumn('seq', 'bigint', (col) => col.primaryKey())
      .addColumn('firearm_id', 'text', (col) => col.notNull())
      .addColumn('record_id', 'text', (col) => col.notNull().references('records.record_id'))
      .addColumn('revision', 'integer', (col) => col.notNull())
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('mutation_id', 'text', (col) => col.notNull().unique())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('author_user_id', 'text', (col) => col.notNull())
      .addColumn('device_id', 'text', (col) => col.notNull())
      .addColumn('received_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('trace_revisions_firearm_revision', ['firearm_id', 'revision'])
      .execute();
    await db.schema.createIndex('trace_revisions_record').on('trace_revisions').columns(['record_id', 'seq']).execute();

    await db.schema
      .createTable('trace_statuses')
      .addColumn('firearm_id', 'text', (col) => col.primaryKey())
      .addColumn('record_id', 'text', (col) => col.notNull().references('records.record_id'))
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('revision', 'integer', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('last_seq', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('trace_statuses_agency_seq').on('trace_statuses').columns(['agency_code', 'last_seq']).execute();
    await db.schema.createIndex('trace_statuses_record').on('trace_statuses').columns(['record_id']).execute();

    await db.schema
      .alterTable('agencies')
      .addColumn('officers_record_trace', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },
};
