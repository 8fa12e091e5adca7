/**
 * Deconfliction (docs/supervisor.md "Deconfliction alerts"): when a record's revision holds a gun
 * (maker and serial match key, both known) that another record holds too, an alert for the pair,
 * made in the same transaction as the revision, so a crash never loses one and a replayed push
 * (or two instances at once, serialised by the write lock) never doubles it: `pair_key` is
 * unique. Each involved agency has its own view row: seen, acknowledged with a note. An alert is
 * a pointer: the other agency's record is never part of it unless that record is shared.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, DeconflictionAlertsTable } from './schema';

export type AlertKind = 'other_agency' | 'same_agency';

export interface NewAlert {
  id: string;
  kind: AlertKind;
  agencies: string[];
}

export interface AlertSide {
  recordId: string;
  firearmId: string;
  agency: string;
  recoveredOn: string | null;
  state: string | null;
  recordStatus: string | null;
}

export interface AlertRow {
  id: string;
  kind: AlertKind;
  createdAt: string;
  /** The caller's side first; for a same-agency alert, the record stored first. */
  mine: AlertSide;
  other: AlertSide;
  seenAt: string | null;
  acknowledged: { at: string; by: string | null; note: string | null } | null;
}

const ROWS_PER_STATEMENT = 200;

/**
 * A gun held by more records than this alerts against the newest of them only: the same serial in
 * hundreds of records (a placeholder that slipped through, a test set) must not make a push write
 * hundreds of alerts, and the newest holders are the ones worth a call.
 */
export const MATCHES_PER_FIREARM = 20;

/** A pair found by detect: the alert's columns that come from the two firearms. */
type Match = Pick<DeconflictionAlertsTable, 'record_a' | 'firearm_a' | 'agency_a' | 'record_b' | 'firearm_b' | 'agency_b' | 'maker_key' | 'serial_key'>;

/** One key per pair of firearms of two records, whichever of them arrived first. */
const pairKey = (one: string, two: string): string => [one, two].sort().join('|');

