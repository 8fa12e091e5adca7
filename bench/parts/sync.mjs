/**
 * 5. Sync throughput: `syncRecords` seizures pushed by one browser (the real sync engine over
 * HTTP) to the real server, then pulled by a second browser, on SQLite and on PostgreSQL;
 * against the server's raw batched insert rate on the same kind of database, and against
 * PouchDB (pouchdb-browser in the same Chromium, replicating to express-pouchdb on loopback),
 * all in this run. Also local writes, one record at a time, against raw IndexedDB.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildAppOnce, pagesDir } from '../lib/build.mjs';
import { call, launchDevice, openBenchPage } from '../lib/browser.mjs';
import { BENCH_DIR, log, onCleanup, settings } from '../lib/common.mjs';
import { makeSeizure } from '../lib/records.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, openStore, seedAccounts, startServer } from '../lib/server.mjs';

/* global clearTimeout, crypto, performance, process, setTimeout */

async function startPouchServer(dir) {
  const child = spawn(process.execPath, [path.join(BENCH_DIR, 'lib', 'pouch-server.mjs'), dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`PouchDB server exited with ${code}: ${err}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(stop);
  return { url, stop };
}

/**
 * The server's floor on this database: `count` rows of revisions + records (the same bodies)
 * written by multi-row INSERTs of 100 rows, one transaction per batch, through the server's own
 * database layer (Kysely over better-sqlite3 / pg, same pragmas), with none of the API around it.
 */
async function rawInsertRate(kind, count) {
  const database = await freshDatabase(kind);
  const store = await openStore(database);
  try {
    const db = store.db;
    const userId = (await seedUser(store)).id;
    const started = performance.now();
    for (let start = 0; start < count; start += 100) {
      const at = new Date().toISOString();
      const rows = Array.from({ length: Math.min(100, count - start) }, (_, i) => {
        const r = makeSeizure(start + i, { firearms: 5, seed: 0x7a3 });
        return { r, body: JSON.stringify(r) };
      });
      await db.transaction().execute(async (trx) => {
        const seqs = await trx
          .insertInto('revisions')
          .values(rows.map(({ r, body }) => ({ record_id: r.id, revision: 1, agency_code: 'ATF', mutation_id: crypto.randomUUID(), body, author_user_id: userId, device_id: 'raw', received_at: at })))
          .returning('seq')
          .execute();
        await trx
          .insertInto('records')
          .values(rows.map(({ r, body }, i) => ({ record_id: r.id, agency_code: 'ATF', revision: 1, body, created_by: 'raw', created_at: at, updated_at: at, last_seq: seqs[i].seq })))
          .execute();
      });
    }
    const ms = performance.now() - started;
    return (count / ms) * 1000;
  } finally {
    await store.db.destroy();
  }
}

async function seedUser(store) {
  const id = crypto.randomUUID();
  await store.users.add({ id, username: `raw.${id.slice(0, 8)}`, passwordHash: 'x', role: 'officer', agencyCode: 'ATF' }, new Date());
  return { id };
}

/** One PouchDB run: local writes, then `n` documents pushed by device A and pulled by device B. */
async function pouchWorkload(url, n, encrypted) {
  const label = encrypted ? 'encrypted pouchdb' : 'pouchdb';
  const remote = `${url}/${encrypted ? 'seizures-sealed' : 'seizures'}`;
  const pa = await launchDevice(`${encrypted ? 'epouch' : 'pouch'}-a`);
  const pb = await launchDevice(`${encrypted ? 'epouch' : 'pouch'}-b`);
  try {
    const pageA = await openBenchPage(pa.context, `${url}/bench/pouch.html`);
    const lw = await call(pageA, 'localWrite', { count: settings.localWrites, chunk: 100, firearms: 5, encrypted });
    await call(pageA, 'seed', { name: 'device', count: n, firearms: 5, encrypted });
    log(`${label}: pushing ${n}`);
    const up = await call(pageA, 'replicate', { name: 'device', remote, direction: 'to' });
    const pageB = await openBenchPage(pb.context, `${url}/bench/pouch.html`);
    log(`${label}: pulling ${n}`);
    const down = await call(pageB, 'replicate', { name: 'device', remote, direction: 'from' });
    if (up.docsWritten !== n || down.localDocs !== n) throw new Error(`${label} moved ${up.docsWritten} up and holds ${down.localDocs} down, not ${n}`);
    const seen = await call(pageB, 'inspect', { name: 'device', remote, encrypted });
    if (seen.storedSealed !== encrypted || seen.serverSealed !== encrypted || !seen.readable) throw new Error(`${label}: a document is not as it should be: ${JSON.stringify(seen)}`);
    const result = { lw, pushRate: (n / up.ms) * 1000, pullRate: (n / down.ms) * 1000, d2d: (up.ms + down.ms) / 1000 };
    log(`${label}:`, JSON.stringify({ push: result.pushRate, pull: result.pullRate, d2d: result.d2d }));
    return result;
  } finally {
    await pa.close();
    await pb.close();
  }
}

export async function runSync() {
  const { outDir } = await buildAppOnce();
  const n = settings.syncRecords;

  // PouchDB, in clear and encrypted: local writes, then device A replicates to the server, device B from it.
  const pouchServer = await startPouchServer(pagesDir(outDir));
  const pouch = {};
  try {
    for (const encrypted of [false, true]) pouch[encrypted ? 'encrypted' : 'clear'] = await pouchWorkload(pouchServer.url, n, encrypted);
  } finally {
    await pouchServer.stop();
  }

  let localDone = false;
  for (const kind of settings.dialects) {
    const rawRate = await rawInsertRate(kind, n);
    log(`raw batched insert on ${kind}: ${rawRate.toFixed(0)} records/s`);
    const database = await freshDatabase(kind);
    const [a, b] = await seedAccounts(database, { agencies: 1, users: 2, devicesPerUser: 1 });
    const server = await startServer(database, { distDir: outDir, logLevel: 'info' });
    const da = await launchDevice(`sync-a-${kind}`, { serviceWorkers: 'block' });
    const db = await launchDevice(`sync-b-${kind}`, { serviceWorkers: 'block' });
    try {
      const pageA = await openBenchPage(da.context, `${server.url}/bench/device.html`);
      if (!localDone) {
        const lw = await call(pageA, 'localWrite', { count: settings.localWrites, chunk: 100, firearms: 5 });
        const ours = (lw.count / lw.appMs) * 1000;
        const raw = (lw.count / lw.rawMs) * 1000;
        const rawSealed = (lw.count / lw.sealedMs) * 1000;
        const pouchRate = (p) => (p.lw.count / p.lw.pouchMs) * 1000;
        const how = `${lw.count} seizures with 5 firearms saved one at a time (one strict transaction each), in chunks of 100 whose order rotates with the baselines'`;
        record({ name: 'local write: ours (save) vs encrypted PouchDB', value: ours, unit: 'records/s', baseline: pouchRate(pouch.encrypted), budget: '≥ 1.5x encrypted PouchDB', check: (_v, ratio) => ratio >= 1.5, note: `${how}; baseline: the same records, db.put one at a time in the PouchDB page through transform-pouch sealing each document with WebCrypto AES-GCM-256 (bench/page/pouch.js).` });
        record({ name: 'local write: ours (save) vs raw sealed IndexedDB', value: ours, unit: 'records/s', baseline: rawSealed, budget: '≥ 0.7x raw sealed', check: (_v, ratio) => ratio >= 0.7, note: `${how}; baseline: one raw strict transaction per record putting the same seizure, sync state and outbox rows sealed by the app's own sealing code (bench/page/raw-sealed.ts), the cipher counted.` });
        record({ name: 'local write: ours (save) vs raw clear IndexedDB', value: ours, unit: 'records/s', baseline: raw, budget: 'report only', note: 'the same saves against one raw strict transaction per record putting the row and outbox entry in clear.' });
        record({ name: 'local write: ours vs clear PouchDB', value: ours, unit: 'records/s', baseline: pouchRate(pouch.clear), budget: 'report only', note: 'PouchDB with its defaults, no encryption.' });
        record({ name: 'local write: clear PouchDB (put) vs raw IndexedDB', value: pouchRate(pouch.clear), unit: 'records/s', baseline: (pouch.clear.lw.count / pouch.clear.lw.rawMs) * 1000, budget: 'report only', note: 'same records, db.put one at a time in the PouchDB page, raw baseline in that page.' });
        localDone = true;
      }
      const user = { id: 'x', username: 'bench.user0', role: 'officer', agency: { code: a.agencyCode, name: a.agencyCode } };
      await call(pageA, 'seedOutbox', { count: n, firearms: 5 });
      log(`${kind}: device A pushing ${n}`);
      const up = await call(pageA, 'syncRun', { token: a.token, user, deviceId: a.deviceId });
      if (up.report.pushed !== n || up.outbox !== 0) throw new Error(`push: ${JSON.stringify(up.report)}, outbox ${up.outbox}`);
      const pageB = await openBenchPage(db.context, `${server.url}/bench/device.html`);
      await call(pageB, 'deleteDatabase', 'traceready');
      log(`${kind}: device B pulling`);
      const down = await call(pageB, 'syncRun', { token: b.token, user: { ...user, username: 'bench.user1' }, deviceId: b.deviceId });
      if (down.rows !== n || down.synced !== n) throw new Error(`pull: ${JSON.stringify(down.report)}, rows ${down.rows}`);
      const pushRate = (n / up.pushMs) * 1000;
      const pullRate = (n / down.pullMs) * 1000;
      const d2d = (up.pushMs + down.pullMs) / 1000;
      const seconds = (ms = 0) => `${(ms / 1000).toFixed(1)} s`;
      const pushSteps = `reading the next batch ${seconds(up.steps.nextBatch)}, marking it as sending ${seconds(up.steps.markSending)}, the server's answers ${seconds(up.steps['server push'])}, recording them ${seconds(up.steps.recordResults)}`;
      const pushNote = `createSyncEngine().run() on device A: ${up.pushes} pushes of ≤ 100 (${pushSteps}); then its own pull of the ${n} took ${seconds(up.pullMs)}.`;
      const count = n.toLocaleString('en-US');
      const peers = [
        ['encrypted PouchDB', pouch.encrypted, 2],
        ['clear PouchDB', pouch.clear, 1],
      ];
      for (const [peer, p, times] of peers) {
        const first = p === pouch.encrypted;
        record({ name: `sync ${kind}: push ${count} vs ${peer}`, value: pushRate, unit: 'records/s', baseline: p.pushRate, budget: `≥ ${times}x ${peer}`, check: (_v, ratio) => ratio >= times, ...(first && { note: `${pushNote} Baseline: PouchDB replicate.to of the same documents, sealed with WebCrypto AES-GCM-256 by transform-pouch, the server holding ciphertext.` }) });
      }
      record({ name: `sync ${kind}: push vs server raw batched insert`, value: pushRate, unit: 'records/s', baseline: rawRate, budget: 'report only', note: 'baseline: multi-row INSERTs of 100 revisions + records per transaction through Kysely on a fresh database of the same kind, in this process.' });
      for (const [peer, p, times] of peers) {
        const first = p === pouch.encrypted;
        record({ name: `sync ${kind}: pull ${count} vs ${peer}`, value: pullRate, unit: 'records/s', baseline: p.pullRate, budget: `≥ ${times}x ${peer}`, check: (_v, ratio) => ratio >= times, ...(first && { note: `device B, empty: ${down.pulls} pages of ≤ 500; applying them (sealing, hashing, writing) took ${seconds(down.steps.applyPulled)} of the ${seconds(down.pullMs)}. Baseline: PouchDB replicate.from, storing the ciphertext as received (opened when read).` }) });
      }
      record({ name: `sync ${kind}: device to device ${count} vs clear PouchDB`, value: d2d, unit: 's', baseline: pouch.clear.d2d, budget: '≤ 1x clear PouchDB', check: (_v, ratio) => ratio <= 1, note: 'push on A + pull on B; baseline: PouchDB (clear) replicate.to + replicate.from.' });
      record({ name: `sync ${kind}: device to device ${count} vs encrypted PouchDB`, value: d2d, unit: 's', baseline: pouch.encrypted.d2d, budget: 'report only' });
    } finally {
      await da.close();
      await db.close();
      await server.stop();
    }
  }
}
