/**
 * sync-rules.ts: every decision sync makes about a device's rows and outbox entries, as tables
 * of what the transaction read against what it writes. The stores' own tests (storage,
 * sync-store-batches, sync-engine) check that the writes land; these check each branch.
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/domain/issues';
import type { Seizure } from '../../src/domain/schema';
import type { OutboxEntry, SeizureView, ServerVersion, SyncRow, SyncState } from '../../src/storage/db';
import { seizureView } from '../../src/storage/sync-state';
import {
  acknowledgedState,
  answeredState,
  baseRevisionOf,
  decidePulled,
  fromServer,
  keptMine,
  newEntry,
  queuedEntry,
  saved as savedWrite,
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

/** The view of `record()` as sync leaves it, in the given state. */
function row(syncState: SyncState, overrides: Partial<SeizureView> = {}): SeizureView {
  const { row: saved, state } = savedWrite(record(), 2);
  return { ...seizureView(saved, { ...state, state: syncState }), ...overrides };
}

/** The sync row of `record()` in the given state. */
const state = (syncState: SyncState, overrides: Partial<SyncRow> = {}): SyncRow => ({ ...savedWrite(record(), 2).state, state: syncState, ...overrides });

const entry = (seq: number | undefined, overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  ...newEntry(`m-${seq ?? 'new'}`, record()),
  ...(seq !== undefined && { seq }),
  ...overrides,
});

const REFUSAL: Issue[] = [{ path: 'firearms.0.serialNumber', code: 'serial.noDigit', severity: 'error' }];
const theirs = (revision: number, notes = `server r${revision}`): ServerVersion => ({ revision, record: record({ notes }) });

