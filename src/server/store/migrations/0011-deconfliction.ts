/**
 * Deconfliction alerts (store/deconfliction-repository.ts): one per pair of records holding the
 * same gun (maker and serial match key), made in the push that brings the second, never twice for
 * a pair; each involved agency's view of it (seen, acknowledged with a note); and the contact
 * point an agency gives the other side of an alert.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0011Deconfliction: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('deconfliction_alerts')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('pair_key', 'text', (col) => col.notNull().unique())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('maker_key', 'text', (col) => col.notNull())
      .addColumn('serial_key', 'text', (col) => col.notNull())
      .addColumn('record_a', 'text', (col) => col.notNull())
      .addColumn('firearm_a', 'text', (col) => col.notNull())
      .addColumn('agency_a', 'text', (col) => col.notNull())
      .addColumn('record_b', 'text', (col) => col.notNull())
      .addColumn('firearm_b', 'text', (col) => col.notNull())
      .addColumn('agency_b', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('deconfliction_views')
      .addColumn('alert_id', 'text', (col) => col.notNull().references('deconfliction_alerts.id'))
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('seen_at', 'text')
      .addColumn('seen_by', 'text')
      .addColumn('acknowledged_at', 'text')
      .addColumn('acknowledged_by', 'text')
      .addColumn('note', 'text')
      .addPrimaryKeyConstraint('deconfliction_views_pk', ['alert_id', 'agency_code'])
      .execute();
    await db.schema.createIndex('deconfliction_views_agency').on('deconfliction_views').columns(['agency_code', 'created_at']).execute();

    await db.schema.alterTable('agencies').addColumn('deconfliction_contact', 'text').execute();
  },
};
