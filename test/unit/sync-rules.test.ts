/**
 * sync-rules.ts: every decision sync makes about a device's rows and outbox entries, as tables
 * of what the transaction read against what it writes. The stores' own tests (storage,
 * sync-store-batches, sync-engine) check that the writes land; these check each branch.
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/domain/issues';
import type { Seizure } from '../../src/domain/schema';
import type { OutboxEntry, SeizureRow, ServerVersion, SyncState } from '../../src/storage/db';
import {
  acknowledgedRow,
  answeredRow,
  baseRevisionOf,
  decidePulled,
  keptMine,
  newEntry,
  queuedEntry,
  rowFromServer,
  savedRow,
  sendingEntry,
  settlePulled,
  settlePush,
  sharedCopies,
  type PulledDecision,
  type PushOutcome,
} from '../../src/storage/sync-rules';
import { validSeizure } from '../domain/fixtures';

const T0 = '2026-11-28T10:00:00.000Z';
const T1 = '2026-11-28T11:00:00.000Z';
const T2 = '2026-11-28T12:00:00.000Z';

const record = (overrides: Partial<Seizure> = {}): Seizure => ({ ...validSeizure(), updatedAt: T0, ...overrides });

/** A row of `record()` as sync leaves it, in the given state. */
function row(syncState: SyncState, overrides: Partial<SeizureRow> = {}): SeizureRow {
  return { ...savedRow(record(), 2), syncState, ...overrides };
}

const entry = (seq: number | undefined, overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  ...newEntry(`m-${seq ?? 'new'}`, record()),
  ...(seq !== undefined && { seq }),
  ...overrides,
});

const REFUSAL: Issue[] = [{ path: 'firearms.0.serialNumber', code: 'serial.noDigit', severity: 'error' }];
const theirs = (revision: number, notes = `server r${revision}`): ServerVersion => ({ revision, record: record({ notes }) });

describe('what a save writes', () => {
  it('a pending row with the record keys, on the base revision when there is one', () => {
    const saved = record({ agency: { code: 'ATF', caseNumber: 'ab 123', officer: {} } });
    expect(savedRow(saved, 4)).toMatchObject({ id: saved.id, record: saved, status: saved.status, updatedAt: T0, caseKey: 'AB123', syncState: 'pending', serverRevision: 4 });
    expect(savedRow(saved, undefined)).not.toHaveProperty('serverRevision');
  });

  it('a new outbox entry carries the record under the mutation id, never tried', () => {
    expect(newEntry('m-1', record())).toEqual({ mutationId: 'm-1', recordId: record().id, payload: record(), enqueuedAt: T0, attempts: 0 });
  });

  const saved = record({ updatedAt: T2, notes: 'latest' });
  it.each<[string, OutboxEntry[], Partial<OutboxEntry> & { fold: boolean }]>([
    ['nothing queued: a new entry', [], { fold: false, mutationId: 'm-now' }],
    ['an entry never tried: folded into it, its id kept', [entry(7, { attempts: 1 }), entry(8)], { fold: true, seq: 8, mutationId: 'm-8' }],
    ['only entries already tried: a new entry', [entry(7, { attempts: 1 }), entry(8, { attempts: 3 })], { fold: false, mutationId: 'm-now' }],
    ['an untried entry not stored yet (no seq): a new entry', [entry(undefined)], { fold: false, mutationId: 'm-now' }],
  ])('queuedEntry, %s', (_case, queued, { fold, ...expected }) => {
    const written = queuedEntry(queued, 'm-now', saved);
    expect(written).toMatchObject({ ...expected, payload: saved, enqueuedAt: T2 });
    expect(written.seq !== undefined).toBe(fold);
    if (!fold) expect(written.attempts).toBe(0);
  });

  it.each<[string, SeizureRow | undefined, Seizure, number | undefined]>([
    ['a new record: none', undefined, record({ revision: 5 }), undefined],
    ['an edit of the version the row holds: the row’s revision', row('synced', { serverRevision: 3 }), record({ revision: 3 }), 3],
    ['an edit of a row never acknowledged: none', row('pending', { serverRevision: undefined }), record(), undefined],
    ['an edit of a version a pull has replaced: the edited version’s revision', row('synced', { serverRevision: 6, record: record({ updatedAt: T1 }) }), record({ revision: 3 }), 3],
    ['an edit of a replaced version without a revision: none', row('synced', { serverRevision: 6, record: record({ updatedAt: T1 }) }), record(), undefined],
  ])('baseRevisionOf, %s', (_case, stored, edited, base) => {
    expect(baseRevisionOf(stored, edited)).toBe(base);
  });
});

