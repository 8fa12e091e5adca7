/**
 * The trace-readiness dashboard (docs/supervisor.md "Dashboard"): counts over the agency's own
 * firearms recovered in a period, from the firearms index (firearm-rows.ts) and the trace
 * statuses. Counting runs in the database over indexed columns; only the statuses that carry a
 * date or a reason (requested and after) are read in full.
 */
import { sql, type Kysely } from 'kysely';
import { daysBetween, NOT_TRACED_REASONS, TRACE_STATES, type TraceState } from '../../domain/trace-status';
import type { DashboardQuery } from '../../domain/firearm-search';
import type { Database } from './schema';
import type { StoredTraceStatus } from './trace-repository';

export interface Dashboard {
  firearms: { total: number; traceReady: number; recordsReady: number };
  trace: Record<TraceState, number>;
  notTracedReasons: Record<(typeof NOT_TRACED_REASONS)[number], number>;
  /** What a trace lacks, most frequent first: a field missing or present but wrong. */
  gaps: { field: string; kind: string; count: number }[];
  /** Trace-ready firearms of ready records that nobody has asked a trace for, oldest first. */
  readyNotRequested: { recordId: string; firearmId: string; itemNumber: number; recoveredOn: string | null; state: string | null }[];
  /** Days from the recovery to the trace request, over the firearms requested. */
  daysToRequest: { count: number; median: number | null; p90: number | null };
}

const OLDEST_SHOWN = 20;

const stateOf = sql<string>`coalesce(t.status, ${sql.lit('not_requested')})`;

const percentile = (sorted: readonly number[], p: number): number | null => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null));

export function dashboardRepository(db: Kysely<Database>) {
  /** The agency's firearms in the period, as a base every count narrows. */
  const inPeriod = (agency: string, { from, to }: DashboardQuery) => {
    let q = db.selectFrom('firearms as f').where('f.agency_code', '=', agency);
    if (from !== undefined) q = q.where('f.recovered_on', '>=', from);
    if (to !== undefined) q = q.where('f.recovered_on', '<=', to);
    return q;
  };

  return {
    async forAgency(agency: string, period: DashboardQuery): Promise<Dashboard> {
      const totals = await inPeriod(agency, period)
        .select((eb) => [
          eb.fn.countAll<number>().as('total'),
          eb.fn.sum<number>('f.trace_ready').as('trace_ready'),
          eb.fn.sum<number>(eb.case().when('f.record_status', '=', 'ready').then(1).else(0).end()).as('records_ready'),
        ])
        .executeTakeFirstOrThrow();

      const states = await inPeriod(agency, period)
        .leftJoin('trace_statuses as t', 't.firearm_id', 'f.firearm_id')
        .select((eb) => [stateOf.as('state'), eb.fn.countAll<number>().as('n')])
        // The same literal expression in both places: PostgreSQL would not match two parameters.
        .groupBy(stateOf)
        .execute();
      const trace = Object.fromEntries(TRACE_STATES.map((state) => [state, 0])) as Record<TraceState, number>;
      for (const row of states) if (row.state in trace) trace[row.state as TraceState] = Number(row.n);

      let gapsQuery = db.selectFrom('firearm_gaps').select((eb) => ['item', 'kind', eb.fn.countAll<number>().as('n')]).where('agency_code', '=', agency);
      if (period.from !== undefined) gapsQuery = gapsQuery.where('recovered_on', '>=', period.from);
      if (period.to !== undefined) gapsQuery = gapsQuery.where('recovered_on', '<=', period.to);
      const gaps = (await gapsQuery.groupBy(['item', 'kind']).execute())
        .map((row) => ({ field: row.item, kind: row.kind, count: Number(row.n) }))
        .sort((a, b) => b.count - a.count || a.field.localeCompare(b.field));

      const waiting = await inPeriod(agency, period)
        .leftJoin('trace_statuses as t', 't.firearm_id', 'f.firearm_id')
        .select(['f.record_id', 'f.firearm_id', 'f.item_number', 'f.recovered_on', 'f.state'])
        .where('f.trace_ready', '=', 1)
        .where('f.record_status', '=', 'ready')
        .where((eb) => eb.or([eb('t.status', 'is', null), eb('t.status', '=', 'not_requested')]))
        .orderBy('f.recovered_on')
        .orderBy('f.firearm_id')
        .limit(OLDEST_SHOWN)
        .execute();

      const asked = await inPeriod(agency, period)
        .innerJoin('trace_statuses as t', 't.firearm_id', 'f.firearm_id')
        .select(['f.recovered_on', 't.body'])
        .where('t.status', '!=', 'not_requested')
        .execute();
      const notTracedReasons = Object.fromEntries(NOT_TRACED_REASONS.map((reason) => [reason, 0])) as Dashboard['notTracedReasons'];
      const days: number[] = [];
      for (const row of asked) {
        const status = JSON.parse(row.body) as StoredTraceStatus;
        if (status.status === 'not_traced' && status.notTracedReason) notTracedReasons[status.notTracedReason] += 1;
        if (status.requestedAt && row.recovered_on) days.push(daysBetween(row.recovered_on, status.requestedAt));
      }
      days.sort((a, b) => a - b);

      return {
        firearms: { total: Number(totals.total), traceReady: Number(totals.trace_ready ?? 0), recordsReady: Number(totals.records_ready ?? 0) },
        trace,
        notTracedReasons,
        gaps,
        readyNotRequested: waiting.map((row) => ({ recordId: row.record_id, firearmId: row.firearm_id, itemNumber: row.item_number, recoveredOn: row.recovered_on, state: row.state })),
        daysToRequest: { count: days.length, median: percentile(days, 0.5), p90: percentile(days, 0.9) },
      };
    },
  };
}
