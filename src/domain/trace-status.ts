/**
 * Where a firearm's trace stands (issue 14 item 3): not requested → requested (date, eTrace
 * request number) → traced (purchaser found or not, the dealer, the purchase date, time to crime)
 * or not traced (a reason from a list). One status per firearm, kept apart from the seizure record
 * so that a supervisor recording a result and an officer correcting the seizure's notes never
 * meet in a conflict; two people changing the same firearm's status do (docs/domain-rules.md#trace-status).
 *
 * Pure: the device and the server judge a status, and a change of status, with these same rules.
 */
import { z } from 'zod/mini';
import type { Issue } from './issues';
import { textUpTo } from './text';

import { NOT_TRACED_REASONS, TRACE_STATES, type TraceState } from './trace-states';

export { NOT_TRACED_REASONS, TRACE_STATES, type NotTracedReason, type TraceState } from './trace-states';

/** An eTrace request number: "T", the year, seven digits (T20260012345). */
export const ETRACE_NUMBER = /^T(19|20)\d{9}$/;
/** A Federal Firearms Licence number as it is printed: 1-23-456-78-9A-12345. */
export const FFL_NUMBER = /^\d-\d{2}-\d{3}-\d{2}-[0-9A-Z]{2}-\d{5}$/;

/**
 * Which change of status may be recorded. A result needs a request first; a request entered by
 * mistake may be taken back; a firearm not traced (or traced) may be asked about again once the
 * record is corrected. Changing a result's details keeps the state (same → same).
 */
const ALLOWED: Readonly<Record<TraceState, readonly TraceState[]>> = {
  not_requested: ['not_requested', 'requested'],
  requested: ['requested', 'traced', 'not_traced', 'not_requested'],
  traced: ['traced', 'requested'],
  not_traced: ['not_traced', 'requested'],
};

export const canMoveTrace = (from: TraceState, to: TraceState): boolean => ALLOWED[from].includes(to);

const isoDate = z.iso.date();

export const TraceResultSchema = z.strictObject({
  purchaserFound: z.boolean(),
  // Who bought it at the dealer's, as the trace report names them: a person the link index matches
  // against every possessor and purchaser (issue 16), one straw buyer behind several seizures.
  purchaserFirstName: z.optional(textUpTo(100)),
  purchaserLastName: z.optional(textUpTo(100)),
  purchaserSecondLastName: z.optional(textUpTo(100)),
  purchaserDateOfBirth: z.optional(isoDate),
  dealerName: z.optional(textUpTo(200)),
  dealerFfl: z.optional(z.string().check(z.regex(FFL_NUMBER))),
  purchaseDate: z.optional(isoDate),
  timeToCrimeDays: z.optional(z.int().check(z.gte(0), z.lte(40_000))),
});

export const TraceStatusSchema = z.strictObject({
  /** The firearm's id: one status per firearm. */
  firearmId: z.uuid(),
  seizureId: z.uuid(),
  status: z.enum(TRACE_STATES),
  requestedAt: z.optional(isoDate),
  requestNumber: z.optional(z.string().check(z.maxLength(20))),
  result: z.optional(TraceResultSchema),
  notTracedReason: z.optional(z.enum(NOT_TRACED_REASONS)),
  note: z.optional(textUpTo(2000, 'multiline')),
  updatedAt: z.iso.datetime({ offset: true }),
  revision: z.optional(z.int().check(z.gte(1))),
});

export type TraceStatus = z.infer<typeof TraceStatusSchema>;
export type TraceResult = z.infer<typeof TraceResultSchema>;

export const TRACE_ISSUE_CODES = [
  'trace.transitionNotAllowed',
  'trace.requestDateRequired',
  'trace.requestNumberFormat',
  'trace.requestBeforeRecovery',
  'trace.requestInFuture',
  'trace.resultRequired',
  'trace.reasonRequired',
  'trace.purchaseAfterRecovery',
  'trace.timeToCrimeMismatch',
  'trace.detailsOfOtherState',
  'trace.purchaserNotFound',
  // Judged by the server, which knows the record and the agency's policy.
  'trace.unknownFirearm',
  'trace.officerNotAllowed',
] as const;
export type TraceIssueCode = (typeof TRACE_ISSUE_CODES)[number];

