/** What the header says about sync (src/app/sync-summary.ts), for each state it can be in. */
import { describe, expect, it } from 'vitest';
import { summarizeSync, type SyncFacts } from '../../src/app/sync-summary';

const base: SyncFacts = {
  session: { expired: false },
  status: { phase: 'idle', failures: 0 },
  pending: { count: 0 },
  lastSync: '2026-12-03T10:00:00Z',
  online: true,
  ageOf: () => 'AGE',
  timeOf: () => 'TIME',
  dateTimeOf: () => 'DATETIME',
};
const keys = (facts: Partial<SyncFacts>) => {
  const summary = summarizeSync({ ...base, ...facts });
  return { short: summary.short.map((p) => p.key.replace('sync.short.', '') + (p.values ? `(${p.values.count})` : '')), waiting: summary.waiting, state: summary.state?.key, offline: summary.offline };
};

describe('the header’s sync line', () => {
  const cases: [string, Partial<SyncFacts>, string[], string | undefined, boolean][] = [
    ['up to date', {}, ['upToDate'], 'sync.lastSync', false],
    ['offline with nothing waiting', { online: false }, ['offline'], 'sync.offlineNow', true],
    ['offline with two waiting', { online: false, pending: { count: 2, oldest: 'x' } }, ['offline', 'waiting(2)'], 'sync.offlineNow', true],
    ['online but the server unreachable', { status: { phase: 'waiting', failures: 1, lastFailure: 'network', nextRetryAt: 'x' } }, ['offline'], 'sync.offline', true],
    ['a timeout counts as no connection', { status: { phase: 'waiting', failures: 1, lastFailure: 'timeout' } }, ['offline'], 'sync.offline', true],
    ['the server failing', { status: { phase: 'waiting', failures: 2, lastFailure: 'server' }, pending: { count: 1, oldest: 'x' } }, ['serverProblem', 'waiting(1)'], 'sync.serverProblem', false],
    ['a server with records this version cannot read', { status: { phase: 'waiting', failures: 1, lastFailure: 'outdated' }, pending: { count: 0 } }, ['appOutdated'], 'sync.appOutdated', false],
    ['sending', { status: { phase: 'syncing', failures: 0 }, pending: { count: 3, oldest: 'x' } }, ['sending', 'waiting(3)'], 'sync.sending', false],
    ['signed out', { session: undefined }, ['notSignedIn'], 'sync.notSignedIn', false],
    ['a sign-in that expired, records waiting', { session: { expired: true }, pending: { count: 1, oldest: 'x' } }, ['signInAgain', 'waiting(1)'], 'sync.signInAgain', false],
    ['never synced', { lastSync: undefined }, ['upToDate'], undefined, false],
  ];
  it.each(cases)('%s', (_name, facts, short, state, offline) => {
    const summary = keys(facts);
    expect(summary.short).toEqual(short);
    expect(summary.state).toBe(state);
    expect(summary.offline).toBe(offline);
  });

  it('says nothing about what waits until the count is read, rather than "nothing"', () => {
    expect(keys({ pending: undefined })).toMatchObject({ short: [], waiting: undefined });
  });

  it('counts what waits with its age, and without one when it is not known', () => {
    expect(keys({ pending: { count: 2, oldest: 'x' } }).waiting).toEqual({ key: 'sync.waiting', values: { count: 2, age: 'AGE' } });
    expect(keys({ pending: { count: 1 } }).waiting).toEqual({ key: 'sync.waitingNoAge', values: { count: 1 } });
    expect(keys({}).waiting).toEqual({ key: 'sync.nothingWaiting' });
  });
});
