/**
 * The device side of short-lived access tokens: when the server answers 401 because the access
 * token expired, the transport renews it with the refresh token kept in the session and the
 * push goes through, with no officer action; only a refused refresh asks for a sign-in, and the
 * records stay queued.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSeizureRepository, createSyncStore } from '../../src/storage';
import { createSyncEngine } from '../../src/sync/engine';
import { createSessionRefresher } from '../../src/sync/session-refresh';
import { createHttpTransport } from '../../src/sync/transport';
import { NOW, seizure, useServer, type TestUser } from '../server/helpers/app';
import { injectFetch } from './support/inject-fetch';
import { freshDatabases } from './support/device-databases';

let clock = NOW;
const server = useServer('sqlite', { now: () => clock });
const freshDb = freshDatabases('refresh').unlocked;
afterEach(() => {
  clock = NOW;
});

let seq = 0;
async function signedInDevice() {
  const user: TestUser = await server().user(`refresh.${++seq}`, 'ATF');
  const db = freshDb();
  const store = createSyncStore(db);
  await store.saveSession({
    token: user.token,
    expiresAt: new Date(NOW.getTime() + 15 * 60_000).toISOString(),
    refreshToken: user.refreshToken,
    refreshExpiresAt: new Date(NOW.getTime() + 12 * 3600_000).toISOString(),
    user: { id: user.id, username: user.username, role: 'officer', agency: { code: 'ATF', name: 'ATF' } },
  });
  const paths: string[] = [];
  const inner = injectFetch(server().app);
  const fetch: typeof globalThis.fetch = async (input, init) => {
    paths.push(new URL(String(input)).pathname);
    return inner(input, init);
  };
  const baseUrl = 'http://server.test';
  const token = async () => {
    const session = await store.session();
    return session && !session.expired ? session.token : undefined;
  };
  const engine = createSyncEngine({
    store,
    transport: createHttpTransport({ baseUrl, token, fetch, refresh: createSessionRefresher({ store, baseUrl, fetch }) }),
    deviceId: async () => 'device-refresh',
    random: () => 0.5,
  });
  return { user, db, store, engine, paths, repo: createSeizureRepository(db) };
}

describe('an expired access token', () => {
  it('is renewed with the refresh token and the push goes through, with no officer action', async () => {
    const device = await signedInDevice();
    const before = await device.store.session();
    const record = seizure();
    await device.repo.save(record, NOW);

    clock = new Date(NOW.getTime() + 20 * 60_000); // the access token ran out 5 minutes ago
    const report = await device.engine.run();
    expect(report).toMatchObject({ outcome: 'synced', pushed: 1 });
    expect(device.paths.slice(0, 3)).toEqual(['/api/v1/sync/push', '/api/v1/auth/refresh', '/api/v1/sync/push']);
    expect((await device.repo.get(record.id))?.syncState).toBe('synced');
    expect(await device.db.outbox.count()).toBe(0);

    // The new pair is kept on the device; the old refresh token is spent.
    const after = await device.store.session();
    expect(after?.expired).toBeUndefined();
    expect(after?.token).not.toBe(before?.token);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.expiresAt).toBe(new Date(clock.getTime() + 15 * 60_000).toISOString());
    const stored = await server().app.store.db.selectFrom('revisions').select('record_id').where('record_id', '=', record.id).execute();
    expect(stored).toHaveLength(1);
  });

  it('is renewed once for requests that fail together', async () => {
    const device = await signedInDevice();
    clock = new Date(NOW.getTime() + 20 * 60_000);
    const transport = createHttpTransport({
      baseUrl: 'http://server.test',
      token: async () => (await device.store.session())?.token,
      fetch: injectFetch(server().app),
      refresh: createSessionRefresher({
        store: device.store,
        baseUrl: 'http://server.test',
        fetch: async (input, init) => {
          device.paths.push(new URL(String(input)).pathname);
          return injectFetch(server().app)(input, init);
        },
      }),
    });
    const pages = await Promise.all([transport.pull(undefined, 10), transport.pull(undefined, 10), transport.pull(undefined, 10)]);
    expect(pages).toHaveLength(3);
    // Two refreshes of one token would have been taken for theft and ended the sign-in.
    expect(device.paths.filter((p) => p === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('asks the officer to sign in only when the refresh is refused, and keeps the records', async () => {
    const device = await signedInDevice();
    const record = seizure();
    await device.repo.save(record, NOW);
    clock = new Date(NOW.getTime() + 12 * 3600_000); // the whole sign-in is over
    const report = await device.engine.run();
    expect(report.outcome).toBe('signedOut');
    expect((await device.store.session())?.expired).toBe(true);
    expect(await device.db.outbox.count()).toBe(1);
    expect((await device.repo.get(record.id))?.record.id).toBe(record.id);
  });
});

describe('signing out', () => {
  it('ends the sign-in on the server too, renewing an expired access token for it', async () => {
    const { db: appDb, createSyncStore: storeOf } = await import('../../src/storage');
    const { signOut } = await import('../../src/sync');
    const user = await server().user(`signout.${++seq}`, 'ATF');
    const store = storeOf(appDb);
    await store.saveSession({ token: user.token, expiresAt: NOW.toISOString(), refreshToken: user.refreshToken, refreshExpiresAt: NOW.toISOString(), user: { id: user.id, username: user.username, role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
    clock = new Date(NOW.getTime() + 20 * 60_000); // the access token has run out
    const realFetch = globalThis.fetch;
    globalThis.fetch = injectFetch(server().app);
    try {
      await signOut('http://server.test');
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(await store.session()).toBeUndefined();
    const families = await server().app.store.db.selectFrom('session_families').select('revoked_reason').where('user_id', '=', user.id).execute();
    expect(families).toEqual([{ revoked_reason: 'logout' }]);
  });
});
