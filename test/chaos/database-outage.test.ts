/**
 * PostgreSQL stopped mid-run under a real server process (issue 4, item 4), step by step rather
 * than at random: a device with records waiting, the database gone (simulated: the relay between
 * the server and PostgreSQL closes every connection and refuses new ones; see database-proxy.ts),
 * then back. The same server process, never restarted, must answer 503 with Retry-After meanwhile
 * and serve again once the database is back; the device's queued records then arrive exactly once
 * (the chaos checks, checks.ts).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { checkRun } from './checks';
import { startCluster, type ServerCluster } from './cluster';
import { createClock, createDevice, type Device } from './device';
import { createFaultNetwork, type FaultNetwork } from './fault-proxy';
import { createRng } from './random';
import { createChaosDatabase, ensureBuilt, openStore, type ChaosDatabase } from './server-process';

const officer = { username: 'outage.officer', password: 'outage password 123', agency: 'ATF' };

describe('PostgreSQL stopped under a running server process', () => {
  let database: ChaosDatabase;
  let server: ServerCluster;
  let store: ReturnType<typeof openStore>;
  let network: FaultNetwork;
  let device: Device;

  beforeAll(async () => {
    ensureBuilt();
    database = await createChaosDatabase('postgres');
    server = await startCluster(database, { instances: 1 });
    store = openStore(database);
    await store.users.add({ id: crypto.randomUUID(), username: officer.username, passwordHash: await hashPassword(officer.password), role: 'officer', agencyCode: officer.agency }, new Date());
    network = createFaultNetwork({ upstreamPort: server.port, clientTimeoutMs: 5_000, faultRate: 0 });
    network.faultsOn = false;
    const rng = createRng(4);
    device = await createDevice({
      index: 0,
      name: `outage-${Date.now()}`,
      officer,
      serverUrl: server.url,
      proxyPort: await network.listen(rng.fork('faults')),
      timeoutMs: 5_000,
      clock: createClock(),
      rng,
      batchSize: 2,
      pullPageSize: 3,
    });
    await device.signIn();
  });

  afterAll(async () => {
    await device?.close();
    await network?.close();
    await server?.stop();
    await store?.close();
    await database?.drop();
  });

  it('answers 503 with Retry-After while it is down, then serves again by itself; the queued records arrive exactly once', async () => {
    const relay = server.relays[0]!;
    await device.create();
    await device.create();
    expect((await device.sync()).outcome).toBe('synced');
    const storedBefore = (await store.db.selectFrom('revisions').select('seq').execute()).length;

    await relay.cut();
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toMatchObject({ status: 'unavailable', reason: 'database.unavailable' });
    await expect(device.signIn()).rejects.toMatchObject({ kind: 'server', status: 503, retryAfterMs: 5_000 });

    for (let i = 0; i < 3; i++) await device.create();
    await device.edit();
    const failed = await device.sync();
    expect(failed.outcome).toBe('failed');
    expect(failed.retryInMs).toBeGreaterThanOrEqual(5_000); // the server's Retry-After
    expect(device.status()).toMatchObject({ phase: 'waiting', lastFailure: 'server' });
    expect(await device.db.outbox.count()).toBeGreaterThanOrEqual(3);
    expect((await store.db.selectFrom('revisions').select('seq').execute()).length).toBe(storedBefore);

    await relay.restore();
    expect((await device.sync()).outcome).toBe('synced');
    expect(await device.db.outbox.count()).toBe(0);
    expect(server.kills + server.unexpectedExits).toBe(0); // the same process throughout
    expect(server.crashes).toEqual([]);
    expect(relay.accepted).toBeGreaterThan(1); // its pool connected again by itself

    const { failures, figures } = await checkRun(store, [device]);
    expect(failures).toEqual([]);
    expect(figures.records).toBe(5);
  });
});
