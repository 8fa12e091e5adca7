/**
 * Trace statuses through the real sync engine and the real server (in process, SQLite): a status
 * recorded on one phone reaches the server and another phone, through lost answers; an officer's
 * notes edit of the same seizure stands beside it without a conflict; two people changing the
 * same firearm's status meet in a conflict that is kept, never overwritten; the server's refusal
 * of an officer (the agency's policy) is kept with its code.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { TraceStatus } from '../../src/domain/trace-status';
import { createSeizureRepository, createSyncStore, createTraceStore } from '../../src/storage';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport } from '../../src/sync/transport';
import { castOf, seizure, useServer, type TestUser } from '../server/helpers/app';
import { faultyFetch, injectFetch, type Fault } from './support/inject-fetch';
import { freshDatabases } from './support/device-databases';

const server = useServer('sqlite');
const freshDb = freshDatabases('trace-sync').unlocked;
const users = castOf(server, 'trs', { officer: ['ATF'], sup: ['ATF', 'supervisor'], sup2: ['ATF', 'supervisor'] });

/** A phone signed in as `user`; `faults` decides what the network does to each request. */
async function phone(user: TestUser, role: string, faults: (url: URL) => Fault = () => 'ok') {
  const db = freshDb();
  const store = createSyncStore(db);
  const traces = createTraceStore(db);
  await store.saveSession({ token: user.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: user.id, username: user.username, role, agency: { code: 'ATF', name: 'ATF' } } });
  const wire = faultyFetch(injectFetch(server().app), faults);
  const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: wire.fetch });
  const engine = createSyncEngine({
    store,
    transport,
    deviceId: async () => `phone-${user.username}`,
    random: () => 0.5,
    traces: { store: traces, push: (body) => transport.tracePush(body), pull: (cursor, limit) => transport.tracePull(cursor, limit) },
  });
  return { db, traces, repo: createSeizureRepository(db), run: () => engine.run(), wire };
}

const requested = (firearmId: string, seizureId: string, over: Partial<TraceStatus> = {}): TraceStatus => ({
  firearmId,
  seizureId,
  status: 'requested',
  requestedAt: '2026-11-28',
  requestNumber: 'T20260012345',
  updatedAt: '2026-11-28T10:00:00-07:00',
  ...over,
});

const traced = (firearmId: string, seizureId: string): TraceStatus =>
  requested(firearmId, seizureId, { status: 'traced', result: { purchaserFound: true, dealerFfl: '1-23-456-78-9A-12345', purchaseDate: '2025-11-28', timeToCrimeDays: 365 }, updatedAt: '2026-11-28T11:00:00-07:00' });

