/** A firearm's trace status (src/domain/trace-status.ts): its shape, its transitions, its checks. */
import { describe, expect, it } from 'vitest';
import {
  canMoveTrace,
  checkTraceStatus,
  daysBetween,
  TRACE_STATES,
  TraceStatusSchema,
  timeToCrime,
  type TraceState,
  type TraceStatus,
} from '../../src/domain/trace-status';
import { IDS, NOW } from './fixtures';

const RECOVERED = '2026-11-28T03:30:00-07:00';

const status = (overrides: Partial<TraceStatus> = {}): TraceStatus => ({
  firearmId: IDS.firearm1,
  seizureId: IDS.seizure,
  status: 'requested',
  requestedAt: '2026-11-29',
  requestNumber: 'T20260012345',
  updatedAt: '2026-11-29T10:00:00Z',
  ...overrides,
});
const codes = (value: TraceStatus, previous: TraceState = 'not_requested', recoveredAt: string | undefined = RECOVERED) =>
  checkTraceStatus(value, { previous, recoveredAt, now: new Date('2026-12-01T12:00:00Z') }).map((i) => `${i.path} ${i.code}`);

describe('trace status transitions', () => {
  const allowed: [TraceState, TraceState][] = [
    ['not_requested', 'not_requested'],
    ['not_requested', 'requested'],
    ['requested', 'requested'],
    ['requested', 'traced'],
    ['requested', 'not_traced'],
    ['requested', 'not_requested'],
    ['traced', 'traced'],
    ['traced', 'requested'],
    ['not_traced', 'not_traced'],
    ['not_traced', 'requested'],
  ];
  it.each(allowed)('allows %s → %s', (from, to) => expect(canMoveTrace(from, to)).toBe(true));

  const refused = TRACE_STATES.flatMap((from) => TRACE_STATES.map((to) => [from, to] as [TraceState, TraceState])).filter(
    ([from, to]) => !allowed.some(([a, b]) => a === from && b === to),
  );
  it('refuses every other move, each named', () => {
    expect(refused).toEqual([
      ['not_requested', 'traced'],
      ['not_requested', 'not_traced'],
      ['traced', 'not_requested'],
      ['traced', 'not_traced'],
      ['not_traced', 'not_requested'],
      ['not_traced', 'traced'],
    ]);
    for (const [from, to] of refused) expect(canMoveTrace(from, to), `${from} → ${to}`).toBe(false);
  });

  it('reports a refused move as an issue with both states', () => {
    const issues = checkTraceStatus(status({ status: 'traced', result: { purchaserFound: false } }), { previous: 'not_requested', recoveredAt: RECOVERED, now: NOW });
    expect(issues).toContainEqual({ path: 'status', code: 'trace.transitionNotAllowed', severity: 'error', params: { from: 'not_requested', to: 'traced' } });
  });
});

describe('trace status checks', () => {
  it('accepts a complete request and a complete result', () => {
    expect(codes(status())).toEqual([]);
    const traced = status({ status: 'traced', result: { purchaserFound: true, dealerName: 'Guns & Ammo LLC', dealerFfl: '5-74-123-01-2A-01234', purchaseDate: '2025-06-10', timeToCrimeDays: 536 } });
    expect(codes(traced, 'requested')).toEqual([]);
    expect(codes(status({ status: 'not_traced', notTracedReason: 'obliterated_serial' }), 'requested')).toEqual([]);
  });

  it('refuses a request number in the wrong format', () => {
    for (const bad of ['20260012345', 'T2026001234', 'T202600123456', 't20260012345', 'T1826001234X']) {
      expect(codes(status({ requestNumber: bad })), bad).toEqual(['requestNumber trace.requestNumberFormat']);
    }
  });

  it('needs the request date, not before the recovery and not in the future', () => {
    expect(codes(status({ requestedAt: undefined }))).toEqual(['requestedAt trace.requestDateRequired']);
    expect(codes(status({ requestedAt: '2026-11-27' }))).toEqual(['requestedAt trace.requestBeforeRecovery']);
    expect(codes(status({ requestedAt: '2026-11-28' }))).toEqual([]);
    expect(codes(status({ requestedAt: '2026-12-02' }))).toEqual(['requestedAt trace.requestInFuture']);
  });

  it('refuses a purchase after the recovery and a time to crime that does not match the two dates', () => {
    const traced = (result: TraceStatus['result']) => codes(status({ status: 'traced', result }), 'requested');
    expect(traced({ purchaserFound: true, purchaseDate: '2026-11-29' })).toEqual(['result.purchaseDate trace.purchaseAfterRecovery']);
    expect(traced({ purchaserFound: true, purchaseDate: '2025-06-10', timeToCrimeDays: 500 })).toEqual(['result.timeToCrimeDays trace.timeToCrimeMismatch']);
    expect(traced({ purchaserFound: true, purchaseDate: '2025-06-10', timeToCrimeDays: 536 })).toEqual([]);
    expect(traced(undefined)).toEqual(['result trace.resultRequired']);
  });

  it('takes a purchaser\'s name only with "purchaser found"', () => {
    const traced = (result: TraceStatus['result']) => codes(status({ status: 'traced', result }), 'requested');
    expect(traced({ purchaserFound: false, purchaserLastName: 'Ochoa' })).toEqual(['result.purchaserFound trace.purchaserNotFound']);
    expect(traced({ purchaserFound: false, purchaserDateOfBirth: '1990-05-01' })).toEqual(['result.purchaserFound trace.purchaserNotFound']);
    expect(traced({ purchaserFound: true, purchaserFirstName: 'Rubén', purchaserLastName: 'Ochoa', purchaserDateOfBirth: '1990-05-01' })).toEqual([]);
  });

  it('needs a reason when not traced, and keeps each state’s details to that state', () => {
    expect(codes(status({ status: 'not_traced' }), 'requested')).toEqual(['notTracedReason trace.reasonRequired']);
    expect(codes(status({ status: 'requested', notTracedReason: 'other' }), 'requested')).toEqual(['notTracedReason trace.detailsOfOtherState']);
    expect(codes(status({ status: 'requested', result: { purchaserFound: true } }), 'requested')).toEqual(['result trace.detailsOfOtherState']);
    expect(codes(status({ status: 'not_requested' }), 'requested')).toEqual(['status trace.detailsOfOtherState']);
    expect(codes(status({ status: 'not_requested', requestedAt: undefined, requestNumber: undefined }), 'requested')).toEqual([]);
  });

  it('counts time to crime in calendar days at the scene', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    // Recovered late at night at the scene: the scene's date counts, not UTC's.
    expect(timeToCrime('2026-11-27', '2026-11-28T23:30:00-07:00')).toBe(1);
    expect(timeToCrime(undefined, RECOVERED)).toBeUndefined();
  });
});

describe('trace status shape', () => {
  it('refuses unknown fields, a malformed FFL number and control characters', () => {
    expect(TraceStatusSchema.safeParse(status()).success).toBe(true);
    expect(TraceStatusSchema.safeParse({ ...status(), extra: 1 }).success).toBe(false);
    expect(TraceStatusSchema.safeParse(status({ status: 'traced', result: { purchaserFound: true, dealerFfl: '574123012A01234' } })).success).toBe(false);
    expect(TraceStatusSchema.safeParse(status({ note: 'ok\u0000' })).success).toBe(false);
    expect(TraceStatusSchema.safeParse(status({ note: 'línea 1\nlínea 2' })).success).toBe(true);
  });
});