describe('what a save writes', () => {
  it('a row with the record keys, and a pending state on the base revision when there is one', () => {
    const saved = record({ agency: { code: 'ATF', caseNumber: 'ab 123', officer: {} } });
    const written = savedWrite(saved, 4);
    expect(written.row).toEqual({ id: saved.id, record: saved, status: saved.status, updatedAt: T0, caseKey: expect.anything(), serialKeys: expect.anything(), makerSerialKeys: expect.anything() });
    expect(written.row.caseKey).toBe('AB123');
    expect(written.state).toEqual({ id: saved.id, state: 'pending', updatedAt: T0, revision: 4 });
    expect(savedWrite(saved, undefined).state).not.toHaveProperty('revision');
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

  it.each<[string, SeizureView | undefined, Seizure, number | undefined]>([
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
  it.each<[string, ServerVersion, Partial<SeizureView>]>([
    ['of our agency', theirs(4), {}],
    ['shared by another agency', { ...theirs(4), sharedBy: 'CBP' }, { sharedBy: 'CBP' }],
  ])('is synced at its revision, the record carrying it (%s)', (_case, version, expected) => {
    const written = fromServer(version);
    expect(written.row).toMatchObject({ ...expected, id: version.record.id, status: version.record.status, updatedAt: T0, record: { ...version.record, revision: 4 } });
    expect(written.state).toEqual({ id: version.record.id, state: 'synced', revision: 4, updatedAt: T0 });
    if (version.sharedBy === undefined) expect(written.row).not.toHaveProperty('sharedBy');
  });
});

describe('a seizure as the screens see it', () => {
  it('carries its sync row’s state, revision, reasons and conflict', () => {
    const { row: saved } = savedWrite(record(), 2);
    expect(seizureView(saved, state('rejected', { errors: REFUSAL }))).toMatchObject({ syncState: 'rejected', serverRevision: 2, syncErrors: REFUSAL, record: record() });
    expect(seizureView(saved, state('conflict', { conflict: theirs(5) }))).toMatchObject({ syncState: 'conflict', conflict: theirs(5) });
  });

  it('an acknowledged version carries the revision the server holds it at; another version keeps its own', () => {
    const { row: saved } = savedWrite(record({ revision: 1 }), 1);
    expect(seizureView(saved, state('synced', { revision: 6 })).record.revision).toBe(6);
    expect(seizureView(saved, state('pending', { revision: 6 })).record.revision).toBe(1);
    expect(seizureView(saved, state('synced', { revision: 6, updatedAt: T1 })).record.revision).toBe(1);
  });

  it('a row an earlier version wrote is read with the state inside it until its sync row exists, then with the sync row', () => {
    const { row: saved } = savedWrite(record(), undefined);
    const legacy = { ...saved, syncState: 'rejected' as const, serverRevision: 3, syncErrors: REFUSAL, conflict: theirs(4) };
    const view = seizureView(legacy, undefined);
    expect(view).toMatchObject({ syncState: 'rejected', serverRevision: 3, syncErrors: REFUSAL, conflict: theirs(4) });
    expect(seizureView(legacy, state('synced', { revision: 5 }))).toMatchObject({ syncState: 'synced', serverRevision: 5 });
    expect(seizureView(legacy, state('synced', { revision: 5 }))).not.toHaveProperty('syncErrors');
  });

  it('a row with no state at all is pending, never taken for synced', () => {
    expect(seizureView(savedWrite(record(), undefined).row, undefined)).toMatchObject({ syncState: 'pending' });
  });
});

describe('the answer to one push of a row', () => {
  it.each<[string, { sameVersion: boolean; moreQueued: boolean }, SyncState, boolean]>([
    ['the version acknowledged, nothing queued: synced', { sameVersion: true, moreQueued: false }, 'synced', true],
    ['the version acknowledged, a later save queued: pending', { sameVersion: true, moreQueued: true }, 'pending', true],
    ['saved again since the push: pending, the newer record untouched', { sameVersion: false, moreQueued: false }, 'pending', false],
    ['saved again and queued: pending', { sameVersion: false, moreQueued: true }, 'pending', false],
  ])('acknowledgedState, %s', (_case, { sameVersion, moreQueued }, syncState, takesRevision) => {
    const before = state('rejected', { errors: REFUSAL, updatedAt: sameVersion ? T0 : T1 });
    const after = acknowledgedState(before, entry(1), 9, moreQueued);
    expect(after).toEqual({ id: before.id, state: syncState, revision: 9, updatedAt: before.updatedAt });
    expect(before.errors).toBe(REFUSAL);
    // What the screens then show: the acknowledged version carries the revision, a newer one does not.
    const { row: saved } = savedWrite(record({ updatedAt: before.updatedAt, revision: 2 }), 2);
    expect(seizureView(saved, after).record.revision).toBe(takesRevision && !moreQueued ? 9 : 2);
  });

  it.each<[string, PushOutcome, boolean, Partial<SyncRow>]>([
    ['acknowledged', { entry: entry(1), status: 'acknowledged', revision: 3 }, false, { state: 'synced', revision: 3 }],
    ['refused, nothing queued: set aside with the reasons', { entry: entry(1), status: 'rejected', errors: REFUSAL }, false, { state: 'rejected', errors: REFUSAL }],
    ['refused, a later save queued: it waits its turn', { entry: entry(1), status: 'rejected', errors: REFUSAL }, true, { state: 'pending' }],
    ['a conflict: the server’s version beside the officer’s', { entry: entry(1), status: 'conflict', current: theirs(5) }, false, { state: 'conflict', conflict: theirs(5), revision: 2 }],
  ])('answeredState, %s', (_case, outcome, moreQueued, expected) => {
    const after = answeredState(state('pending'), outcome, moreQueued);
    expect(after).toMatchObject(expected);
    if (outcome.status === 'rejected' && moreQueued) expect(after).not.toHaveProperty('errors');
  });
});

describe('recording one push’s answers', () => {
  const id = record().id;
  const other = record({ id: 'c0ffee00-0000-4000-8000-000000000001' });
  const stored = (...rows: SyncRow[]) => new Map(rows.map((r) => [r.id, r]));
  const states = (rows: SyncRow[]) => rows.map((r) => [r.id, r.state]);

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
    const settled = settlePush(outcomes, stored(state('pending'), { ...state('pending'), id: other.id }), queued);
    expect(settled.removed).toEqual(expected.removed);
    expect(states(settled.states)).toEqual(expected.states);
  });

  it('a record no longer on the device: its entry leaves, no state is written', () => {
    const settled = settlePush([{ entry: entry(1), status: 'acknowledged', revision: 3 }], new Map(), new Map([[id, [1]]]));
    expect(settled).toEqual({ removed: [1], states: [] });
  });

  it('leaves what it was given as it was', () => {
    const before = state('pending');
    const queued = new Map([[id, [1, 2]]]);
    settlePush([{ entry: entry(1), status: 'conflict', current: theirs(4) }], stored(before), queued);
    expect(before.state).toBe('pending');
    expect(queued.get(id)).toEqual([1, 2]);
  });
});

describe('a pulled change against the device’s row', () => {
  const synced = (revision: number, overrides: Partial<SeizureView> = {}): SeizureView => {
    const { row: pulled, state: held } = fromServer(theirs(revision, 'same'));
    return { ...seizureView(pulled, held), ...overrides };
  };
  const change = theirs(3, 'same');

  it.each<[string, SeizureView | undefined, PulledDecision['action']]>([
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
    if (decision.action === 'apply') expect(decision.write).toEqual(fromServer(change));
    if (decision.action === 'conflict') expect(decision.state).toEqual({ id: before?.id, state: 'conflict', revision: 2, updatedAt: T0, conflict: { revision: 3, record: change.record } });
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
    // The disputed record's seizure row is not written: only its state takes the newer server version.
    expect(settled.rows.map((r) => [r.id, r.record.notes, r.record.revision])).toEqual([[fresh.id, 'second', 2]]);
    expect(settled.states.map((s) => [s.id, s.state, s.revision])).toEqual([
      [fresh.id, 'synced', 2],
      [disputed.id, 'conflict', 2],
    ]);
    expect(settled.states[1]?.conflict).toEqual({ revision: 3, record: page[3]?.record });
  });

  it('a page the device already holds writes nothing', () => {
    const held = synced(3);
    expect(settlePulled([change], new Map([[held.id, held]]))).toEqual({ rows: [], states: [], applied: 0, kept: 0 });
  });

  it('a kept edit is counted and not written', () => {
    const mine = row('pending');
    expect(settlePulled([change], new Map([[mine.id, mine]]))).toEqual({ rows: [], states: [], applied: 0, kept: 1 });
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
    expect(kept.row).toMatchObject({ updatedAt: T2, record: { ...before.record, updatedAt: T2 } });
    expect(kept.row).not.toHaveProperty('conflict');
    expect(kept.state).toEqual({ id: before.id, state: 'pending', revision: 7, updatedAt: T2 });
    expect(kept.entry).toEqual(newEntry('m-kept', kept.row.record));
  });
});