describe('marking an entry as sent', () => {
  it('counts one more attempt and changes nothing else', () => {
    const queued = entry(3, { attempts: 1 });
    expect(sendingEntry(queued)).toEqual({ ...queued, attempts: 2 });
    expect(queued.attempts).toBe(1);
  });
});

describe('a row from the server', () => {
  it.each<[string, ServerVersion, Partial<SeizureRow>]>([
    ['of our agency', theirs(4), { syncState: 'synced', serverRevision: 4 }],
    ['shared by another agency', { ...theirs(4), sharedBy: 'CBP' }, { syncState: 'synced', serverRevision: 4, sharedBy: 'CBP' }],
  ])('is synced at its revision, the record carrying it (%s)', (_case, version, expected) => {
    const written = rowFromServer(version);
    expect(written).toMatchObject({ ...expected, id: version.record.id, status: version.record.status, updatedAt: T0, record: { ...version.record, revision: 4 } });
    if (version.sharedBy === undefined) expect(written).not.toHaveProperty('sharedBy');
  });
});

describe('the answer to one push of a row', () => {
  it.each<[string, { sameVersion: boolean; moreQueued: boolean }, SyncState, boolean]>([
    ['the version acknowledged, nothing queued: synced', { sameVersion: true, moreQueued: false }, 'synced', true],
    ['the version acknowledged, a later save queued: pending', { sameVersion: true, moreQueued: true }, 'pending', true],
    ['saved again since the push: pending, the newer record untouched', { sameVersion: false, moreQueued: false }, 'pending', false],
    ['saved again and queued: pending', { sameVersion: false, moreQueued: true }, 'pending', false],
  ])('acknowledgedRow, %s', (_case, { sameVersion, moreQueued }, syncState, takesRevision) => {
    const before = row('rejected', { syncErrors: REFUSAL, record: record({ updatedAt: sameVersion ? T0 : T1 }) });
    const after = acknowledgedRow(before, entry(1), 9, moreQueued);
    expect(after).toMatchObject({ syncState, serverRevision: 9 });
    expect(after.record.revision).toBe(takesRevision ? 9 : before.record.revision);
    expect(after.record.updatedAt).toBe(before.record.updatedAt);
    expect(after).not.toHaveProperty('syncErrors');
    expect(before.syncErrors).toBe(REFUSAL);
  });

  it.each<[string, PushOutcome, boolean, Partial<SeizureRow>]>([
    ['acknowledged', { entry: entry(1), status: 'acknowledged', revision: 3 }, false, { syncState: 'synced', serverRevision: 3 }],
    ['refused, nothing queued: set aside with the reasons', { entry: entry(1), status: 'rejected', errors: REFUSAL }, false, { syncState: 'rejected', syncErrors: REFUSAL }],
    ['refused, a later save queued: it waits its turn', { entry: entry(1), status: 'rejected', errors: REFUSAL }, true, { syncState: 'pending' }],
    ['a conflict: the server’s version beside the officer’s', { entry: entry(1), status: 'conflict', current: theirs(5) }, false, { syncState: 'conflict', conflict: theirs(5), record: record() }],
  ])('answeredRow, %s', (_case, outcome, moreQueued, expected) => {
    const after = answeredRow(row('pending'), outcome, moreQueued);
    expect(after).toMatchObject(expected);
    if (outcome.status === 'rejected' && moreQueued) expect(after).not.toHaveProperty('syncErrors');
  });
});

