/**
 * 7. Server growth: pull (and single-record push) latency through the real server process with
 * 10k and 1M stored records, on SQLite and PostgreSQL. The records are written straight into the
 * tables in SQL (generated rows, a real seizure body with its id replaced), spread over 10
 * agencies; then the server starts on that database and is asked over HTTP.
 */
/* global crypto, fetch, performance */
import pg from 'pg';
import { log, median, percentile, settings } from '../lib/common.mjs';
import { makeSeizure } from '../lib/records.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, openStore, seedAccounts, startServer } from '../lib/server.mjs';

const AGENCIES = 10;
const ID = '00000000-0000-4000-8000-000000000000';

/**
 * Fills revisions + records with `count` rows, in SQL, in chunks, spread over `agencyCodes` in
 * turn; returns seconds taken. The export part (export.mjs) fills its database with it too.
 */
export async function fill(database, count, agencyCodes, userId) {
  const body = JSON.stringify(makeSeizure(0, { firearms: 2 })).replaceAll(ID, '§ID§');
  const started = performance.now();
  const chunk = 100_000;
  if (database.kind === 'sqlite') {
    const store = await openStore(database);
    await store.db.destroy();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.config.file);
    db.pragma('journal_mode = WAL');
    db.exec('create temp table bench_agency (i integer primary key, code text)');
    agencyCodes.forEach((code, i) => db.prepare('insert into bench_agency values (?, ?)').run(i, code));
    for (let start = 0; start < count; start += chunk) {
      const end = Math.min(count, start + chunk);
      db.exec('begin');
      db.prepare(
        `with recursive s(n) as (select ? union all select n + 1 from s where n + 1 < ?)
         insert into revisions (record_id, revision, agency_code, mutation_id, body, author_user_id, device_id, received_at)
         select printf('%08x-0000-4000-8000-%012x', 7, n), 1, (select code from bench_agency where i = n % ${agencyCodes.length}),
                printf('%08x-0000-4000-8000-%012x', 8, n), replace(?, '§ID§', printf('%08x-0000-4000-8000-%012x', 7, n)), ?, 'growth',
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now') from s`,
      ).run(start, end, body, userId);
      db.prepare(
        `insert into records (record_id, agency_code, revision, body, created_by, created_at, updated_at, last_seq)
         select record_id, agency_code, revision, body, 'growth', received_at, received_at, seq from revisions where seq > ?`,
      ).run(start);
      db.exec('commit');
    }
    db.close();
  } else {
    const store = await openStore(database);
    await store.db.destroy();
    const client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    const codes = `array[${agencyCodes.map((c) => `'${c}'`).join(',')}]`;
    for (let start = 0; start < count; start += chunk) {
      const end = Math.min(count, start + chunk);
      await client.query('begin');
      await client.query(
        `insert into revisions (record_id, revision, agency_code, mutation_id, body, author_user_id, device_id, received_at)
         select '00000007-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), 1, (${codes})[n % ${agencyCodes.length} + 1],
                '00000008-0000-4000-8000-' || lpad(to_hex(n), 12, '0'), replace($3, '§ID§', '00000007-0000-4000-8000-' || lpad(to_hex(n), 12, '0')), $4, 'growth',
                to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
         from generate_series($1::bigint, $2::bigint - 1) as n`,
        [start, end, body, userId],
      );
      await client.query(
        `insert into records (record_id, agency_code, revision, body, created_by, created_at, updated_at, last_seq)
         select record_id, agency_code, revision, body, 'growth', received_at, received_at, seq from revisions where seq > $1`,
        [start],
      );
      await client.query('commit');
    }
    await client.query('analyze');
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

/** One supervisor's agency holding `count` records (the fill above): what the export and links parts ask about. */
export async function supervisorWithRecords(database, count) {
  const [device] = await seedAccounts(database, { agencies: 1, users: 1, devicesPerUser: 1 });
  const store = await openStore(database);
  await store.db.updateTable('users').set({ role: 'supervisor' }).where('id', '=', device.userId).execute();
  await store.db.destroy();
  return { device, seconds: await fill(database, count, [device.agencyCode], device.userId) };
}

/** How the database runs the pull query (records of one agency after a cursor, in seq order). */
async function pullPlan(database, agency, cursor) {
  const query = `select * from records where agency_code = '${agency}' and last_seq > ${cursor} order by last_seq limit 101`;
  if (database.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.config.file, { readonly: true });
    try {
      return db.prepare(`explain query plan ${query}`).all().map((row) => row.detail).join('; ');
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.config.url });
  await client.connect();
  try {
    const { rows } = await client.query(`explain (analyze, buffers, costs off) ${query}`);
    return rows.map((row) => row['QUERY PLAN'].trim()).filter((line) => !/^Planning|^Buffers: shared hit=\d+$/.test(line)).slice(0, 6).join('; ');
  } finally {
    await client.end();
  }
}

