/**
 * The client sync engine against the real server (in process, SQLite), with a fault layer
 * between them that drops requests, loses answers after the server committed, answers after
 * the deadline, delivers twice, and returns 500/502/503/429/401/400. Whatever happens, once the
 * faults stop the server holds exactly the records saved, once each, and nothing is left queued.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain';
import { createSeizureRepository, createSyncStore, type SyncStore, type TraceDB } from '../../src/storage';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine';
import { createHttpTransport } from '../../src/sync/transport';
import { NOW, seizure, useServer, type TestUser } from '../server/helpers/app';
import { faultyFetch, injectFetch, type Fault } from './support/inject-fetch';
import { freshDatabases } from './support/device-databases';

const server = useServer('sqlite');
const freshDb = freshDatabases('engine').unlocked;

interface Device {
  db: TraceDB;
  repo: ReturnType<typeof createSeizureRepository>;
  store: ReturnType<typeof createSyncStore>;
  engine: SyncEngine;
  delivered: string[];
  save(record: Seizure): Promise<void>;
}

/** A phone: its own IndexedDB, signed in as `user`, reaching the server through `faults`. */
async function device(user: TestUser, faults: (url: URL) => Fault = () => 'ok', options: { batchSize?: number } = {}): Promise<Device> {
  const db = freshDb();
  const store = createSyncStore(db);
  const repo = createSeizureRepository(db);
  await store.saveSession({ token: user.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: user.id, username: user.username, role: 'officer', agency: { code: user.agency, name: user.agency } } });
  const wire = faultyFetch(injectFetch(server().app), faults);
  const engine = createSyncEngine({
    store,
    transport: createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: wire.fetch }),
    deviceId: async () => 'device-under-test',
    random: () => 0.5,
    ...(options.batchSize && { batchSize: options.batchSize }),
  });
  return { db, repo, store, engine, delivered: wire.delivered, save: async (record) => void (await repo.save(record, NOW)) };
}

/** Runs the engine until a run succeeds, as the scheduler's retries would. */
async function settle(d: Device, maxRuns = 60) {
  for (let run = 0; run < maxRuns; run++) {
    const report = await d.engine.run();
    if (report.outcome === 'synced') return report;
    if (report.outcome === 'signedOut') throw new Error('signed out');
  }
  throw new Error('did not settle');
}

/** Every revision the server stored for the records of one test (they share one author or agency). */
async function serverRevisions(user: TestUser) {
  return server()
    .app.store.db.selectFrom('revisions')
    .select(['record_id', 'revision', 'mutation_id', 'body'])
    .where('agency_code', '=', user.agency)
    .orderBy('seq')
    .execute();
}

const queued = (d: Device) => d.db.outbox.count();
const stateOf = async (d: Device, id: string) => (await d.repo.get(id))?.syncState;
let agencySeq = 0;
/** A user in an agency of its own, so each test sees only its own records on the server. */
async function freshUser(): Promise<TestUser> {
  const code = `TEST${++agencySeq}`;
  await server().app.store.agencies.add({ code, name: `Test agency ${agencySeq}`, country: 'US' }, NOW);
  return server().user(`engine.${agencySeq}`, code);
}

describe('push and pull', () => {
  it('sends saved records once, marks them synced, and brings them to a second device', async () => {
    const user = await freshUser();
    const a = await device(user);
    const records = [seizure(), seizure(), seizure()];
    for (const r of records) await a.save(r);

    const report = await settle(a);
    expect(report.pushed).toBe(3);
    expect(await queued(a)).toBe(0);
    for (const r of records) {
      expect(await stateOf(a, r.id)).toBe('synced');
      expect((await a.repo.get(r.id))?.serverRevision).toBe(1);
    }
    expect((await serverRevisions(user)).map((r) => r.record_id).sort()).toEqual(records.map((r) => r.id).sort());

    const b = await device(user);
    await settle(b);
    for (const r of records) expect((await b.repo.get(r.id))?.record.firearms[0]?.serialNumber).toBe(r.firearms[0]?.serialNumber);
  });

  it('sends an edit made after sync as the next revision', async () => {
    const user = await freshUser();
    const a = await device(user);
    const record = seizure();
    await a.save(record);
    await settle(a);
    await a.save({ ...(await a.repo.get(record.id))!.record, notes: 'second look at the serial' });
    await settle(a);
    const revisions = await serverRevisions(user);
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(JSON.parse(revisions[1]!.body).notes).toBe('second look at the serial');
    expect((await a.repo.get(record.id))?.serverRevision).toBe(2);
  });
});