describe('recording one push’s answers', () => {
  const id = record().id;
  const other = record({ id: 'c0ffee00-0000-4000-8000-000000000001' });
  const stored = (...rows: SeizureRow[]) => new Map(rows.map((r) => [r.id, r]));
  const states = (rows: SeizureRow[]) => rows.map((r) => [r.id, r.syncState]);

  it.each<[string, PushOutcome[], Map<string, number[]>, { removed: number[]; states: [string, SyncState][] }]>([
    ['an acknowledgement removes its own entry only', [{ entry: entry(1), status: 'acknowledged', revision: 3 }], new Map([[id, [1, 2]]]), { removed: [1], states: [[id, 'pending']] }],
    ['the last entry acknowledged: synced', [{ entry: entry(1), status: 'acknowledged', revision: 3 }], new Map([[id, [1]]]), { removed: [1], states: [[id, 'synced']] }],
    ['a refusal with a later save queued: pending', [{ entry: entry(1), status: 'rejected', errors: REFUSAL }], new Map([[id, [1, 2]]]), { removed: [1], states: [[id, 'pending']] }],
    ['a conflict removes every queued save of its record', [{ entry: entry(1), status: 'conflict', current: theirs(4) }], new Map([[id, [1, 2, 5]]]), { removed: [1, 2, 5], states: [[id, 'conflict']] }],
    ['an entry no longer queued still leaves; nothing else moves', [{ entry: entry(9), status: 'acknowledged', revision: 3 }], new Map([[id, [2]]]), { removed: [9], states: [[id, 'pending']] }],
    ['an entry without seq removes nothing', [{ entry: entry(undefined), status: 'acknowledged', revision: 3 }], new Map([[id, []]]), { removed: [], states: [[id, 'synced']] }],
    [
      'two answers for one record, in order: acknowledged, then the later save refused',
      [
        { entry: entry(1), status: 'acknowledged', revision: 3 },
        { entry: entry(2), status: 'rejected', errors: REFUSAL },
      ],
      new Map([[id, [1, 2]]]),
      { removed: [1, 2], states: [[id, 'rejected']] },
    ],
    [
      'answers for two records, each by its own rule',
      [
        { entry: entry(1), status: 'conflict', current: theirs(4) },
        { entry: entry(3, { recordId: other.id, payload: other }), status: 'acknowledged', revision: 1 },
      ],
      new Map([
        [id, [1, 2]],
        [other.id, [3]],
      ]),
      { removed: [1, 2, 3], states: [[id, 'conflict'], [other.id, 'synced']] },
    ],
  ])('%s', (_case, outcomes, queued, expected) => {
    const settled = settlePush(outcomes, stored(row('pending'), { ...row('pending'), id: other.id, record: other }), queued);
    expect(settled.removed).toEqual(expected.removed);
    expect(states(settled.rows)).toEqual(expected.states);
  });

  it('a record no longer on the device: its entry leaves, no row is written', () => {
    const settled = settlePush([{ entry: entry(1), status: 'acknowledged', revision: 3 }], new Map(), new Map([[id, [1]]]));
    expect(settled).toEqual({ removed: [1], rows: [] });
  });

  it('leaves what it was given as it was', () => {
    const before = row('pending');
    const queued = new Map([[id, [1, 2]]]);
    settlePush([{ entry: entry(1), status: 'conflict', current: theirs(4) }], stored(before), queued);
    expect(before.syncState).toBe('pending');
    expect(queued.get(id)).toEqual([1, 2]);
  });
});