export function deconflictionRepository(db: Kysely<Database>) {
  /** The index rows of the alerts' firearms, in one query; a firearm since removed keeps its alert without details. */
  async function sidesOf(rows: readonly Pick<DeconflictionAlertsTable, 'record_a' | 'firearm_a' | 'record_b' | 'firearm_b'>[]) {
    const recordIds = [...new Set(rows.flatMap((row) => [row.record_a, row.record_b]))];
    const found = recordIds.length === 0 ? [] : await db.selectFrom('firearms').select(['record_id', 'firearm_id', 'recovered_on', 'state', 'record_status']).where('record_id', 'in', recordIds).execute();
    const byFirearm = new Map(found.map((row) => [`${row.record_id}:${row.firearm_id}`, row]));
    return (recordId: string, firearmId: string, agency: string): AlertSide => {
      const row = byFirearm.get(`${recordId}:${firearmId}`);
      return { recordId, firearmId, agency, recoveredOn: row?.recovered_on ?? null, state: row?.state ?? null, recordStatus: row?.record_status ?? null };
    };
  }

  return {
    /** After revisions of these records were indexed (inside writeLocked): an alert for each new pair. */
    async detect(recordIds: readonly string[], now: Date): Promise<NewAlert[]> {
      if (recordIds.length === 0) return [];
      const matches: Match[] = [];
      for (let start = 0; start < recordIds.length; start += ROWS_PER_STATEMENT) {
        const part = recordIds.slice(start, start + ROWS_PER_STATEMENT);
        // Window functions (SQLite 3.25+, PostgreSQL) keep the newest few matches of each firearm.
        const { rows } = await sql<Match>`
          select record_b, firearm_b, agency_b, record_a, firearm_a, agency_a, maker_key, serial_key from (
            select f.record_id as record_b, f.firearm_id as firearm_b, f.agency_code as agency_b,
                   g.record_id as record_a, g.firearm_id as firearm_a, g.agency_code as agency_a,
                   f.maker_key as maker_key, f.serial_key as serial_key,
                   row_number() over (partition by f.record_id, f.firearm_id order by g.last_seq desc, g.firearm_id) as nth
            from firearms f
            join firearms g on g.maker_key = f.maker_key and g.serial_key = f.serial_key and g.record_id <> f.record_id
            where f.record_id in (${sql.join(part)}) and f.serial_key <> '' and f.maker_key <> ''
          ) matched where nth <= ${MATCHES_PER_FIREARM}`.execute(db);
        matches.push(...rows);
      }
      const candidates = new Map<string, Match>();
      for (const match of matches) {
        const key = pairKey(`${match.record_a}:${match.firearm_a}`, `${match.record_b}:${match.firearm_b}`);
        if (!candidates.has(key)) candidates.set(key, match);
      }
      if (candidates.size === 0) return [];
      const existing = new Set<string>();
      const keys = [...candidates.keys()];
      for (let start = 0; start < keys.length; start += ROWS_PER_STATEMENT) {
        const rows = await db.selectFrom('deconfliction_alerts').select('pair_key').where('pair_key', 'in', keys.slice(start, start + ROWS_PER_STATEMENT)).execute();
        for (const row of rows) existing.add(row.pair_key);
      }
      const made: NewAlert[] = [];
      const at = now.toISOString();
      for (const [key, match] of candidates) {
        if (existing.has(key)) continue;
        const id = randomUUID();
        const kind: AlertKind = match.agency_a === match.agency_b ? 'same_agency' : 'other_agency';
        await db.insertInto('deconfliction_alerts').values({ id, pair_key: key, kind, created_at: at, ...match }).execute();
        const agencies = [...new Set([match.agency_a, match.agency_b])];
        await db
          .insertInto('deconfliction_views')
          .values(agencies.map((agency_code) => ({ alert_id: id, agency_code, created_at: at, seen_at: null, seen_by: null, acknowledged_at: null, acknowledged_by: null, note: null })))
          .execute();
        made.push({ id, kind, agencies });
      }
      return made;
    },

    /** The agency's alerts, newest first, a page at a time (cursor: the last alert's creation time and id). */
    async list(agency: string, limit: number, cursor?: { createdAt: string; id: string }): Promise<AlertRow[]> {
      let query = db
        .selectFrom('deconfliction_views as v')
        .innerJoin('deconfliction_alerts as a', 'a.id', 'v.alert_id')
        .selectAll('a')
        .select(['v.seen_at', 'v.acknowledged_at', 'v.acknowledged_by', 'v.note'])
        .where('v.agency_code', '=', agency);
      if (cursor) query = query.where((eb) => eb.or([eb('a.created_at', '<', cursor.createdAt), eb.and([eb('a.created_at', '=', cursor.createdAt), eb('a.id', '<', cursor.id)])]));
      const rows = await query.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
      const side = await sidesOf(rows);
      const out: AlertRow[] = [];
      for (const row of rows) {
        const a = side(row.record_a, row.firearm_a, row.agency_a);
        const b = side(row.record_b, row.firearm_b, row.agency_b);
        const mineIsB = row.agency_b === agency && row.agency_a !== agency;
        out.push({
          id: row.id,
          kind: row.kind as AlertKind,
          createdAt: row.created_at,
          mine: mineIsB ? b : a,
          other: mineIsB ? a : b,
          seenAt: row.seen_at,
          acknowledged: row.acknowledged_at ? { at: row.acknowledged_at, by: row.acknowledged_by, note: row.note } : null,
        });
      }
      return out;
    },

    async unacknowledged(agency: string): Promise<number> {
      const row = await db
        .selectFrom('deconfliction_views')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('agency_code', '=', agency)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Marks these alerts seen by the agency (inside writeLocked); returns those seen for the first time. */
    async markSeen(agency: string, alertIds: readonly string[], by: string, at: Date): Promise<string[]> {
      if (alertIds.length === 0) return [];
      const unseen = await db.selectFrom('deconfliction_views').select('alert_id').where('agency_code', '=', agency).where('alert_id', 'in', alertIds).where('seen_at', 'is', null).execute();
      const ids = unseen.map((row) => row.alert_id);
      if (ids.length > 0) await db.updateTable('deconfliction_views').set({ seen_at: at.toISOString(), seen_by: by }).where('agency_code', '=', agency).where('alert_id', 'in', ids).execute();
      return ids;
    },

    /** Acknowledges the agency's view of an alert once (inside writeLocked): 'done', 'already', or 'unknown' for an alert not the agency's. */
    async acknowledge(agency: string, alertId: string, by: string, note: string | undefined, at: Date): Promise<'done' | 'already' | 'unknown'> {
      const view = await db.selectFrom('deconfliction_views').select('acknowledged_at').where('agency_code', '=', agency).where('alert_id', '=', alertId).executeTakeFirst();
      if (!view) return 'unknown';
      if (view.acknowledged_at) return 'already';
      const iso = at.toISOString();
      // Acknowledging is seeing: an alert acknowledged straight from a link counts as seen then.
      await db
        .updateTable('deconfliction_views')
        .set({ acknowledged_at: iso, acknowledged_by: by, note: note ?? null, seen_at: sql<string>`coalesce(seen_at, ${iso})`, seen_by: sql<string>`coalesce(seen_by, ${by})` })
        .where('agency_code', '=', agency)
        .where('alert_id', '=', alertId)
        .execute();
      return 'done';
    },
  };
}

export type DeconflictionRepository = ReturnType<typeof deconflictionRepository>;
