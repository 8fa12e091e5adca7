/**
 * The link index (store/link-keys.ts, docs/links.md "Indexes"): the keys each record and each
 * traced firearm is linked by, so that the links of one seizure are a few index lookups and the
 * leads of an agency one range read, never a scan of record bodies. Filled here from stored
 * records and trace statuses, in pages, so a server with records already stored links them at once.
 */
import type { Kysely, Migration } from 'kysely';
import type { Seizure } from '../../../domain/schema';
import type { TraceStatus } from '../../../domain/trace-status';
import { insertLinkRows, recordKeyRows, traceKeyRows } from '../link-keys';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const PAGE = 500;

// Every stored body passed SeizureSchema; one that somehow did not must not stop the server's start.
const isIndexable = (body: Partial<Seizure>): body is Seizure => Array.isArray(body.firearms) && Array.isArray(body.possessors) && typeof body.agency === 'object' && typeof body.recovery === 'object';

export const m0014LinkIndex: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('link_keys')
      .addColumn('record_id', 'text', (col) => col.notNull().references('records.record_id'))
      .addColumn('agency_code', 'text', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('firearm_id', 'text')
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('num', 'bigint')
      .addColumn('lat', 'double precision')
      .addColumn('lon', 'double precision')
      .addColumn('recovered_on', 'text')
      .addColumn('detail', 'text')
      .execute();
    // A seizure's links: the same kind and key (a serial's number or a place's day within a range).
    await db.schema.createIndex('link_keys_lookup').on('link_keys').columns(['kind', 'key', 'num']).execute();
    // Replacing a record's keys, and reading the keys of the seizure whose links are asked for.
    await db.schema.createIndex('link_keys_record').on('link_keys').columns(['record_id', 'source']).execute();
    // Leads: an agency's keys over a window of recovery dates.
    await db.schema.createIndex('link_keys_agency_date').on('link_keys').columns(['agency_code', 'recovered_on']).execute();

    for (let after = ''; ; ) {
      const records: { record_id: string; agency_code: string; body: string }[] = await db
        .selectFrom('records')
        .select(['record_id', 'agency_code', 'body'])
        .where('record_id', '>', after)
        .orderBy('record_id')
        .limit(PAGE)
        .execute();
      if (records.length === 0) break;
      const rows = records.flatMap((r) => {
        const body = JSON.parse(r.body) as Partial<Seizure>;
        return isIndexable(body) ? recordKeyRows(r.record_id, r.agency_code, body) : [];
      });
      await insertLinkRows(db, rows);
      after = records[records.length - 1]!.record_id;
    }
    for (let after = ''; ; ) {
      const statuses: { firearm_id: string; record_id: string; agency_code: string; body: string }[] = await db
        .selectFrom('trace_statuses')
        .select(['firearm_id', 'record_id', 'agency_code', 'body'])
        .where('status', '=', 'traced')
        .where('firearm_id', '>', after)
        .orderBy('firearm_id')
        .limit(PAGE)
        .execute();
      if (statuses.length === 0) break;
      const recordIds = [...new Set(statuses.map((s) => s.record_id))];
      const found: { record_id: string; body: string }[] = await db.selectFrom('records').select(['record_id', 'body']).where('record_id', 'in', recordIds).execute();
      const bodies = new Map(found.map((row) => [row.record_id, JSON.parse(row.body) as Partial<Seizure>]));
      const rows = statuses.flatMap((s) => {
        const record = bodies.get(s.record_id);
        return record ? traceKeyRows(s.record_id, s.agency_code, JSON.parse(s.body) as TraceStatus, record.recovery) : [];
      });
      await insertLinkRows(db, rows);
      after = statuses[statuses.length - 1]!.firearm_id;
    }
  },
};
