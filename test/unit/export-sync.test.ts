/**
 * A device's exports reach the server's audit chain at sync, through the real engine and the
 * real server (in process, SQLite), whatever the network does meanwhile: each export is one
 * `export` event, never none and never two, and the device keeps nothing once they are in.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { verifyChain } from '../../src/server/audit/chain';
import { createExportLog, createSyncStore } from '../../src/storage';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport } from '../../src/sync/transport';
import { useServer } from '../server/helpers/app';
import { faultyFetch, injectFetch, type Fault } from './support/inject-fetch';
import { freshDatabases } from './support/device-databases';

const server = useServer('sqlite');
const freshDb = freshDatabases('export-sync').unlocked;

it('writes each export made offline into the audit chain once, through lost answers and dropped requests', async () => {
  const user = await server().user('exports.device', 'CBP');
  const db = freshDb();
  const store = createSyncStore(db);
  const log = createExportLog(db);
  await store.saveSession({ token: user.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: user.id, username: user.username, role: 'officer', agency: { code: 'CBP', name: 'CBP' } } });
  // The first report's answer is lost after the server committed it, the second never arrives.
  let reports = 0;
  const faults = (url: URL): Fault => (url.pathname.endsWith('/exports/device') ? (['lostAck', 'network'][reports++] as Fault | undefined) ?? 'ok' : 'ok');
  const wire = faultyFetch(injectFetch(server().app), faults);
  const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: wire.fetch });
  const engine = createSyncEngine({ store, transport, deviceId: async () => 'phone-7', random: () => 0.5, exports: { log, send: (body) => transport.reportExports(body) } });

  const made = [0, 1, 2].map((i) => ({
    exportId: randomUUID(),
    at: `2026-11-28T09:0${i}:00-07:00`,
    format: 'csv' as const,
    language: 'en' as const,
    filter: { kind: 'selected' as const },
    seizures: 1,
    rows: i + 1,
  }));
  for (const report of made) await log.record(report);

  const outcomes: string[] = [];
  for (let run = 0; run < 5 && (await log.pendingCount()) > 0; run++) outcomes.push((await engine.run()).outcome);
  expect(outcomes).toEqual(['failed', 'failed', 'synced']);
  expect(await log.pendingCount()).toBe(0);

  const events = [];
  for await (const page of server().app.store.audit.pages()) events.push(...page.filter((row) => row.action === 'export'));
  expect(events.map((e) => [e.subject, e.actorUserId, e.deviceId, JSON.parse(e.details).rows])).toEqual(made.map((m) => [m.exportId, user.id, 'phone-7', m.rows]));
  expect(await verifyChain(server().app.store.audit.pages())).toMatchObject({ ok: true });
});
