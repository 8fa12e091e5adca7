/**
 * 9. Supervisor queries and deconfliction (docs/supervisor.md): serial search (typed with O for 0
 * and a hyphen), a broad search (maker and a date range), the trace-readiness dashboard over a
 * year and the alert list, through the real server process over HTTP, at 100,000 and 1,000,000
 * firearms (BENCH_SUPERVISOR_SIZES), on SQLite and PostgreSQL, p50 and p95; then what the
 * deconfliction check adds to a push, against the same push with the check left out, in the same
 * process and run. Report only: no budget.
 *
 * The data is written straight into the tables in SQL, as the growth part does: records spread
 * over 10 agencies (growth.mjs fill), two index rows per record (bench/parts/supervisor-fill.mjs)
 * with distinct serials, one in 500 firearms the same gun as another agency's, a third of them not
 * trace-ready with a gap, and an alert for each such pair.
 */
/* global crypto, fetch, performance, process */
import { log, median, percentile, settings } from '../lib/common.mjs';
import { makeSeizure } from '../lib/records.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, openStore, seedAccounts, startServer } from '../lib/server.mjs';
import { fill } from './growth.mjs';
import { BENCH_MAKERS, fillIndex, makerOfIndex, serialOfIndex } from './supervisor-fill.mjs';

const AGENCIES = 10;
const SIZES = (process.env.BENCH_SUPERVISOR_SIZES ?? '100000,1000000').split(',').map(Number);
const QUERIES = Math.max(settings.queries, 100);
const PUSHES = Number(process.env.BENCH_SUPERVISOR_PUSHES ?? 200);

const label = (size) => (size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`);
// What an officer types for a serial read off the gun: 0 as O and a hyphen after the prefix.
const typed = (serial) => `${serial.slice(0, 2)}-${serial.slice(2).replaceAll('0', 'O')}`;

async function timedGet(url, token) {
  const t0 = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return { ms: performance.now() - t0, body };
}

async function measure(name, size, kind, count, ask, note) {
  const times = [];
  for (let i = 0; i < count; i++) times.push(await ask(i));
  record({ name: `supervisor ${kind} ${label(size)}: ${name}, p50`, value: median(times), unit: 'ms', note });
  record({ name: `supervisor ${kind} ${label(size)}: ${name}, p95`, value: percentile(times, 95), unit: 'ms' });
}

/** The HTTP queries of one size: the supervisor is in the first agency. */
async function queries(server, supervisor, size, kind) {
  const records = size / 2;
  const base = `${server.url}/api/v1`;
  // Firearm m belongs to record floor(m / 2), whose agency is the (record % 10)th: the supervisor's when that is 0.
  const ownFirearm = (i) => ((i * 7919) % Math.floor(records / AGENCIES)) * AGENCIES * 2 + (i % 2);
  await measure('serial search, O for 0', size, kind, QUERIES, async (i) => {
    const { ms, body } = await timedGet(`${base}/supervisor/firearms?serial=${encodeURIComponent(typed(serialOfIndex(ownFirearm(i))))}`, supervisor.token);
    if (body.hits.length < 1) throw new Error(`no hit for ${typed(serialOfIndex(ownFirearm(i)))}`);
    return ms;
  }, `GET /supervisor/firearms?serial=XK-OOO…: one of the agency's ${(size / AGENCIES).toLocaleString('en-US')} firearms by match key, each time another`);
  await measure('maker and 30 days, first page', size, kind, QUERIES, async (i) => {
    const from = new Date(Date.UTC(2025, 0, 1 + (i % 300))).toISOString().slice(0, 10);
    const to = new Date(Date.UTC(2025, 0, 31 + (i % 300))).toISOString().slice(0, 10);
    return (await timedGet(`${base}/supervisor/firearms?maker=${encodeURIComponent(BENCH_MAKERS[i % BENCH_MAKERS.length])}&from=${from}&to=${to}`, supervisor.token)).ms;
  }, 'GET /supervisor/firearms?maker=…&from=…&to=…, a page of 25');
  await measure('a maker the agency holds none of', size, kind, Math.ceil(QUERIES / 4), async () => {
    const { ms, body } = await timedGet(`${base}/supervisor/firearms?maker=Beretta`, supervisor.token);
    if (body.hits.length !== 0) throw new Error('the bench data holds no Beretta');
    return ms;
  }, 'GET /supervisor/firearms?maker=Beretta: an empty answer, which must not read the whole agency to find so');
  await measure('dashboard, one year', size, kind, Math.ceil(QUERIES / 4), async () => (await timedGet(`${base}/supervisor/dashboard?from=2025-01-01&to=2025-12-31`, supervisor.token)).ms, 'GET /supervisor/dashboard?from=2025-01-01&to=2025-12-31 (counts, gaps, oldest ready not requested)');
  await measure('alert list', size, kind, QUERIES, async () => (await timedGet(`${base}/deconfliction/alerts`, supervisor.token)).ms, `GET /deconfliction/alerts: the agency's share of ${Math.round(size / 500).toLocaleString('en-US')} alerts`);
}

