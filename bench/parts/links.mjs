/**
 * 9. Intelligence links (docs/links.md): a supervisor's link view of one seizure (depth 1 and 2)
 * and a page of leads over a month, through the real server process over HTTP, on SQLite and
 * PostgreSQL, with 100,000 firearms stored (50,000 two-firearm records written straight into the
 * tables as the growth part does, and their link index rows computed by the server's own code,
 * store/link-keys.ts). Every record has a person shared with one or two others, two serials of
 * one dense series (each seizure is within the serial distance of ten others), a case number of
 * its own and a place; so a view finds real links, not an empty index. Report only: no budget.
 * BENCH_LINKS_FIREARMS sets the size.
 */
/* global fetch, performance, process */
import { randomUUID } from 'node:crypto';
import { log, settings } from '../lib/common.mjs';
import { makeSeizure } from '../lib/records.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, openStore, startServer } from '../lib/server.mjs';
import { supervisorWithRecords } from './growth.mjs';

const FIREARMS_PER_RECORD = 2;
const FIREARMS = Number(process.env.BENCH_LINKS_FIREARMS ?? 100_000);
const RECORDS = FIREARMS / FIREARMS_PER_RECORD;

const recordId = (n) => `00000007-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const letters = (n) => n.toString(26).replace(/[0-9a-p]/g, (c) => 'abcdefghijklmnopqrstuvwxyz'[parseInt(c, 26)]);

/** What the index is computed from, for record n: only the fields the link keys read. */
function linkBody(n) {
  const day = 1 + (n % 28);
  const month = 1 + (Math.floor(n / 28) % 12);
  return {
    agency: { caseNumber: `C-${n}` },
    possessors: [{ firstName: 'Juan', lastName: `P${letters(Math.floor(n / 2))}`, dateOfBirth: '1980-01-01' }],
    firearms: [0, 1].map((i) => ({ id: recordId(n), manufacturer: 'Colt', model: 'M4', serialNumber: `LW${String(n * 2 + i).padStart(7, '0')}` })),
    recovery: { occurredAt: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:00:00Z`, geo: { lat: 19 + (n % 1000) * 0.01, lon: -99 - Math.floor(n / 1000) * 0.01 } },
  };
}

async function fillLinks(database, agency) {
  const { recordKeyRows, insertLinkRows } = await import('../../src/server/store/link-keys.ts');
  const { sql } = await import('kysely');
  const store = await openStore(database);
  const t0 = performance.now();
  for (let start = 0; start < RECORDS; start += 5000) {
    const rows = [];
    for (let n = start; n < Math.min(RECORDS, start + 5000); n += 1) rows.push(...recordKeyRows(recordId(n), agency, linkBody(n)));
    await store.db.transaction().execute((tx) => insertLinkRows(tx, rows));
  }
  // As autovacuum would after such a load: the planner needs the index's statistics.
  if (database.kind === 'postgres') await sql`analyze link_keys`.execute(store.db);
  await store.db.destroy();
  return (performance.now() - t0) / 1000;
}

async function timed(url, token, times) {
  const seconds = [];
  let body;
  for (let i = 0; i < times; i += 1) {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    body = await response.json();
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
    seconds.push(performance.now() - t0);
  }
  seconds.sort((a, b) => a - b);
  return { median: seconds[Math.floor(seconds.length / 2)], body };
}

/**
 * What the link index adds to a push: a push's record writes (revisions, latest rows, firearms
 * index, link index: records.appendAll under the write lock) for 100 new two-firearm records,
 * ten times, and the link index's part alone (replaceRecordLinkKeys over the same records, in a
 * transaction of its own, as an edit would), in this process on the loaded database, each timed
 * without its commit.
 */
async function pushShare(database, agency, userId) {
  const { replaceRecordLinkKeys } = await import('../../src/server/store/link-keys.ts');
  const store = await openStore(database);
  let whole = 0;
  let links = 0;
  for (let round = 0; round < 10; round += 1) {
    const revisions = Array.from({ length: 100 }, (_, i) => {
      const body = { ...makeSeizure(i, { firearms: 2, seed: 100 + round }), revision: 1, createdBy: 'bench' };
      return { recordId: body.id, revision: 1, agencyCode: agency, mutationId: randomUUID(), body, authorUserId: userId, deviceId: 'bench', createdBy: 'bench', receivedAt: new Date() };
    });
    // Timed inside each transaction, so neither figure holds a commit.
    await store.writeLocked(async (tx) => {
      const t0 = performance.now();
      await tx.records.appendAll(revisions);
      whole += performance.now() - t0;
    });
    await store.db.transaction().execute(async (tx) => {
      const t1 = performance.now();
      await replaceRecordLinkKeys(tx, revisions.map((r) => ({ recordId: r.recordId, agencyCode: agency, body: r.body })));
      links += performance.now() - t1;
    });
  }
  await store.db.destroy();
  return { whole: whole / 10, links: links / 10 };
}

export async function runLinks() {
  for (const kind of settings.dialects) {
    const database = await freshDatabase(kind);
    const { device, seconds: filled } = await supervisorWithRecords(database, RECORDS);
    const indexed = await fillLinks(database, device.agencyCode);
    log(`links ${kind}: ${RECORDS.toLocaleString('en-US')} records in ${filled.toFixed(0)} s, their link rows in ${indexed.toFixed(0)} s`);
    const server = await startServer(database, { logLevel: 'warn' });
    try {
      const subject = recordId(Math.floor(RECORDS / 2));
      const one = await timed(`${server.url}/api/v1/links/seizures/${subject}`, device.token, 21);
      const linked = one.body.groups.reduce((sum, group) => sum + group.links.length, 0);
      record({ name: `links ${kind}: link view of one seizure at ${FIREARMS.toLocaleString('en-US')} firearms`, value: one.median, unit: 'ms', note: `median of 21 GETs /api/v1/links/seizures/:id over HTTP, ${linked} linked seizures` });
      const two = await timed(`${server.url}/api/v1/links/seizures/${subject}?depth=2`, device.token, 11);
      record({ name: `links ${kind}: depth-2 link view at ${FIREARMS.toLocaleString('en-US')} firearms`, value: two.median, unit: 'ms', note: `median of 11, ${two.body.nodes.length} seizures and ${two.body.edges.length} links in the view` });
      const leads = await timed(`${server.url}/api/v1/links/leads?from=2026-03-01&to=2026-03-31`, device.token, 5);
      record({ name: `links ${kind}: a page of leads over a month at ${FIREARMS.toLocaleString('en-US')} firearms`, value: leads.median, unit: 'ms', note: `median of 5 GETs /api/v1/links/leads (${leads.body.leads.length} leads on the page, truncated: ${leads.body.truncated})` });
    } finally {
      await server.stop();
    }
    const push = await pushShare(database, device.agencyCode, device.userId);
    record({
      name: `links ${kind}: the link index's part of a push's record writes`,
      value: push.links,
      unit: 'ms',
      baseline: push.whole,
      note: `per 100 new two-firearm records, mean of 10: the link index alone (replaceRecordLinkKeys) against the whole of records.appendAll, which includes it (revisions, latest rows, firearms index, link index), on the loaded database`,
    });
  }
}