describe('trace status sync', () => {
  it('reaches the server and another phone through lost answers, beside a notes edit of the same seizure', async () => {
    const u = await users();
    // The supervisor's phone: the first trace push is lost after the server stored it, the next never leaves.
    let pushes = 0;
    const supPhone = await phone(u.sup, 'supervisor', (url) => (url.pathname.endsWith('/trace-push') ? ((['lostAck', 'network'][pushes++] as Fault | undefined) ?? 'ok') : 'ok'));
    const officerPhone = await phone(u.officer, 'officer');
    const record = await officerPhone.repo.save(seizure());
    expect((await officerPhone.run()).outcome).toBe('synced');
    await supPhone.run();
    const firearmId = record.record.firearms[0]!.id;

    await supPhone.traces.record(requested(firearmId, record.id));
    expect((await supPhone.run()).outcome).toBe('failed');
    await supPhone.traces.record(traced(firearmId, record.id));
    // Meanwhile the officer corrects the notes on the seizure's revision 1.
    const [mine] = await officerPhone.repo.search('');
    await officerPhone.repo.save({ ...mine!.record, notes: 'corrected notes' });

    const outcomes = [];
    for (let i = 0; i < 4 && (await supPhone.db.traceOutbox.count()) > 0; i++) outcomes.push((await supPhone.run()).outcome);
    expect(outcomes).toEqual(['failed', 'synced']);
    expect((await officerPhone.run()).outcome).toBe('synced');

    const [onSup] = await supPhone.traces.forRecord(record.id);
    expect([onSup?.state, onSup?.revision, onSup?.status.status]).toEqual(['synced', 2, 'traced']);
    const [onOfficer] = await officerPhone.traces.forRecord(record.id);
    expect([onOfficer?.state, onOfficer?.revision, onOfficer?.status.result?.dealerFfl]).toEqual(['synced', 2, '1-23-456-78-9A-12345']);
    expect(await officerPhone.repo.get(record.id)).toMatchObject({ syncState: 'synced', record: { notes: 'corrected notes' } });
    // The lost answer was one stored change, not two: two revisions in the history.
    const history = await server().app.inject({ method: 'GET', url: `/api/v1/records/${record.id}/history`, headers: { authorization: `Bearer ${u.sup.token}` } });
    expect(history.json<{ traceChanges: { to: string }[] }>().traceChanges.map((c) => c.to)).toEqual(['requested', 'traced']);
  });

  it('keeps a real conflict beside the officer\'s version, and the choice goes out on the server\'s revision', async () => {
    const u = await users();
    const [a, b] = [await phone(u.sup, 'supervisor'), await phone(u.sup2, 'supervisor')];
    const record = await a.repo.save(seizure());
    await a.run();
    await b.run();
    const firearmId = record.record.firearms[0]!.id;
    await a.traces.record(requested(firearmId, record.id));
    await b.traces.record(requested(firearmId, record.id, { requestNumber: 'T20260077777' }));
    expect((await a.run()).conflicts).toBe(0);
    expect((await b.run()).conflicts).toBe(1);
    const [kept] = await b.traces.forRecord(record.id);
    expect([kept?.state, kept?.status.requestNumber, kept?.conflict?.status.requestNumber]).toEqual(['conflict', 'T20260077777', 'T20260012345']);
    // Another run neither resends nor overwrites it.
    await b.run();
    expect((await b.traces.forRecord(record.id))[0]?.state).toBe('conflict');

    await b.traces.keepMine(firearmId);
    await b.run();
    await a.run();
    expect((await a.traces.forRecord(record.id)).map((r) => [r.state, r.revision, r.status.requestNumber])).toEqual([['synced', 2, 'T20260077777']]);
  });

  it("keeps an officer's change the agency does not allow, with the server's code, until the policy allows it", async () => {
    const u = await users();
    const officerPhone = await phone(u.officer, 'officer');
    const record = await officerPhone.repo.save(seizure());
    await officerPhone.run();
    const firearmId = record.record.firearms[0]!.id;
    await officerPhone.traces.record(requested(firearmId, record.id));
    expect((await officerPhone.run()).rejected).toBe(1);
    const [refused] = await officerPhone.traces.forRecord(record.id);
    expect([refused?.state, refused?.errors?.map((e) => e.code)]).toEqual(['rejected', ['trace.officerNotAllowed']]);

    await server().app.store.agencies.setOfficersRecordTrace('ATF', true);
    await officerPhone.traces.record(requested(firearmId, record.id, { updatedAt: '2026-11-28T11:30:00-07:00' }));
    await officerPhone.run();
    expect((await officerPhone.traces.forRecord(record.id)).map((r) => [r.state, r.revision])).toEqual([['synced', 1]]);
    await server().app.store.agencies.setOfficersRecordTrace('ATF', false);
  });

  it('stops at a status this version cannot read (a newer app\'s field), keeping its cursor, and takes it once it can', async () => {
    const u = await users();
    const supPhone = await phone(u.sup, 'supervisor');
    const record = await supPhone.repo.save(seizure());
    const firearmId = record.record.firearms[0]!.id;
    await supPhone.traces.record(requested(firearmId, record.id));
    expect((await supPhone.run()).outcome).toBe('synced');

    const db = freshDb();
    const store = createSyncStore(db);
    const traces = createTraceStore(db);
    await store.saveSession({ token: u.officer.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: u.officer.id, username: u.officer.username, role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
    const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: injectFetch(server().app) });
    let newer = true;
    const engine = createSyncEngine({
      store,
      transport,
      deviceId: async () => 'phone-older',
      random: () => 0.5,
      traces: {
        store: traces,
        push: (body) => transport.tracePush(body),
        pull: async (cursor, limit) => {
          const page = await transport.tracePull(cursor, limit);
          return newer ? { ...page, statuses: page.statuses.map((s) => ({ ...s, status: { ...(s.status as object), fieldOfANewerVersion: 1 } })) } : page;
        },
      },
    });
    expect((await engine.run()).outcome).toBe('failed');
    expect(engine.status().lastFailure).toBe('outdated');
    expect(await traces.forRecord(record.id)).toEqual([]);
    expect(await traces.cursor()).toBeUndefined();
    newer = false;
    expect((await engine.run()).outcome).toBe('synced');
    expect((await traces.forRecord(record.id)).map((row) => row.status.status)).toEqual(['requested']);
  });
});
