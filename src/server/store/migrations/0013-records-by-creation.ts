/**
 * Exports (routes/api/exports) read an agency's records in the order they first reached the
 * server, a page at a time from where the last page ended: this index makes each page a range
 * read, so 100,000 records cost the same per page as 100.
 */
import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const m0013RecordsByCreation: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('records_agency_created').on('records').columns(['agency_code', 'created_at', 'record_id']).execute();
  },
};