export interface TraceIssue extends Omit<Issue, 'code'> {
  code: TraceIssueCode | Issue['code'];
}

export interface TraceContext {
  /** The status stored before this change (not_requested when none was). */
  previous: TraceState;
  /** The seizure's recovery date and time (ISO with offset), when it has one. */
  recoveredAt?: string | undefined;
  now: Date;
}

/** The calendar date written in an ISO date-time, at the scene's own offset ("2026-11-28T03:30:00-07:00" → 2026-11-28). */
const dateOf = (iso: string): string => iso.slice(0, 10);

/** Whole days from one calendar date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Days from the purchase to the recovery: the usual trafficking indicator ("time to crime"). */
export function timeToCrime(purchaseDate: string | undefined, recoveredAt: string | undefined): number | undefined {
  return purchaseDate && recoveredAt ? daysBetween(purchaseDate, dateOf(recoveredAt)) : undefined;
}

const error = (path: string, code: TraceIssueCode, params?: Record<string, string | number>): TraceIssue =>
  params ? { path, code, severity: 'error', params } : { path, code, severity: 'error' };

/**
 * What is wrong with a status as it is to be recorded: each an error, since a wrong trace result
 * misleads an investigation (the shape itself is TraceStatusSchema's to refuse).
 */
export function checkTraceStatus(status: TraceStatus, ctx: TraceContext): TraceIssue[] {
  const issues: TraceIssue[] = [];
  if (!canMoveTrace(ctx.previous, status.status)) issues.push(error('status', 'trace.transitionNotAllowed', { from: ctx.previous, to: status.status }));
  const asked = status.status !== 'not_requested';
  if (asked) {
    if (!status.requestedAt) issues.push(error('requestedAt', 'trace.requestDateRequired'));
    else {
      if (ctx.recoveredAt && status.requestedAt < dateOf(ctx.recoveredAt)) issues.push(error('requestedAt', 'trace.requestBeforeRecovery'));
      if (status.requestedAt > ctx.now.toISOString().slice(0, 10)) issues.push(error('requestedAt', 'trace.requestInFuture'));
    }
    if (status.requestNumber !== undefined && !ETRACE_NUMBER.test(status.requestNumber)) issues.push(error('requestNumber', 'trace.requestNumberFormat'));
  } else if (status.requestedAt || status.requestNumber) issues.push(error('status', 'trace.detailsOfOtherState'));

  if (status.status === 'traced') {
    if (!status.result) issues.push(error('result', 'trace.resultRequired'));
    else {
      const { purchaseDate, timeToCrimeDays } = status.result;
      const named = status.result.purchaserFirstName || status.result.purchaserLastName || status.result.purchaserSecondLastName || status.result.purchaserDateOfBirth;
      if (named && !status.result.purchaserFound) issues.push(error('result.purchaserFound', 'trace.purchaserNotFound'));
      if (purchaseDate && ctx.recoveredAt && purchaseDate > dateOf(ctx.recoveredAt)) issues.push(error('result.purchaseDate', 'trace.purchaseAfterRecovery'));
      const expected = timeToCrime(purchaseDate, ctx.recoveredAt);
      if (timeToCrimeDays !== undefined && expected !== undefined && timeToCrimeDays !== expected) {
        issues.push(error('result.timeToCrimeDays', 'trace.timeToCrimeMismatch', { expected }));
      }
    }
  } else if (status.result) issues.push(error('result', 'trace.detailsOfOtherState'));

  if (status.status === 'not_traced') {
    if (!status.notTracedReason) issues.push(error('notTracedReason', 'trace.reasonRequired'));
  } else if (status.notTracedReason) issues.push(error('notTracedReason', 'trace.detailsOfOtherState'));
  return issues;
}
