/**
 * Clock skew end to end on the device: a server whose `Date` is 10 minutes behind the phone's
 * clock is noticed by the sync, kept (sealed) for the header, and the records saved while it
 * holds carry the flag the server validates with the same schema; a sync that finds the clocks
 * agreeing again clears the warning, and records flagged before keep their flag.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SeizureSchema } from '../../src/domain/schema';
import { createSeizureRepository, createSyncStore } from '../../src/storage';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport } from '../../src/sync/transport';
import { NOW, validSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const freshDb = freshDatabases('clock-skew').unlocked;
/** The device clock each push said it left at. */
const sentAts: (string | undefined)[] = [];

/** A server that applies every push and has nothing to pull, its clock `offsetMs` from the phone's. */
function serverWithClock(clock: { offsetMs: number }, pushed: unknown[]) {
  let revision = 0;
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = { 'content-type': 'application/json', date: new Date(Date.now() + clock.offsetMs).toUTCString() };
    if (url.pathname.endsWith('/sync/push')) {
      const body = JSON.parse(String(init?.body)) as { mutations: { mutationId: string; record: unknown }[] };
      pushed.push(...body.mutations.map((m) => m.record));
      sentAts.push(new Headers(init?.headers).get('x-device-time') ?? undefined);
      return new Response(JSON.stringify({ results: body.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied', revision: ++revision })) }), { headers });
    }
    return new Response(JSON.stringify({ changes: [], cursor: 'c', more: false }), { headers });
  };
}

describe('clock skew at sync', () => {
  it('is measured on the answers, flags the saves made while it is over 5 minutes, and clears', async () => {
    const db = freshDb();
    const store = createSyncStore(db);
    const repo = createSeizureRepository(db);
    await store.saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { id: 'u', username: 'officer', role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
    const clock = { offsetMs: -10 * 60_000 };
    const pushed: unknown[] = [];
    const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => 't', fetch: serverWithClock(clock, pushed) });
    const engine = createSyncEngine({ store, transport, deviceId: async () => 'd', random: () => 0 });

    const before = await repo.save({ ...validSeizure(), id: randomUUID() }, NOW);
    expect(before.record.clockSkew).toBeUndefined();
    expect(await store.clockSkew()).toBeUndefined();

    expect((await engine.run()).outcome).toBe('synced');
    const skew = await store.clockSkew();
    expect(skew?.minutes).toBe(10);
    // Kept sealed with the officer's data, not in the clear meta table.
    expect(await db.meta.get('clockSkew')).toBeUndefined();

    const during = await repo.save({ ...validSeizure(), id: randomUUID() }, NOW);
    expect(during.record.clockSkew).toEqual(skew);
    const editedBefore = await repo.save({ ...before.record, notes: 'later edit' }, NOW);
    expect(editedBefore.record.clockSkew?.minutes).toBe(10);

    await engine.run();
    // What the server receives carries the flag and passes the schema it validates with.
    const sent = pushed.filter((record) => (record as { id: string }).id === during.record.id);
    expect(sent).toHaveLength(1);
    expect(SeizureSchema.parse(sent[0]).clockSkew?.minutes).toBe(10);

    clock.offsetMs = 2 * 60_000;
    expect((await engine.run()).outcome).toBe('synced');
    expect((await store.clockSkew())?.minutes).toBe(-2);
    const after = await repo.save({ ...validSeizure(), id: randomUUID() }, NOW);
    expect(after.record.clockSkew).toBeUndefined();
    // The earlier record's times were still entered with the wrong clock: its flag stays on an edit.
    const withoutFlag = { ...during.record, notes: 'fixed clock' };
    delete withoutFlag.clockSkew;
    expect((await repo.save(withoutFlag, NOW)).record.clockSkew?.minutes).toBe(10);
  });

  it('a server behind a proxy that strips Date changes nothing', async () => {
    const db = freshDb();
    const store = createSyncStore(db);
    await store.saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { id: 'u', username: 'officer', role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
    const fetch = async () => new Response(JSON.stringify({ changes: [], cursor: 'c', more: false }), { headers: { 'content-type': 'application/json' } });
    const engine = createSyncEngine({ store, transport: createHttpTransport({ baseUrl: 'http://server.test', token: async () => 't', fetch }), deviceId: async () => 'd' });
    expect((await engine.run()).outcome).toBe('synced');
    expect(await store.clockSkew()).toBeUndefined();
  });

  it('tells the server its clock with every push, so what was saved before the skew was known is flagged there', async () => {
    const db = freshDb();
    const store = createSyncStore(db);
    const repo = createSeizureRepository(db);
    await store.saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { id: 'u', username: 'officer', role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
    const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => 't', fetch: serverWithClock({ offsetMs: 0 }, []) });
    const engine = createSyncEngine({ store, transport, deviceId: async () => 'd', random: () => 0 });
    await repo.save({ ...validSeizure(), id: randomUUID() }, NOW);
    sentAts.length = 0;
    const before = Date.now();
    expect((await engine.run()).outcome).toBe('synced');
    expect(sentAts).toHaveLength(1);
    const sent = Date.parse(sentAts[0] ?? '');
    expect(sent).toBeGreaterThanOrEqual(before);
    expect(sent).toBeLessThanOrEqual(Date.now());
  });
});
