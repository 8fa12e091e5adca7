/**
 * 8. Server export (docs/exports.md, docs/server.md "Exports"): a supervisor's CSV of 100,000
 * firearms (50,000 two-firearm records of one agency, written straight into the tables as the
 * growth part does) through the real server process over HTTP, on SQLite and PostgreSQL: rows
 * per second against a raw SELECT of the same records' bodies in this process, in the same run,
 * and the server's peak resident memory during the export above what it held before (sampled
 * from /proc every 20 ms), which stays flat with the export's size if the stream is constant
 * in memory. Report only: no budget.
 */
/* global fetch, performance, process, setInterval, clearInterval, TextDecoder */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { log, settings } from '../lib/common.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, startServer } from '../lib/server.mjs';
import { supervisorWithRecords } from './growth.mjs';

const FIREARMS_PER_RECORD = 2;
const FIREARMS = Number(process.env.BENCH_EXPORT_FIREARMS ?? 100_000);

const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** Every record body of the agency, read as plainly as the database allows; returns rows/s in firearms. */
async function rawSelect(database, agency) {
  const t0 = performance.now();
  let bodies = 0;
  if (database.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(database.config.file, { readonly: true });
    for (const row of db.prepare('select body from records where agency_code = ?').iterate(agency)) bodies += row.body.length > 0 ? 1 : 0;
    db.close();
  } else {
    const client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    const { rows } = await client.query('select body from records where agency_code = $1', [agency]);
    bodies = rows.length;
    await client.end();
  }
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: (bodies * FIREARMS_PER_RECORD) / seconds, seconds, bodies };
}

/** The export over HTTP, read to the end as a client would; counts lines and samples the server's memory. */
async function exportOnce(server, token) {
  const before = rssKb(server.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(server.pid))), 20);
  const t0 = performance.now();
  const response = await fetch(`${server.url}/api/v1/exports/firearms?format=csv`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let lines = 0;
  let bytes = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    bytes += chunk.length;
    // Quoted line breaks inside a cell would count too; the bench records have none.
    lines += (decoder.decode(chunk, { stream: true }).match(/\r\n/g) ?? []).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssKb(server.pid));
  return { rows: lines - 1, bytes, seconds, beforeMb: before / 1024, peakMb: peak / 1024 };
}

export async function runExport() {
  for (const kind of settings.dialects) {
    const database = await freshDatabase(kind);
    // Exports are for supervisors.
    const { device, seconds } = await supervisorWithRecords(database, FIREARMS / FIREARMS_PER_RECORD);
    log(`export ${kind}: filled ${(FIREARMS / FIREARMS_PER_RECORD).toLocaleString('en-US')} records in ${seconds.toFixed(0)} s`);
    const server = await startServer(database, { logLevel: 'warn' });
    try {
      const raw = await rawSelect(database, device.agencyCode);
      const run = await exportOnce(server, device.token);
      if (run.rows !== FIREARMS) throw new Error(`the export held ${run.rows} rows, not ${FIREARMS}`);
      record({
        name: `export ${kind}: ${FIREARMS.toLocaleString('en-US')} firearms as CSV, rows/s`,
        value: run.rows / run.seconds,
        unit: 'rows/s',
        baseline: raw.perSecond,
        note: `GET /api/v1/exports/firearms?format=csv over HTTP, read to the end: ${run.seconds.toFixed(1)} s, ${(run.bytes / 2 ** 20).toFixed(0)} MB. Baseline: a raw SELECT of the same ${raw.bodies.toLocaleString('en-US')} record bodies in the bench process (${raw.seconds.toFixed(1)} s), counted as ${FIREARMS_PER_RECORD} firearm rows each.`,
      });
      record({
        name: `export ${kind}: server memory growth during the export`,
        value: run.peakMb - run.beforeMb,
        unit: 'MB',
        note: `Peak RSS of the server process while exporting ${run.peakMb.toFixed(0)} MB, ${run.beforeMb.toFixed(0)} MB before (/proc sampled every 20 ms); the file itself is ${(run.bytes / 2 ** 20).toFixed(0)} MB.`,
      });
    } finally {
      await server.stop();
    }
  }
}