describe('faults on the way', () => {
  it.each<[string, Fault[]]>([
    ['no network', ['network']],
    ['a lost acknowledgement after the server committed', ['lostAck']],
    ['an answer after the deadline', ['timeout']],
    ['the same request delivered twice', ['duplicate']],
    ['server errors and throttling', [500, 502, 503, 429]],
    ['everything in a row', ['network', 'lostAck', 500, 'timeout', 'duplicate', 503, 'lostAck']],
  ])('%s: every record on the server exactly once', async (_name, faults) => {
    const user = await freshUser();
    const plan = [...faults];
    const a = await device(user, (url) => (url.pathname.endsWith('/sync/push') ? (plan.shift() ?? 'ok') : 'ok'), { batchSize: 2 });
    const records = [seizure(), seizure(), seizure(), seizure(), seizure()];
    for (const r of records) await a.save(r);

    await settle(a);
    const revisions = await serverRevisions(user);
    expect(revisions.map((r) => r.record_id).sort()).toEqual(records.map((r) => r.id).sort());
    expect(revisions.every((r) => r.revision === 1)).toBe(true);
    for (const r of revisions) {
      // The device's saved copy: the save gave each firearm its bag code.
      const sent = (await a.repo.get(r.record_id))!.record;
      expect(JSON.parse(r.body).firearms).toEqual(sent.firearms);
    }
    expect(await queued(a)).toBe(0);
    for (const r of records) expect(await stateOf(a, r.id)).toBe('synced');
  });

  it('keeps everything and backs off after a failure, then recovers', async () => {
    const user = await freshUser();
    let down = true;
    const a = await device(user, () => (down ? 'network' : 'ok'));
    const record = seizure();
    await a.save(record);
    const failed = await a.engine.run();
    expect(failed.outcome).toBe('failed');
    expect(failed.retryInMs).toBeGreaterThanOrEqual(1000);
    expect(a.engine.status()).toMatchObject({ phase: 'waiting', failures: 1, lastFailure: 'network' });
    expect(await stateOf(a, record.id)).toBe('pending');
    expect(await queued(a)).toBe(1);

    down = false;
    await settle(a);
    expect(a.engine.status()).toMatchObject({ phase: 'idle', failures: 0 });
    expect(await stateOf(a, record.id)).toBe('synced');
  });

  it('on 401 keeps everything and asks to sign in again', async () => {
    const user = await freshUser();
    let answer: Fault = 401;
    const a = await device(user, () => answer);
    const record = seizure();
    await a.save(record);
    expect((await a.engine.run()).outcome).toBe('signedOut');
    expect((await a.store.session())?.expired).toBe(true);
    expect(await queued(a)).toBe(1);
    expect((await a.engine.run()).outcome).toBe('signedOut'); // no request while signed out

    answer = 'ok';
    const session = await a.store.session();
    await a.store.saveSession({ ...session!, expired: false });
    await settle(a);
    expect((await serverRevisions(user)).map((r) => r.record_id)).toEqual([record.id]);
  });
});

