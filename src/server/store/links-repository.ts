/**
 * Reading the link index (docs/links.md "Indexes"): the rows a seizure could link with, found by
 * index lookups on (kind, key, num); which records the caller's agency may see; an agency's rows
 * over a window of dates for the leads. Which rows make a link is the domain's rule
 * (domain/links/rules.ts); this module only fetches.
 */
import { sql, type Kysely } from 'kysely';
import { neighbourCells, type IndexedKey, type LinkReason, type LinkThresholds } from '../../domain/links';
import type { Seizure } from '../../domain/schema';
import type { Database, LinkKeysTable } from './schema';

/**
 * A key held by more records than this links to the newest of them only (a big dealer sells to
 * thousands; a placeholder case number slips through): a link view stays a bounded read.
 */
export const CANDIDATES_PER_KEY = 50;
const KEYS_PER_STATEMENT = 100;
const IDS_PER_STATEMENT = 500;

/** Ids in statements of a bounded size (far below either database's bound parameters). */
function parts(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) out.push(ids.slice(start, start + IDS_PER_STATEMENT));
  return out;
}

export interface RecordSide {
  recordId: string;
  agency: string;
  visible: boolean;
  body: Seizure;
}

const toKey = (row: LinkKeysTable): IndexedKey => ({
  recordId: row.record_id,
  kind: row.kind as LinkReason,
  key: row.key,
  num: row.num === null ? null : Number(row.num),
  firearmId: row.firearm_id,
  lat: row.lat === null ? null : Number(row.lat),
  lon: row.lon === null ? null : Number(row.lon),
  detail: row.detail,
  recoveredOn: row.recovered_on,
});

export function linksRepository(db: Kysely<Database>) {
  return {
    /** The records holding a firearm of this id (one, unless two records were given the same id). */
    async recordsOfFirearm(firearmId: string): Promise<string[]> {
      const rows = await db.selectFrom('firearms').select('record_id').where('firearm_id', '=', firearmId).execute();
      return rows.map((row) => row.record_id);
    },

    /** The index rows of these records. */
    async keysOf(recordIds: readonly string[]): Promise<IndexedKey[]> {
      const out: IndexedKey[] = [];
      for (const ids of parts(recordIds)) out.push(...(await db.selectFrom('link_keys').selectAll().where('record_id', 'in', ids).execute()).map(toKey));
      return out;
    },

    /**
     * The rows that may link with these keys: the same kind and key, for a
     * serial a number within the distance, for a place the cell or a neighbour and a day within
     * the window. Each (kind, key) keeps its CANDIDATES_PER_KEY newest rows (a window function
     * over what the index found, on both SQLite and PostgreSQL).
     */
    async candidates(keys: readonly IndexedKey[], t: LinkThresholds): Promise<IndexedKey[]> {
      const found: IndexedKey[] = [];
      for (let start = 0; start < keys.length; start += KEYS_PER_STATEMENT) {
        const part = keys.slice(start, start + KEYS_PER_STATEMENT);
        const inner = db
          .selectFrom('link_keys')
          .selectAll()
          .select((eb) => eb.fn.agg<number>('row_number').over((over) => over.partitionBy(['kind', 'key']).orderBy('recovered_on', 'desc').orderBy('record_id')).as('nth'))
          .where((eb) =>
            eb.or(
              part.map((key) => {
                const num = key.num ?? 0;
                if (key.kind === 'serial') return eb.and([eb('kind', '=', 'serial'), eb('key', '=', key.key), eb('num', '>=', num - t.serialDistance), eb('num', '<=', num + t.serialDistance)]);
                if (key.kind === 'place' && key.lat !== null && key.lon !== null) {
                  return eb.and([eb('kind', '=', 'place'), eb('key', 'in', neighbourCells(key.lat, key.lon, t.placeMetres)), eb('num', '>=', num - t.placeDays), eb('num', '<=', num + t.placeDays)]);
                }
                return eb.and([eb('kind', '=', key.kind), eb('key', '=', key.key)]);
              }),
            ),
          );
        const rows = await db.selectFrom(inner.as('c')).selectAll().where('nth', '<=', CANDIDATES_PER_KEY).execute();
        // The keys' own rows come back too (a record matches its own key); the rules skip a record with itself.
        for (const row of rows) found.push(toKey(row));
      }
      return found;
    },

    /** These records with their owner and whether the agency may see them (its own, or shared with it). */
    async sides(recordIds: readonly string[], agency: string): Promise<Map<string, RecordSide>> {
      const out = new Map<string, RecordSide>();
      for (const ids of parts(recordIds)) {
        const rows = await db.selectFrom('records').select(['record_id', 'agency_code', 'body']).where('record_id', 'in', ids).execute();
        const shared = await db.selectFrom('shared_records').select('record_id').where('to_agency', '=', agency).where('active', '=', 1).where('record_id', 'in', ids).execute();
        const sharedIds = new Set(shared.map((row) => row.record_id));
        for (const row of rows) {
          out.set(row.record_id, { recordId: row.record_id, agency: row.agency_code, visible: row.agency_code === agency || sharedIds.has(row.record_id), body: JSON.parse(row.body) as Seizure });
        }
      }
      return out;
    },

    /**
     * Every row of the records the agency may see recovered in [from, to], at most `cap` + 1 rows
     * (the caller says "truncated" past the cap): its own through (agency_code, recovered_on),
     * those shared with it through shared_records then (record_id, source).
     */
    async visibleRows(agency: string, from: string, to: string, cap: number): Promise<IndexedKey[]> {
      const own = await db.selectFrom('link_keys').selectAll().where('agency_code', '=', agency).where('recovered_on', '>=', from).where('recovered_on', '<=', to).limit(cap + 1).execute();
      const shared = await db
        .selectFrom('link_keys')
        .selectAll()
        .where('record_id', 'in', (eb) => eb.selectFrom('shared_records').select('record_id').where('to_agency', '=', agency).where('active', '=', 1))
        .where('agency_code', '<>', agency)
        .where('recovered_on', '>=', from)
        .where('recovered_on', '<=', to)
        .limit(cap + 1 - own.length)
        .execute();
      return [...own, ...shared].map(toKey);
    },

    /** The shortest time to crime (days) known for each of these records' firearms. */
    async timesToCrime(recordIds: readonly string[]): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      for (const ids of parts(recordIds)) {
        const rows = await db
          .selectFrom('link_keys')
          .select(['record_id', sql<number | string>`min(num)`.as('days')])
          .where('record_id', 'in', ids)
          .where('kind', '=', 'dealer')
          .where('num', 'is not', null)
          .groupBy('record_id')
          .execute();
        for (const row of rows) out.set(row.record_id, Number(row.days));
      }
      return out;
    },
  };
}

export type LinksRepository = ReturnType<typeof linksRepository>;
