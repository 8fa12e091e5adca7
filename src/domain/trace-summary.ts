/**
 * Where a seizure's traces stand, as the list shows it: how many of its firearms are in each
 * trace state (a firearm never given a status is not requested), and whether the seizure is
 * ready but has a firearm whose trace is still to be requested (the list's filter: work waiting).
 */
import type { Seizure } from './schema';
import { TRACE_STATES, type TraceState } from './trace-states';

export type TraceCounts = Record<TraceState, number>;

export function traceCounts(record: Pick<Seizure, 'firearms'>, statuses: readonly { firearmId: string; status: { status: TraceState } }[]): TraceCounts {
  const byFirearm = new Map(statuses.map((s) => [s.firearmId, s.status.status]));
  const counts = Object.fromEntries(TRACE_STATES.map((state) => [state, 0])) as TraceCounts;
  for (const firearm of record.firearms) counts[byFirearm.get(firearm.id) ?? 'not_requested']++;
  return counts;
}

/** Ready to trace, and at least one firearm's trace not yet requested. */
export const readyNotRequested = (record: Pick<Seizure, 'status' | 'firearms'>, counts: TraceCounts): boolean => record.status === 'ready' && counts.not_requested > 0;
