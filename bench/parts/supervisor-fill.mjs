/**
 * The supervisor part's data (supervisor.mjs), in SQL: for records filled by growth.mjs (record n
 * is the one whose revision seq is n + 1), two `firearms` index rows each, firearm m = 2n + k with
 * serial XK + m in 8 digits and the maker of its twenty, except that one in 500 takes the serial and maker of firearm m - 2 (a
 * record of the next agency: the same gun held twice); recovered on one of 700 days from
 * 1 Jan 2025; a third not trace-ready with an `importer` gap; then the alert of each such pair
 * and the views of both agencies, as deconfliction would have made them.
 */
/* global performance */
import pg from 'pg';
import { makerKey } from '../../src/domain/keys.ts';

export const BENCH_MAKERS = ['Glock', 'Smith & Wesson', 'Colt', 'Ruger', 'Sig Sauer'];
const MAKER_KEYS = BENCH_MAKERS.map((name) => makerKey(name));

const twinOf = (m) => (m % 500 === 10 ? m - 2 : m);
export const serialOfIndex = (m) => `XK${String(twinOf(m)).padStart(8, '0')}`;
// By twenties, so that each agency (every tenth record, every twentieth pair of firearms) holds every maker.
export const makerOfIndex = (m) => BENCH_MAKERS[Math.floor(twinOf(m) / 20) % BENCH_MAKERS.length];

const CHUNK = 100_000;

/** SQL of the index rows of records with seq in (lo, hi]: `{m}` is the firearm number, dialect-specific pieces passed in. */
function indexInsert({ pad8, uuid9, day, state }) {
  const b = `(case when m % 500 = 10 then m - 2 else m end)`;
  const maker = `(case (${b} / 20) % 5 ${MAKER_KEYS.map((key, i) => `when ${i} then '${key}'`).join(' ')} end)`;
  return `insert into firearms (firearm_id, record_id, agency_code, item_number, serial_key, maker_key, case_key, recovered_on, state, municipality, record_status, trace_ready, last_seq)
    select ${uuid9}, record_id, agency_code, k + 1, 'XK' || ${pad8(b)}, ${maker}, 'CASE' || n, ${day}, ${state}, null, 'ready', case when m % 3 = 0 then 0 else 1 end, last_seq
    from (select r.record_id, r.agency_code, r.last_seq, r.last_seq - 1 as n, k.k, (r.last_seq - 1) * 2 + k.k as m
          from records r cross join (select 0 as k union all select 1) k where r.last_seq > $lo and r.last_seq <= $hi) x`;
}

const GAPS = `insert into firearm_gaps (record_id, firearm_id, agency_code, recovered_on, kind, item)
  select record_id, firearm_id, agency_code, recovered_on, 'missing', 'importer' from firearms where trace_ready = 0`;

/** One alert per pair of firearms with the same maker and serial key; ids made from the newer firearm's. */
const alerts = (idOf) => `insert into deconfliction_alerts (id, pair_key, kind, maker_key, serial_key, record_a, firearm_a, agency_a, record_b, firearm_b, agency_b, created_at)
  select ${idOf}, g.record_id || ':' || g.firearm_id || '|' || f.record_id || ':' || f.firearm_id, 'other_agency', f.maker_key, f.serial_key,
         g.record_id, g.firearm_id, g.agency_code, f.record_id, f.firearm_id, f.agency_code, '2026-11-20T00:00:00.000Z'
  from firearms f join firearms g on g.maker_key = f.maker_key and g.serial_key = f.serial_key and g.record_id < f.record_id`;
const VIEWS = `insert into deconfliction_views (alert_id, agency_code, created_at)
  select id, agency_a, created_at from deconfliction_alerts union all select id, agency_b, created_at from deconfliction_alerts`;

/** Fills the index, gaps and alerts for `firearms` firearms (two per record); returns seconds. */
export async function fillIndex(database, firearms) {
  const started = performance.now();
  const records = firearms / 2;
  if (database.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.config.file);
    db.pragma('journal_mode = WAL');
    const insert = db.prepare(
      indexInsert({
        pad8: (x) => `printf('%08d', ${x})`,
        uuid9: `printf('%08x-0000-4000-8000-%012x', 9, m)`,
        day: `date('2025-01-01', '+' || (n % 700) || ' days')`,
        state: `printf('%02d', n % 32 + 1)`,
      }).replace('$lo', '?').replace('$hi', '?'),
    );
    for (let lo = 0; lo < records; lo += CHUNK) db.transaction(() => insert.run(lo, Math.min(records, lo + CHUNK)))();
    db.transaction(() => {
      db.exec(GAPS);
      db.exec(alerts(`'0000000a' || substr(f.firearm_id, 9)`));
      db.exec(VIEWS);
    })();
    db.exec('analyze');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    const sql = indexInsert({
      pad8: (x) => `lpad(${x}::text, 8, '0')`,
      uuid9: `'00000009-0000-4000-8000-' || lpad(to_hex(m), 12, '0')`,
      day: `to_char(date '2025-01-01' + (n % 700)::int, 'YYYY-MM-DD')`,
      state: `lpad((n % 32 + 1)::text, 2, '0')`,
    })
      .replace('$lo', '$1')
      .replace('$hi', '$2');
    for (let lo = 0; lo < records; lo += CHUNK) await client.query(sql, [lo, Math.min(records, lo + CHUNK)]);
    await client.query('begin');
    await client.query(GAPS);
    await client.query(alerts(`'0000000a' || substr(f.firearm_id, 9)`));
    await client.query(VIEWS);
    await client.query('commit');
    // What autovacuum does to a table in service: without its visibility map, PostgreSQL reads
    // the table behind every index-only scan (the dashboard's counts).
    await client.query('vacuum analyze');
    await client.end();
  }
  return (performance.now() - started) / 1000;
}
