/**
 * Tells the server, at the end of each sync run, what this device still holds unsent and since
 * when (docs/supervisor.md "Devices"), so a supervisor can call the officer whose phone has held
 * records for days. Also after a run the server answered with a failure (a 503 half-way through
 * the outbox): that is when records stay behind. Not after no answer at all: a second request
 * would only wait out its own deadline.
 *
 * The report is the device's word, informational: it never fails a run nor touches a record,
 * and the next run sends a fresh one.
 */
import type { DeviceReport } from '../domain/device-report';
import type { DeviceReportResponse } from './protocol';
import type { FailureKind } from './transport';

export interface DeviceReporting {
  /** Records not yet on the server, and when the oldest unsent change was saved. */
  pending(): Promise<{ count: number; oldest?: string }>;
  send(report: DeviceReport): Promise<DeviceReportResponse>;
}

/** What the device holds, in the form the server accepts: a count and its time go together. */
export function deviceReportOf(deviceId: string, pending: { count: number; oldest?: string }, now: Date): DeviceReport {
  if (pending.count === 0) return { deviceId, pending: 0, oldestPendingAt: null };
  // A record waiting with no outbox entry to date it (one being folded): it waits from now at least.
  return { deviceId, pending: pending.count, oldestPendingAt: pending.oldest ?? now.toISOString() };
}

/** Returns whether the server took the report; any failure is left for the next run's report. */
export async function reportDevice({ pending, send }: DeviceReporting, deviceId: () => Promise<string>, now: Date): Promise<boolean> {
  try {
    await send(deviceReportOf(await deviceId(), await pending(), now));
    return true;
  } catch {
    // Refused (a phone clock far ahead, a server without the route), or no answer: the records
    // themselves are safe in the outbox, and nothing here is worth a retry or a failed run.
    return false;
  }
}

/** Whether a run that failed this way reached a server that could take a report. */
export const serverAnswered = (kind: FailureKind): boolean => kind === 'server' || kind === 'refused';
