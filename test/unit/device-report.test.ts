/**
 * The device tells the server what it still holds unsent at the end of each sync run, through
 * the real engine and the real server (in process, SQLite): nothing after a run that sent it all,
 * the records left behind and since when after a run the server cut short, and a refused report
 * never fails a run.
 */
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { createSeizureRepository, createSyncStore } from '../../src/storage';
import { deviceReportOf, reportDevice } from '../../src/sync/device-report';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport, TransportError } from '../../src/sync/transport';
import { NOW, seizure, useServer, type TestUser } from '../server/helpers/app';
import { faultyFetch, injectFetch, type Fault } from './support/inject-fetch';
import { freshDatabases } from './support/device-databases';

const server = useServer('sqlite');
const freshDb = freshDatabases('device-report').unlocked;
let users = 0;

async function phone(faults: (url: URL) => Fault = () => 'ok') {
  const user: TestUser = await server().user(`device.report.${++users}`, 'CBP');
  const db = freshDb();
  const store = createSyncStore(db);
  await store.saveSession({ token: user.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: user.id, username: user.username, role: 'officer', agency: { code: 'CBP', name: 'CBP' } } });
  const wire = faultyFetch(injectFetch(server().app), faults);
  const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: wire.fetch });
  const deviceId = `phone-${users}`;
  const engine = createSyncEngine({
    store,
    transport,
    deviceId: async () => deviceId,
    random: () => 0.5,
    now: () => NOW,
    device: { pending: () => store.pendingSummary(), send: (body) => transport.reportDevice(body) },
  });
  const reported = async () => (await server().app.store.devices.forAgency('CBP', 500)).filter((row) => row.deviceId === deviceId);
  return { user, engine, repo: createSeizureRepository(db), wire, deviceId, reported };
}

it('reports nothing pending after a run that sent everything', async () => {
  const p = await phone();
  await p.repo.save(seizure(), NOW);
  expect((await p.engine.run()).outcome).toBe('synced');
  expect(await p.reported()).toEqual([expect.objectContaining({ officer: { id: p.user.id, username: p.user.username }, pending: 0, oldestPendingAt: null })]);
  expect(p.wire.delivered.at(-1)).toBe('/api/v1/sync/device-report');
});

it('reports what a run the server cut short left behind, and since when', async () => {
  const p = await phone((url) => (url.pathname.endsWith('/sync/push') ? 503 : 'ok'));
  const earlier = new Date('2026-11-28T11:00:00Z');
  await p.repo.save(seizure(), earlier);
  await p.repo.save(seizure(), NOW);
  expect((await p.engine.run()).outcome).toBe('failed');
  const [row] = await p.reported();
  expect(row?.pending).toBe(2);
  // Saved an hour before the other: the age the supervisor's list shows is the oldest's.
  expect(Date.parse(row?.oldestPendingAt ?? '')).toBe(earlier.getTime());
});

it('sends no report when the server could not be reached at all', async () => {
  const p = await phone((url) => (url.pathname.endsWith('/sync/push') ? 'network' : 'ok'));
  await p.repo.save(seizure(), NOW);
  expect((await p.engine.run()).outcome).toBe('failed');
  expect(p.wire.delivered).not.toContain('/api/v1/sync/device-report');
  expect(await p.reported()).toEqual([]);
});

it('a refused report fails neither the run nor anything saved', async () => {
  const p = await phone((url) => (url.pathname.endsWith('/device-report') ? 400 : 'ok'));
  await p.repo.save(seizure(), NOW);
  const run = await p.engine.run();
  expect(run).toMatchObject({ outcome: 'synced', pushed: 1 });
  expect(await p.reported()).toEqual([]);
});

it('reports a count with its time, or neither, as the server requires', async () => {
  const at = new Date('2026-11-30T12:00:00Z');
  expect(deviceReportOf('d', { count: 0, oldest: '2026-11-29T10:00:00-07:00' }, at)).toEqual({ deviceId: 'd', pending: 0, oldestPendingAt: null });
  expect(deviceReportOf('d', { count: 3, oldest: '2026-11-29T10:00:00-07:00' }, at)).toEqual({ deviceId: 'd', pending: 3, oldestPendingAt: '2026-11-29T10:00:00-07:00' });
  expect(deviceReportOf('d', { count: 1 }, at)).toEqual({ deviceId: 'd', pending: 1, oldestPendingAt: at.toISOString() });
  const refused = await reportDevice({ pending: async () => ({ count: 0 }), send: () => Promise.reject(new TransportError('refused', 400)) }, async () => 'd', at);
  expect(refused).toBe(false);
});
