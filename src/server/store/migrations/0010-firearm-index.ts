/**
 * The firearms index (store/firearm-rows.ts): a supervisor's search by serial match key, maker,
 * case, date and place, the dashboard's counts (trace-ready or not, and what is missing), and
 * deconfliction's lookup of the same gun in another record, over indexes instead of record bodies. Filled here from every record's latest revision, in pages,
 * so a server with records already stored finds them at once.
 */
import type { Kysely, Migration } from 'kysely';
import type { Seizure } from '../../../domain/schema';
import { firearmRows, insertIndexRows } from '../firearm-rows';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const PAGE = 500;

const isIndexable = (body: Partial<Seizure>): body is Seizure =>
  Array.isArray(body.firearms) && body.firearms.every((f) => typeof f?.id === 'string' && Number.isInteger(f.itemNumber));

export const m0010FirearmIndex: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('firearms')
      .addColumn('firearm_id', 'text', (col) => col.notNull())
      .addColumn('record_id', 'text', (col) => col.notNull().references('records.record_id'))
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('item_number', 'integer', (col) => col.notNull())
      .addColumn('serial_key', 'text', (col) => col.notNull())
      .addColumn('maker_key', 'text', (col) => col.notNull())
      .addColumn('case_key', 'text', (col) => col.notNull())
      .addColumn('recovered_on', 'text')
      .addColumn('state', 'text')
      .addColumn('municipality', 'text')
      .addColumn('record_status', 'text', (col) => col.notNull())
      .addColumn('trace_ready', 'integer', (col) => col.notNull())
      .addColumn('last_seq', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('firearms_pk', ['record_id', 'firearm_id'])
      .execute();
    await db.schema
      .createTable('firearm_gaps')
      .addColumn('record_id', 'text', (col) => col.notNull().references('records.record_id'))
      .addColumn('firearm_id', 'text', (col) => col.notNull())
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('recovered_on', 'text')
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('item', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('firearm_gaps_record').on('firearm_gaps').columns(['record_id']).execute();
    await db.schema.createIndex('firearm_gaps_agency_date').on('firearm_gaps').columns(['agency_code', 'recovered_on']).execute();
    // The agency's own firearms by serial (exact and prefix), by maker then serial, by case, newest first.
    await db.schema.createIndex('firearms_agency_serial').on('firearms').columns(['agency_code', 'serial_key']).execute();
    await db.schema.createIndex('firearms_maker_serial').on('firearms').columns(['maker_key', 'serial_key']).execute();
    await db.schema.createIndex('firearms_serial').on('firearms').columns(['serial_key']).execute();
    await db.schema.createIndex('firearms_agency_case').on('firearms').columns(['agency_code', 'case_key']).execute();
    await db.schema.createIndex('firearms_agency_seq').on('firearms').columns(['agency_code', 'last_seq']).execute();
    // The dashboard counts an agency's firearms over a period.
    await db.schema.createIndex('firearms_agency_date').on('firearms').columns(['agency_code', 'recovered_on']).execute();

    for (let after = ''; ; ) {
      const records: { record_id: string; agency_code: string; body: string; last_seq: number | string }[] = await db
        .selectFrom('records')
        .select(['record_id', 'agency_code', 'body', 'last_seq'])
        .where('record_id', '>', after)
        .orderBy('record_id')
        .limit(PAGE)
        .execute();
      if (records.length === 0) break;
      const rows = records.flatMap((r) => {
        const body = JSON.parse(r.body) as Partial<Seizure>;
        // Every stored body passed SeizureSchema; one that somehow did not must not stop the server's start.
        return isIndexable(body) ? [firearmRows(r.record_id, r.agency_code, body, Number(r.last_seq))] : [];
      });
      await insertIndexRows(db, rows);
      after = records[records.length - 1]!.record_id;
    }
  },
};
