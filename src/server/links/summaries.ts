/**
 * What a link view or a lead says about a seizure: for one the caller's agency may see, its
 * summary; for one it may not, a pointer as deconfliction gives (the other agency, the date, the
 * state, the record's status), never its id or content (docs/links.md "Visibility").
 */
import type { Seizure } from '../../domain/schema';
import type { RecordSide } from '../store/links-repository';

export interface SeizureSummary {
  recordId: string;
  agency: string;
  recoveredOn: string | null;
  state: string | null;
  municipality: string | null;
  caseNumber: string | null;
  status: Seizure['status'];
  firearms: number;
  /** A firearm of it was bought less than the threshold before the recovery (trace result). */
  shortTimeToCrime: boolean;
}

export interface Pointer {
  agency: string;
  recoveredOn: string | null;
  state: string | null;
  status: Seizure['status'];
}

const recoveredOn = (body: Seizure) => body.recovery.occurredAt?.slice(0, 10) ?? null;

export function summaryOf(side: RecordSide, shortestTimeToCrime: number | undefined, shortDays: number): SeizureSummary {
  const { body } = side;
  return {
    recordId: side.recordId,
    agency: side.agency,
    recoveredOn: recoveredOn(body),
    state: body.recovery.state ?? null,
    municipality: body.recovery.municipality ?? null,
    caseNumber: body.agency.caseNumber ?? null,
    status: body.status,
    firearms: body.firearms.length,
    shortTimeToCrime: shortestTimeToCrime !== undefined && shortestTimeToCrime < shortDays,
  };
}

export const pointerOf = (side: RecordSide): Pointer => ({ agency: side.agency, recoveredOn: recoveredOn(side.body), state: side.body.recovery.state ?? null, status: side.body.status });

/** Whether a recovery date is inside an optional [from, to] (records without a date are kept only without bounds). */
export function inWindow(date: string | null, from: string | undefined, to: string | undefined): boolean {
  if (from === undefined && to === undefined) return true;
  if (date === null) return false;
  return (from === undefined || date >= from) && (to === undefined || date <= to);
}
