/**
 * A supervisor's search over the firearms index (firearm-rows.ts): the agency's own firearms and
 * those of records shared with it, never another's, newest change first, a page at a time by a
 * keyset cursor (a page deep in millions of rows costs what the first one does).
 */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { caseNumberKey, makerKey, serialKey } from '../../domain/keys';
import type { FirearmSearchQuery } from '../../domain/firearm-search';
import type { StoredSeizure } from './records-repository';
import type { Database, FirearmsTable, TraceStatusesTable } from './schema';

export interface FirearmHit {
  recordId: string;
  firearmId: string;
  itemNumber: number;
  serialNumber: string | null;
  manufacturer: string | null;
  model: string | null;
  caliber: string | null;
  caseNumber: string | null;
  recoveredOn: string | null;
  state: string | null;
  municipality: string | null;
  recordStatus: string;
  traceStatus: string;
  /** The agency that owns the record; another agency's only when it shares the record with the caller's. */
  agency: string;
  shared: boolean;
}

export interface FirearmPage {
  hits: FirearmHit[];
  /** Where the next page starts; null on the last page. */
  cursor: string | null;
}

type SearchTables = Database & { f: FirearmsTable; t: TraceStatusesTable };

/** The query's conditions on a firearm and its trace status, the same in both branches of the search. */
function matching(query: FirearmSearchQuery) {
  return (eb: ExpressionBuilder<SearchTables, 'f' | 't'>) => {
    const all: Expression<SqlBool>[] = [];
    if (query.serial !== undefined) all.push(eb('f.serial_key', '=', serialKey(query.serial)));
    if (query.maker !== undefined) all.push(eb('f.maker_key', '=', makerKey(query.maker)));
    if (query.caseNumber !== undefined) all.push(eb('f.case_key', '=', caseNumberKey(query.caseNumber)));
    if (query.from !== undefined) all.push(eb('f.recovered_on', '>=', query.from));
    if (query.to !== undefined) all.push(eb('f.recovered_on', '<=', query.to));
    if (query.state !== undefined) all.push(eb('f.state', '=', query.state));
    if (query.municipality !== undefined) all.push(eb('f.municipality', '=', query.municipality));
    if (query.traceStatus === 'not_requested') all.push(eb.or([eb('t.status', 'is', null), eb('t.status', '=', 'not_requested')]));
    else if (query.traceStatus !== undefined) all.push(eb('t.status', '=', query.traceStatus));
    if (query.cursor !== undefined) {
      const [seq, firearmId] = query.cursor.split(':') as [string, string];
      all.push(eb.or([eb('f.last_seq', '<', Number(seq)), eb.and([eb('f.last_seq', '=', Number(seq)), eb('f.firearm_id', '<', firearmId)])]));
    }
    return eb.and(all);
  };
}

const COLUMNS = ['f.record_id', 'f.firearm_id', 'f.item_number', 'f.recovered_on', 'f.state', 'f.municipality', 'f.record_status', 'f.agency_code', 'f.last_seq', 't.status as trace_status'] as const;

export function firearmSearchRepository(db: Kysely<Database>) {
  return {
    async search(agency: string, query: FirearmSearchQuery, limit: number): Promise<FirearmPage> {
      // The agency's own firearms and those shared with it, as two branches rather than one
      // "own OR shared" condition: each branch then reads through an index of its own (the
      // agency's, the shares'), newest first, and stops at a page; with the OR, a million firearms
      // meant a shares lookup per firearm of the period (docs/performance.md "Supervisor queries").
      const own = db
        .selectFrom('firearms as f')
        .leftJoin('trace_statuses as t', 't.firearm_id', 'f.firearm_id')
        .select(COLUMNS)
        .where('f.agency_code', '=', agency)
        .where(matching(query))
        .orderBy('f.last_seq', 'desc')
        .orderBy('f.firearm_id', 'desc')
        .limit(limit + 1);
      const shared = db
        .selectFrom('shared_records as s')
        .innerJoin('firearms as f', 'f.record_id', 's.record_id')
        .leftJoin('trace_statuses as t', 't.firearm_id', 'f.firearm_id')
        .select(COLUMNS)
        .where('s.to_agency', '=', agency)
        .where('s.active', '=', 1)
        .where('f.agency_code', '<>', agency)
        .where(matching(query))
        .orderBy('f.last_seq', 'desc')
        .orderBy('f.firearm_id', 'desc')
        .limit(limit + 1);
      const rows = await db
        .selectFrom(own.as('own'))
        .selectAll()
        .unionAll(db.selectFrom(shared.as('shared')).selectAll())
        .orderBy('last_seq', 'desc')
        .orderBy('firearm_id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      // Record bodies for the page only, not for every row the branches compared.
      const recordIds = [...new Set(page.map((row) => row.record_id))];
      const bodies = new Map(
        recordIds.length === 0 ? [] : (await db.selectFrom('records').select(['record_id', 'body']).where('record_id', 'in', recordIds).execute()).map((r) => [r.record_id, JSON.parse(r.body) as StoredSeizure]),
      );
      const hits = page.map((row): FirearmHit => {
        const body = bodies.get(row.record_id)!;
        const firearm = body.firearms.find((f) => f.id === row.firearm_id);
        return {
          recordId: row.record_id,
          firearmId: row.firearm_id,
          itemNumber: row.item_number,
          serialNumber: firearm?.serialNumber ?? null,
          manufacturer: firearm?.manufacturer ?? null,
          model: firearm?.model ?? null,
          caliber: firearm?.caliber ?? null,
          caseNumber: body.agency.caseNumber ?? null,
          recoveredOn: row.recovered_on,
          state: row.state,
          municipality: row.municipality,
          recordStatus: row.record_status,
          traceStatus: row.trace_status ?? 'not_requested',
          agency: row.agency_code,
          shared: row.agency_code !== agency,
        };
      });
      const last = page.at(-1);
      return { hits, cursor: rows.length > limit && last ? `${Number(last.last_seq)}:${last.firearm_id}` : null };
    },
  };
}