describe('records the server will not take as they are', () => {
  it('sets a rejected record aside with its reasons and sends the rest', async () => {
    const user = await freshUser();
    const a = await device(user);
    const good = [seizure(), seizure()];
    for (const r of good) await a.save(r);
    // Saved by an older app version whose rules let "N/A" through as a ready serial.
    const bad = seizure();
    const badPayload: Seizure = { ...bad, firearms: [{ ...bad.firearms[0]!, serialNumber: 'N/A' }], createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    await a.db.transaction('rw', a.db.seizures, a.db.syncStates, a.db.outbox, async () => {
      await a.db.seizures.put({ id: bad.id, record: badPayload, status: 'ready', updatedAt: badPayload.updatedAt, caseKey: '', serialKeys: [], makerSerialKeys: [] });
      await a.db.syncStates.put({ id: bad.id, state: 'pending', updatedAt: badPayload.updatedAt });
      await a.db.outbox.add({ mutationId: randomUUID(), recordId: bad.id, payload: badPayload, enqueuedAt: badPayload.updatedAt, attempts: 0 });
    });
    await a.save(seizure());

    const report = await settle(a);
    expect(report).toMatchObject({ pushed: 3, rejected: 1 });
    const row = await a.repo.get(bad.id);
    expect(row?.syncState).toBe('rejected');
    expect(row?.syncErrors?.map((e) => e.code)).toContain('serial.placeholder');
    expect(await queued(a)).toBe(0);
    expect((await serverRevisions(user)).map((r) => r.record_id)).not.toContain(bad.id);
  });

  it('isolates a mutation the server refuses as a malformed request, and sends the others', async () => {
    const user = await freshUser();
    const records = [seizure(), seizure(), seizure()];
    const culprit = records[1]!.id;
    const a = await device(user, () => 'ok');
    for (const r of records) await a.save(r);
    // A proxy that refuses any push carrying the culprit (the shape of a 400/413 on one record).
    const refusing = faultyFetch(injectFetch(server().app), () => 'ok');
    const transport = createHttpTransport({
      baseUrl: 'http://server.test',
      token: async () => user.token,
      fetch: async (input, init) => (String(init?.body ?? '').includes(culprit) ? new Response('{"error":"request.invalid"}', { status: 400 }) : refusing.fetch(input, init)),
    });
    const engine = createSyncEngine({ store: a.store, transport, deviceId: async () => 'd' });
    const report = await engine.run();
    expect(report).toMatchObject({ outcome: 'synced', pushed: 2, rejected: 1 });
    expect(await stateOf(a, culprit)).toBe('rejected');
    expect((await a.repo.get(culprit))?.syncErrors?.[0]?.code).toBe('sync.requestRefused');
  });
});

/** Both devices hold a synced record; B changes it and syncs; A changes it too, then syncs. */
async function conflictBetweenTwoDevices() {
  const user = await freshUser();
  const a = await device(user);
  const b = await device(user);
  const record = seizure();
  await a.save(record);
  await settle(a);
  await settle(b);
  await b.save({ ...(await b.repo.get(record.id))!.record, notes: 'from B' });
  await settle(b);
  await a.save({ ...record, notes: 'from A' });
  const report = await settle(a);
  return { user, a, b, record, report };
}

describe('conflicts', () => {
  it('never overwrites: a stale edit comes back as a conflict with both versions, and the officer decides', async () => {
    const { user, a, b, record, report } = await conflictBetweenTwoDevices();
    expect(report.conflicts).toBe(1);

    const row = await a.repo.get(record.id);
    expect(row?.syncState).toBe('conflict');
    expect(row?.record.notes).toBe('from A');
    expect(row?.conflict).toMatchObject({ revision: 2, record: { notes: 'from B' } });
    expect((await serverRevisions(user)).map((r) => JSON.parse(r.body).notes)).toEqual([undefined, 'from B']);

    // A pull meanwhile must not replace the officer's version.
    await settle(a);
    expect((await a.repo.get(record.id))?.record.notes).toBe('from A');

    await a.store.keepMine(record.id);
    await settle(a);
    expect((await serverRevisions(user)).map((r) => JSON.parse(r.body).notes)).toEqual([undefined, 'from B', 'from A']);
    expect(await stateOf(a, record.id)).toBe('synced');
    await settle(b);
    expect((await b.repo.get(record.id))?.record.notes).toBe('from A');
  });

  it('taking the server version replaces the local one and queues nothing', async () => {
    const { a, record } = await conflictBetweenTwoDevices();

    await a.store.takeTheirs(record.id);
    expect(await queued(a)).toBe(0);
    const row = await a.repo.get(record.id);
    expect(row).toMatchObject({ syncState: 'synced', serverRevision: 2, record: { notes: 'from B' } });
  });

  // Found by the chaos test (test/chaos): the edit form keeps the version it loaded while syncs
  // go on. When a pull replaced that version with another device's newer revision, the save took
  // the row's new revision as its base and the server stored the stale edit over the newer
  // revision without a conflict, silently undoing the other officer's change.
  it('an edit from a form opened before a pull brought a newer revision comes back as a conflict', async () => {
    const user = await freshUser();
    const a = await device(user);
    const b = await device(user);
    const record = seizure();
    await a.save(record);
    await settle(a);
    await settle(b);
    const form = (await a.repo.get(record.id))!.record; // A opens the record in the form
    await b.repo.save({ ...(await b.repo.get(record.id))!.record, notes: 'from B' }, new Date(NOW.getTime() + 30_000));
    await settle(b);
    await settle(a); // the pull brings B's revision 2 while A's form is open
    expect((await a.repo.get(record.id))?.record.notes).toBe('from B');

    await a.repo.save({ ...form, possessors: [] }, new Date(NOW.getTime() + 60_000));
    const report = await settle(a);
    expect(report.conflicts).toBe(1);
    expect((await serverRevisions(user)).map((r) => JSON.parse(r.body).notes)).toEqual([undefined, 'from B']);
    const row = await a.repo.get(record.id);
    expect(row).toMatchObject({ syncState: 'conflict', record: { possessors: [] }, conflict: { revision: 2, record: { notes: 'from B' } } });

    // An edit of the version the row holds still goes out on top of it.
    await a.store.takeTheirs(record.id);
    await a.repo.save({ ...(await a.repo.get(record.id))!.record, possessors: [] }, new Date(NOW.getTime() + 120_000));
    expect((await settle(a)).conflicts).toBe(0);
    expect((await serverRevisions(user)).map((r) => r.revision)).toEqual([1, 2, 3]);
  });

  // Found by the chaos test: while the officer had not yet chosen, another device stored a newer
  // revision. The pull kept it out of the conflicted row but moved the cursor past it, so taking
  // "their" version installed the older one as synced and the device never saw the newer one.
  it.each(['takeTheirs', 'keepMine'] as const)('a newer revision pulled during an open conflict is the one the officer decides on (%s)', async (choice) => {
    const { a, b, record } = await conflictBetweenTwoDevices();
    await b.save({ ...(await b.repo.get(record.id))!.record, notes: 'from B again' });
    await settle(b);
    await settle(a);
    expect((await a.repo.get(record.id))?.conflict).toMatchObject({ revision: 3, record: { notes: 'from B again' } });

    await a.store[choice](record.id);
    const report = await settle(a);
    expect(report.conflicts).toBe(0);
    const row = await a.repo.get(record.id);
    if (choice === 'takeTheirs') expect(row).toMatchObject({ syncState: 'synced', serverRevision: 3, record: { notes: 'from B again' } });
    else expect(row).toMatchObject({ syncState: 'synced', serverRevision: 4, record: { notes: 'from A' } });
  });

  it('a pulled change never replaces a record with unsent local changes', async () => {
    const user = await freshUser();
    const a = await device(user);
    const b = await device(user);
    const record = seizure();
    await a.save(record);
    await settle(a);
    await settle(b);
    await b.save({ ...(await b.repo.get(record.id))!.record, notes: 'from B' });
    await settle(b);

    // A saves while offline; the server's newer revision arrives by pull before A can push.
    await a.save({ ...record, notes: 'unsent on A' });
    const page = await createHttpTransport({ baseUrl: 'http://server.test', token: async () => user.token, fetch: injectFetch(server().app) }).pull(undefined, 100);
    const versions = page.changes.flatMap((c) => ('removed' in c ? [] : [{ revision: c.revision, record: c.record as Seizure }]));
    expect(await a.store.applyPulled(versions, page.cursor)).toEqual({ applied: 0, kept: 1 });
    expect((await a.repo.get(record.id))?.record.notes).toBe('unsent on A');
    expect(await queued(a)).toBe(1);
  });
});

describe('saves made while a push is under way', () => {
  // Found by the chaos test (test/chaos): a save that landed between reading a batch and marking
  // it as sending was folded into the entry already read, and the old payload went out under its
  // mutation id. The acknowledgement then removed the entry: the edit was never sent (the row
  // stayed "pending" with nothing queued), or, after a lost answer, the retry's "duplicate"
  // marked the edit as synced at a revision that holds the old content.
  it.each<[string, Fault[]]>([
    ['answered at once', []],
    ['answer lost, then retried', ['lostAck']],
  ])('an edit saved between reading the batch and sending it reaches the server (%s)', async (_name, faults) => {
    const user = await freshUser();
    const a = await device(user);
    const record = seizure();
    await a.save(record);
    let editPending = true;
    const racing: SyncStore = {
      ...a.store,
      nextBatch: async (limit) => {
        const batch = await a.store.nextBatch(limit);
        if (editPending && batch.length > 0) {
          editPending = false;
          await a.repo.save({ ...record, notes: 'edited as the push started' }, new Date(NOW.getTime() + 60_000));
        }
        return batch;
      },
    };
    const plan = [...faults];
    const wire = faultyFetch(injectFetch(server().app), (url) => (url.pathname.endsWith('/sync/push') ? (plan.shift() ?? 'ok') : 'ok'));
    const engine = createSyncEngine({
      store: racing,
      transport: createHttpTransport({ baseUrl: 'http://server.test', token: async () => user.token, fetch: wire.fetch }),
      deviceId: async () => 'device-under-test',
      random: () => 0.5,
    });
    for (let run = 0; run < 5 && (await engine.run()).outcome !== 'synced'; run++);
    await engine.run();

    const revisions = await serverRevisions(user);
    expect(revisions.map((r) => JSON.parse(r.body).notes)).toContain('edited as the push started');
    expect(JSON.parse(revisions.at(-1)!.body).notes).toBe('edited as the push started');
    const row = await a.repo.get(record.id);
    expect(row).toMatchObject({ syncState: 'synced', serverRevision: revisions.at(-1)!.revision, record: { notes: 'edited as the push started' } });
    expect(await queued(a)).toBe(0);
  });
});

describe('records written by a newer app version', () => {
  it('stops the pull at a record it cannot read, keeps the cursor, still sends its own, and takes it once it can read it', async () => {
    const user = await freshUser();
    const a = await device(user);
    const first = seizure();
    await a.save(first);
    await settle(a);

    // Device B's server answers as a newer server would: the record carries a field this version lacks.
    let newer = true;
    const db = freshDb();
    const store = createSyncStore(db);
    const repo = createSeizureRepository(db);
    await store.saveSession({ token: user.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: user.id, username: user.username, role: 'officer', agency: { code: user.agency, name: user.agency } } });
    const inner = injectFetch(server().app);
    const fetchAsNewer: typeof fetch = async (input, init) => {
      const response = await inner(input, init);
      if (!newer || !String(input).includes('/sync/pull')) return response;
      const body = (await response.json()) as { changes: { record?: Record<string, unknown> }[] };
      for (const change of body.changes) if (change.record) change.record.fieldOfANewerVersion = 'x';
      return new Response(JSON.stringify(body), { status: response.status, headers: { 'content-type': 'application/json' } });
    };
    const engine = createSyncEngine({
      store,
      transport: createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: fetchAsNewer }),
      deviceId: async () => 'device-b',
      random: () => 0.5,
    });
    const own = seizure();
    await repo.save(own, NOW);

    const report = await engine.run();
    expect(report.outcome).toBe('failed');
    expect(engine.status().lastFailure).toBe('outdated');
    expect(report.pushed).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(await repo.get(first.id)).toBeUndefined();
    expect(await store.cursor()).toBeUndefined();

    newer = false;
    expect((await engine.run()).outcome).toBe('synced');
    expect((await repo.get(first.id))?.syncState).toBe('synced');
  });
});
