/**
 * Indexes the supervisor bench asked for at a million firearms (docs/performance.md "Supervisor
 * queries"): the dashboard's counts over an agency's period read only this index (its columns are
 * all they need), and a search by maker walks the agency's firearms of that maker newest first,
 * the order a page is shown in, stopping once the page is full; without it, a maker the agency
 * holds none of meant reading every firearm of the agency to find so.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0015SupervisorIndexes: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('firearms_agency_date_counts').on('firearms').columns(['agency_code', 'recovered_on', 'record_status', 'trace_ready', 'firearm_id']).execute();
    await db.schema.createIndex('firearms_agency_maker_seq').on('firearms').columns(['agency_code', 'maker_key', 'last_seq', 'firearm_id']).execute();
  },
};
