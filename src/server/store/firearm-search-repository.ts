/**
 * A supervisor's search over the firearms index (firearm-rows.ts): the agency's own firearms and
 * those of records shared with it, never another's, newest change first, a page at a time by a
 * keyset cursor (a page deep in millions of rows costs what the first one does).
 */
import type { Kysely } from 'kysely';
import { caseNumberKey, makerKey, serialKey } from '../../domain/keys';
import type { FirearmSearchQuery } from '../../domain/firearm-search';
import type { StoredSeizure } from './records-repository';
import type { Database } from './schema';

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

export function firearmSearchRepository(db: Kysely<Database>) {
  return {
    async search(agency: string, query: FirearmSearchQuery, limit: number): Promise<FirearmPage> {
      let q = db
        .selectFrom('firearms as f')
        .innerJoin('records as r', 'r.record_id', 'f.record_id')
        .leftJoin('trace_statuses as t', 't.firearm_id', 'f.firearm_id')
        .select(['f.record_id', 'f.firearm_id', 'f.item_number', 'f.recovered_on', 'f.state', 'f.municipality', 'f.record_status', 'f.agency_code', 'f.last_seq', 'r.body', 't.status as trace_status'])
        .where((eb) =>
          eb.or([
            eb('f.agency_code', '=', agency),
            eb.exists(
              eb
                .selectFrom('shared_records as s')
                .select('s.record_id')
                .whereRef('s.record_id', '=', 'f.record_id')
                .where('s.to_agency', '=', agency)
                .where('s.active', '=', 1),
            ),
          ]),
        );
      if (query.serial !== undefined) q = q.where('f.serial_key', '=', serialKey(query.serial));
      if (query.maker !== undefined) q = q.where('f.maker_key', '=', makerKey(query.maker));
      if (query.caseNumber !== undefined) q = q.where('f.case_key', '=', caseNumberKey(query.caseNumber));
      if (query.from !== undefined) q = q.where('f.recovered_on', '>=', query.from);
      if (query.to !== undefined) q = q.where('f.recovered_on', '<=', query.to);
      if (query.state !== undefined) q = q.where('f.state', '=', query.state);
      if (query.municipality !== undefined) q = q.where('f.municipality', '=', query.municipality);
      if (query.traceStatus === 'not_requested') q = q.where((eb) => eb.or([eb('t.status', 'is', null), eb('t.status', '=', 'not_requested')]));
      else if (query.traceStatus !== undefined) q = q.where('t.status', '=', query.traceStatus);
      if (query.cursor !== undefined) {
        const [seq, firearmId] = query.cursor.split(':') as [string, string];
        q = q.where((eb) => eb.or([eb('f.last_seq', '<', Number(seq)), eb.and([eb('f.last_seq', '=', Number(seq)), eb('f.firearm_id', '<', firearmId)])]));
      }
      const rows = await q.orderBy('f.last_seq', 'desc').orderBy('f.firearm_id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const hits = page.map((row): FirearmHit => {
        const body = JSON.parse(row.body) as StoredSeizure;
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

