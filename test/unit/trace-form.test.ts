/**
 * The trace status form's values judged by the domain's rules (src/features/seizures/trace-status/
 * trace-form.ts): what a refusal is coded as and which field shows it, and that a status that
 * passes holds only the details of its state.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mayRecordTrace } from '../../src/features/seizures/trace-status/may-record';
import { initialValues, judge, type TraceFormValues } from '../../src/features/seizures/trace-status/trace-form';

const ids = { firearmId: randomUUID(), seizureId: randomUUID() };
const ctx = { previous: 'requested' as const, recoveredAt: '2026-11-28T03:30:00-07:00', now: new Date('2026-12-01T12:00:00Z') };
const traced = (over: Partial<TraceFormValues> = {}): TraceFormValues => ({
  ...initialValues(undefined),
  status: 'traced',
  requestedAt: '2026-11-29',
  requestNumber: 't20260012345',
  purchaserFound: true,
  dealerFfl: '1-23-456-78-9A-12345',
  purchaseDate: '2025-11-28',
  timeToCrimeDays: '365',
  notTracedReason: 'other',
  ...over,
});

describe('the trace form', () => {
  it('gives a traced status with its result and nothing of another state', () => {
    const { status, issues } = judge(traced(), ids, ctx);
    expect(issues).toEqual([]);
    expect(status).toMatchObject({ ...ids, status: 'traced', requestNumber: 'T20260012345', result: { purchaserFound: true, purchaseDate: '2025-11-28', timeToCrimeDays: 365 } });
    expect(status).not.toHaveProperty('notTracedReason');
  });

  it.each([
    [{ requestNumber: 'T123' }, 'requestNumber', 'trace.requestNumberFormat'],
    [{ purchaseDate: '2026-11-29', timeToCrimeDays: '' }, 'result.purchaseDate', 'trace.purchaseAfterRecovery'],
    [{ timeToCrimeDays: '300' }, 'result.timeToCrimeDays', 'trace.timeToCrimeMismatch'],
    [{ requestedAt: '' }, 'requestedAt', 'trace.requestDateRequired'],
    [{ dealerFfl: '12345' }, 'result.dealerFfl', 'invalid'],
  ] as const)('refuses %o with %s %s', (over, path, code) => {
    const { status, issues } = judge(traced(over), ids, ctx);
    expect(status).toBeUndefined();
    expect(issues.map((i) => [i.path, i.code])).toEqual([[path, code]]);
  });

  it('keeps the purchaser named with "purchaser found", and drops the name when it is unticked', () => {
    const named = { purchaserFirstName: ' Rubén ', purchaserLastName: 'Ochoa', purchaserDateOfBirth: '1990-05-01' };
    expect(judge(traced(named), ids, ctx).status?.result).toMatchObject({ purchaserFound: true, purchaserFirstName: 'Rubén', purchaserLastName: 'Ochoa', purchaserDateOfBirth: '1990-05-01' });
    const unticked = judge(traced({ ...named, purchaserFound: false }), ids, ctx);
    expect(unticked.issues).toEqual([]);
    expect(unticked.status?.result).toEqual({ purchaserFound: false, dealerFfl: '1-23-456-78-9A-12345', purchaseDate: '2025-11-28', timeToCrimeDays: 365 });
  });

  it('says what time to crime the dates give', () => {
    expect(judge(traced({ timeToCrimeDays: '300' }), ids, ctx).issues[0]?.params).toEqual({ expected: 365 });
  });

  it('refuses a result without a request first', () => {
    expect(judge(traced(), ids, { ...ctx, previous: 'not_requested' }).issues.map((i) => i.code)).toEqual(['trace.transitionNotAllowed']);
  });
});

describe('who is offered the form', () => {
  const session = (role: string, officersRecordTrace?: boolean) => ({
    token: 't',
    expiresAt: '2099-01-01T00:00:00Z',
    user: { id: 'u', username: 'u', role, agency: { code: 'ATF', name: 'ATF' } },
    ...(officersRecordTrace !== undefined && { officersRecordTrace }),
  });
  it.each([
    ['supervisor', undefined, true],
    ['admin', false, true],
    ['officer', true, true],
    ['officer', false, false],
    // A session saved before the policy was sent: supervisors only, the server's default.
    ['officer', undefined, false],
  ] as const)('%s with officersRecordTrace %s: %s', (role, policy, offered) => {
    expect(mayRecordTrace(session(role, policy))).toBe(offered);
  });
  it('nobody signed in is not', () => expect(mayRecordTrace(undefined)).toBe(false));
});