async function timed(fn) {
  const t0 = performance.now();
  const res = await fn();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
  return performance.now() - t0;
}

export async function runGrowth() {
  const sizes = [...settings.growthSizes].sort((a, b) => a - b);
  for (const kind of settings.dialects) {
    const figures = {};
    for (const size of sizes) {
      const database = await freshDatabase(kind);
      const devices = await seedAccounts(database, { agencies: AGENCIES, users: AGENCIES, devicesPerUser: 1 });
      log(`growth ${kind}: filling ${size.toLocaleString('en-US')} records`);
      const seconds = await fill(
        database,
        size,
        devices.map((d) => d.agencyCode),
        devices[0].userId,
      );
      log(`growth ${kind}: filled in ${seconds.toFixed(1)} s`);
      const server = await startServer(database, { logLevel: 'warn' });
      try {
        const auth = (d) => ({ authorization: `Bearer ${d.token}` });
        const pull = [];
        const head = [];
        const push = [];
        // Warm up the connection and the caches a little, as a running server has them.
        for (let i = 0; i < 10; i++) await timed(() => fetch(`${server.url}/api/v1/sync/pull?limit=100`, { headers: auth(devices[i % AGENCIES]) }));
        for (let k = 0; k < settings.growthQueries; k++) {
          const d = devices[k % AGENCIES];
          const cursor = Math.floor(((k * 2654435761) % 4294967296) / 4294967296 * size);
          pull.push(await timed(() => fetch(`${server.url}/api/v1/sync/pull?limit=100&cursor=${cursor}`, { headers: auth(d) })));
          if (k % 4 === 0) head.push(await timed(() => fetch(`${server.url}/api/v1/sync/pull?limit=100&cursor=${size + 1_000_000}`, { headers: auth(d) })));
          if (k % 4 === 0) {
            const rec = makeSeizure(k, { firearms: 2, seed: 0x9e0 + size, agency: d.agencyCode });
            const body = JSON.stringify({ deviceId: d.deviceId, mutations: [{ mutationId: crypto.randomUUID(), recordId: rec.id, baseRevision: null, record: rec }] });
            push.push(await timed(() => fetch(`${server.url}/api/v1/sync/push`, { method: 'POST', headers: { ...auth(d), 'content-type': 'application/json' }, body })));
          }
        }
        figures[size] = { pull: percentile(pull, 95), pull50: median(pull), head: median(head), push: median(push), fillSeconds: seconds, plan: await pullPlan(database, devices[1].agencyCode, Math.floor(size / 2)) };
      } finally {
        await server.stop();
      }
    }
    const small = figures[sizes[0]];
    for (const size of sizes) {
      const f = figures[size];
      const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
      const first = size === sizes[0];
      const rel = (key, name, unit, note) =>
        record({
          name: `growth ${kind} @${label}: ${name}`,
          value: f[key],
          unit,
          ...(!first && { baseline: small[key] }),
          budget: first ? 'report only' : `≤ 2x @${sizes[0] / 1000}k`,
          check: (_v, ratio) => first || ratio <= 2,
          note,
        });
      rel('pull', 'pull page of 100 p95', 'ms', `${settings.growthQueries} pulls from random cursors, 10 agencies, sequential over HTTP; p50 ${f.pull50.toFixed(1)} ms. Filled in SQL in ${f.fillSeconds.toFixed(0)} s. Plan of the pull query: ${f.plan}`);
      rel('head', 'pull at the head (nothing new) p50', 'ms');
      rel('push', 'push of 1 record p50', 'ms');
    }
  }
}