describe('a pulled change against the device’s row', () => {
  const synced = (revision: number, overrides: Partial<SeizureRow> = {}) => ({ ...rowFromServer(theirs(revision, 'same')), ...overrides });
  const change = theirs(3, 'same');

  it.each<[string, SeizureRow | undefined, PulledDecision['action']]>([
    ['no row: the server’s version is taken', undefined, 'apply'],
    ['a synced row of an older revision: taken', synced(2), 'apply'],
    ['a synced row of this revision, same content: skipped', synced(3), 'skip'],
    ['a synced row of this revision, other content (fields the server sets): taken', synced(3, { record: { ...synced(3).record, notes: 'as sent' } }), 'apply'],
    ['a synced row of a newer revision: skipped', synced(4), 'skip'],
    ['a row with no revision yet, synced: taken', synced(3, { serverRevision: undefined }), 'apply'],
    ['a pending edit: kept', row('pending'), 'keep'],
    ['an edit left "sending" by an earlier version: kept', row('sending'), 'keep'],
    ['a refused record the officer has not dealt with: kept', row('rejected', { syncErrors: REFUSAL }), 'keep'],
    ['a pending edit on a newer revision: skipped', row('pending', { serverRevision: 5 }), 'skip'],
    ['an open conflict against an older server version: its server side updated', row('conflict', { conflict: theirs(2) }), 'conflict'],
    ['an open conflict against this server version: kept', row('conflict', { conflict: theirs(3) }), 'keep'],
    ['an open conflict against a newer server version: kept', row('conflict', { conflict: theirs(4), serverRevision: 2 }), 'keep'],
    ['a conflict state without a server version: kept', row('conflict'), 'keep'],
  ])('decidePulled, %s', (_case, before, action) => {
    const decision = decidePulled(before, change);
    expect(decision.action).toBe(action);
    if (decision.action === 'apply') expect(decision.row).toEqual(rowFromServer(change));
    if (decision.action === 'conflict') expect(decision.row).toEqual({ ...before, conflict: { revision: 3, record: change.record } });
  });

  it('a page takes its changes in order: a later revision decides on the row an earlier one left', () => {
    const fresh = record({ id: 'c0ffee00-0000-4000-8000-000000000002' });
    const disputed = row('conflict', { conflict: theirs(2) });
    const page: ServerVersion[] = [
      { revision: 1, record: { ...fresh, notes: 'first' } },
      { revision: 2, record: { ...fresh, notes: 'second' } },
      { revision: 1, record: { ...fresh, notes: 'first again' } },
      { revision: 3, record: { ...disputed.record, notes: 'newer on the server' } },
    ];
    const settled = settlePulled(page, new Map([[disputed.id, disputed]]));
    expect(settled).toMatchObject({ applied: 2, kept: 1 });
    expect(settled.rows.map((r) => [r.id, r.syncState, r.serverRevision, r.record.notes])).toEqual([
      [fresh.id, 'synced', 2, 'second'],
      [disputed.id, 'conflict', 2, disputed.record.notes],
    ]);
    expect(settled.rows[1]?.conflict).toEqual({ revision: 3, record: page[3]?.record });
  });

  it('a page the device already holds writes nothing', () => {
    const held = synced(3);
    expect(settlePulled([change], new Map([[held.id, held]]))).toEqual({ rows: [], applied: 0, kept: 0 });
  });

  it('a kept edit is counted and not written', () => {
    const mine = row('pending');
    expect(settlePulled([change], new Map([[mine.id, mine]]))).toEqual({ rows: [], applied: 0, kept: 1 });
  });
});

describe('a share that ended', () => {
  it('removes only copies another agency shared, never a record of our own', () => {
    const own = row('synced');
    const shared = { ...row('synced'), id: 'shared-1', sharedBy: 'CBP' };
    expect(sharedCopies([own, shared, undefined])).toEqual(['shared-1']);
  });
});

describe('"keep mine" in a conflict', () => {
  it('sends the officer’s version again, saved now, based on the server’s revision, under a new id', () => {
    const before = row('conflict', { conflict: theirs(7), serverRevision: 2, record: record({ notes: 'mine' }) });
    const kept = keptMine(before, theirs(7), T2, 'm-kept');
    expect(kept.row).toMatchObject({ syncState: 'pending', serverRevision: 7, updatedAt: T2, conflict: undefined, record: { ...before.record, updatedAt: T2 } });
    expect(kept.entry).toEqual(newEntry('m-kept', kept.row.record));
  });
});