/**
 * What the check adds to a push: pushes of one two-firearm record, every other one the same gun
 * as another agency's firearm, through the app in this process (inject), alternating with and
 * without the check (the locked store's deconfliction.detect answering nothing) so both meet the
 * same database state.
 */
async function pushCost(database, officer, size, kind) {
  const { buildApp } = await import('../../src/server/app.ts');
  const app = await buildApp({ database: database.config });
  const withCheck = [];
  const without = [];
  try {
    const store = app.store;
    const writeLocked = store.writeLocked.bind(store);
    let skip = false;
    store.writeLocked = (work) => writeLocked((tx) => work(skip ? { ...tx, deconfliction: { ...tx.deconfliction, detect: async () => [] } } : tx));
    for (let i = 0; i < PUSHES; i++) {
      const rec = makeSeizure(i, { firearms: 2, seed: 0x5e0 + size, agency: officer.agencyCode });
      // The same gun as firearm m of another agency (record floor(m / 2) % 10 is not the officer's), maker included.
      const m = ((i * 104729) % (size / 2 - 20)) * 2;
      rec.firearms[0] = { ...rec.firearms[0], manufacturer: makerOfIndex(m), serialNumber: i % 2 === 0 ? serialOfIndex(m) : `XK9${String(i).padStart(7, '0')}` };
      skip = i % 4 >= 2;
      const payload = { deviceId: officer.deviceId, mutations: [{ mutationId: crypto.randomUUID(), recordId: rec.id, baseRevision: null, record: rec }] };
      const t0 = performance.now();
      const response = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${officer.token}` }, payload });
      const ms = performance.now() - t0;
      if (response.statusCode !== 200 || response.json().results[0].status !== 'applied') throw new Error(`push answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
      (skip ? without : withCheck).push(ms);
    }
  } finally {
    await app.close();
  }
  record({
    name: `supervisor ${kind} ${label(size)}: push of one record with the deconfliction check, p50`,
    value: median(withCheck),
    unit: 'ms',
    baseline: median(without),
    note: `${PUSHES} single-record pushes (2 firearms, every other one matching another agency's gun), in turn with and without the check (same process, app.inject); p95 ${percentile(withCheck, 95).toFixed(1)} vs ${percentile(without, 95).toFixed(1)} ms. Baseline: without the check.`,
  });
}

export async function runSupervisor() {
  for (const kind of settings.dialects) {
    for (const size of SIZES) {
      const database = await freshDatabase(kind);
      const accounts = await seedAccounts(database, { agencies: AGENCIES, users: AGENCIES, devicesPerUser: 1 });
      const [supervisor, officer] = accounts;
      const store = await openStore(database);
      await store.db.updateTable('users').set({ role: 'supervisor' }).where('id', '=', supervisor.userId).execute();
      await store.db.destroy();
      const codes = [...new Set(accounts.map((a) => a.agencyCode))];
      const fillSeconds = await fill(database, size / 2, codes, supervisor.userId);
      const indexSeconds = await fillIndex(database, size);
      log(`supervisor ${kind} ${label(size)}: records in ${fillSeconds.toFixed(0)} s, index and alerts in ${indexSeconds.toFixed(0)} s`);
      const server = await startServer(database, { logLevel: 'warn' });
      try {
        await queries(server, supervisor, size, kind);
      } finally {
        await server.stop();
      }
      await pushCost(database, officer, size, kind);
    }
  }
}
