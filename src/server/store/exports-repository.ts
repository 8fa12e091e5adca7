/**
 * What an export reads (routes/api/exports): the latest revision of each record an agency may
 * see, its own and those shared with it, a page at a time. Keyset pages, not OFFSET and not one
 * long cursor: each page starts where the last one ended through an index (migration 0013 for
 * the agency's own records, shared_records' primary key for the shared ones), so the cost per
 * page does not grow with the export, no transaction stays open while the file goes out, and
 * the same SQL runs on SQLite and PostgreSQL.
 *
 * Each record is read once: own records are ordered by (created_at, record_id), which never
 * changes after the first revision; shared ones by record_id. A record revised during the export
 * appears as the revision its page read.
 */
import type { Kysely } from 'kysely';
import type { StoredSeizure } from './records-repository';
import type { Database } from './schema';

export interface ExportScope {
  agencyCode: string;
  /** ISO 8601 UTC bounds on when the server first stored the record: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

export interface ExportedRecord {
  body: StoredSeizure;
  /** The owning agency, for a record shared with the exporting one. */
  sharedBy?: string;
}

export const EXPORT_PAGE_SIZE = 200;

export function exportsRepository(db: Kysely<Database>) {
  async function* own(scope: ExportScope, pageSize: number): AsyncGenerator<ExportedRecord[]> {
    let after: { createdAt: string; recordId: string } | undefined;
    for (;;) {
      let query = db.selectFrom('records').select(['record_id', 'created_at', 'body']).where('agency_code', '=', scope.agencyCode);
      if (scope.from !== undefined) query = query.where('created_at', '>=', scope.from);
      if (scope.to !== undefined) query = query.where('created_at', '<', scope.to);
      if (after) {
        const { createdAt, recordId } = after;
        query = query.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('record_id', '>', recordId)])]));
      }
      const rows = await query.orderBy('created_at').orderBy('record_id').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map((row) => ({ body: JSON.parse(row.body) as StoredSeizure }));
      const last = rows.at(-1)!;
      after = { createdAt: last.created_at, recordId: last.record_id };
      if (rows.length < pageSize) return;
    }
  }

  async function* shared(scope: ExportScope, pageSize: number): AsyncGenerator<ExportedRecord[]> {
    let after: string | undefined;
    for (;;) {
      let query = db
        .selectFrom('shared_records')
        .innerJoin('records', 'records.record_id', 'shared_records.record_id')
        .select(['records.record_id', 'records.agency_code', 'records.body'])
        .where('shared_records.to_agency', '=', scope.agencyCode)
        .where('shared_records.active', '=', 1)
        // An agency never sees its own records twice, whatever the shares say.
        .where('records.agency_code', '<>', scope.agencyCode);
      if (scope.from !== undefined) query = query.where('records.created_at', '>=', scope.from);
      if (scope.to !== undefined) query = query.where('records.created_at', '<', scope.to);
      if (after !== undefined) query = query.where('shared_records.record_id', '>', after);
      const rows = await query.orderBy('shared_records.record_id').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map((row) => ({ body: JSON.parse(row.body) as StoredSeizure, sharedBy: row.agency_code }));
      after = rows.at(-1)!.record_id;
      if (rows.length < pageSize) return;
    }
  }

  return {
    /** The agency's own records in the order they first reached the server, then those shared with it. */
    async *visibleRecords(scope: ExportScope, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<ExportedRecord[]> {
      yield* own(scope, pageSize);
      yield* shared(scope, pageSize);
    },
  };
}

export type ExportsRepository = ReturnType<typeof exportsRepository>;
