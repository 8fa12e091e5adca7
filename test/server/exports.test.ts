/**
 * Exports on both databases (docs/exports.md, docs/server.md "Exports"): what an agency's file
 * holds (its own firearms and those shared with it, never another agency's unshared ones), who
 * may ask (403 for an officer), bad queries (400 with a code), the CSV and JSON content, the
 * `export` event in the audit chain, and the devices' reports of their own exports.
 */
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { EXPORT_COLUMN_NAMES, rowsOf, type ExportRow } from '../../src/domain/export';
import type { Seizure } from '../../src/domain/schema';
import { municipalityCatalogue } from '../../src/domain/vocab/municipalities';
import { verifyChain, type ChainedRow } from '../../src/server/audit/chain';
import { DIALECTS } from './helpers/databases';
import { mutation, NOW, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { sharesApi } from './helpers/shares';
import { validSpanishSeizure } from '../domain/fixtures';

let clock = NOW;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const withSerial = (serialNumber: string): Seizure => {
  const record = seizure();
  return { ...record, firearms: record.firearms.map((f) => ({ ...f, serialNumber })) };
};

/** A Spanish two-firearm seizure with ids of its own and text that needs quoting. */
function twoGuns(): Seizure {
  const base = validSpanishSeizure({ id: randomUUID(), notes: 'Aseguramiento en retén, "km 12"\nsegunda línea' });
  return { ...base, firearms: base.firearms.map((f) => ({ ...f, id: randomUUID() })) };
}

const csvRows = (text: string) => {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual(EXPORT_COLUMN_NAMES);
  return parsed.data;
};
const asText = (row: ExportRow) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]));

describe.each(DIALECTS)('exports on %s', (dialect) => {
  const server = useServer(dialect, { now: () => clock });
  const api = sharesApi(server);
  let n = 0;

  const get = (user: TestUser, query: string) => server().app.inject({ method: 'GET', url: `/api/v1/exports/firearms${query}`, headers: { authorization: `Bearer ${user.token}` } });
  const report = (user: TestUser, payload: unknown) =>
    server().app.inject({ method: 'POST', url: '/api/v1/exports/device', headers: { authorization: `Bearer ${user.token}` }, payload: payload as Record<string, unknown> });
  const create = async (user: TestUser, record: Seizure, minutes = 0) => {
    clock = at(minutes);
    const [result] = resultsOf(await server().push(user, [mutation(record)]));
    expect(result?.status).toBe('applied');
    clock = NOW;
  };
  const eventsOf = async (action: string): Promise<ChainedRow[]> => {
    const rows: ChainedRow[] = [];
    for await (const page of server().app.store.audit.pages()) rows.push(...page.filter((row) => row.action === action));
    return rows;
  };
  const exportEvents = () => eventsOf('export');

  /** ATF's two records (three firearms), HSI's unshared one and HSI's one shared with ATF. */
  async function world() {
    n += 1;
    const u = {
      atfSup: await server().user(`ex${n}.atf.sup`, 'ATF', 'supervisor'),
      atfAdmin: await server().user(`ex${n}.atf.adm`, 'ATF', 'admin'),
      atfOfficer: await server().user(`ex${n}.atf.off`, 'ATF'),
      hsiSup: await server().user(`ex${n}.hsi.sup`, 'HSI', 'supervisor'),
      hsiOfficer: await server().user(`ex${n}.hsi.off`, 'HSI'),
    };
    const atfSpanish = twoGuns();
    const atfLater = withSerial(`ATF-LATER-${n}`);
    const hsiSecret = withSerial(`HSI-SECRET-${n}`);
    const hsiShared = withSerial(`HSI-SHARED-${n}`);
    await create(u.atfOfficer, atfSpanish, 0);
    await create(u.atfOfficer, atfLater, 10);
    await create(u.hsiOfficer, hsiSecret, 0);
    await create(u.hsiOfficer, hsiShared, 0);
    expect((await api.share(u.hsiSup, { recordId: hsiShared.id, toAgency: 'ATF' })).statusCode).toBe(201);
    const ids = new Set([atfSpanish.id, atfLater.id, hsiSecret.id, hsiShared.id]);
    // The database lives as long as the describe block: other tests' records are in it too.
    const ours = <T extends { seizure_id?: unknown }>(rows: T[]) => rows.filter((row) => ids.has(row.seizure_id as string));
    return { u, atfSpanish, atfLater, hsiSecret, hsiShared, ours };
  }

  it("gives a supervisor its agency's firearms and those shared with it, never another agency's unshared ones, as CSV", async () => {
    const w = await world();
    const response = await get(w.u.atfSup, '?format=csv&lang=es');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="traceready-firearms-\d{8}T\d{4}Z\.csv"$/);
    const rows = w.ours(csvRows(response.body));
    expect(rows.map((r) => [r.seizure_id, r.item_number, r.shared_by])).toEqual([
      [w.atfSpanish.id, '1', ''],
      [w.atfSpanish.id, '2', ''],
      [w.atfLater.id, '1', ''],
      [w.hsiShared.id, '1', 'HSI'],
    ]);
    expect(response.body).not.toContain('HSI-SECRET');
    // Every column as the domain writes it, in Spanish, revision and first author as the server stored them.
    const stored = (await server().app.store.records.findLatest(w.atfSpanish.id))!.body;
    expect(stored.agency.code).toBe('ATF');
    expect(rows.slice(0, 2)).toEqual(rowsOf(stored, { lang: 'es', municipalities: municipalityCatalogue }).map(asText));
    expect(rows[0]?.seizure_notes).toBe('Aseguramiento en retén, "km 12"\nsegunda línea');
    expect(rows[0]?.circumstance_label).toBe('Revisión en punto de control');
  });

  it('gives the same rows as JSON, in English by default, and an administrator may ask too', async () => {
    const w = await world();
    const response = await get(w.u.atfAdmin, '?format=json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const file = response.json<{ language: string; columns: string[]; rows: ExportRow[] }>();
    expect(file.language).toBe('en');
    expect(file.columns).toEqual(EXPORT_COLUMN_NAMES);
    const rows = w.ours(file.rows);
    expect(rows.map((r) => r.seizure_id)).toEqual([w.atfSpanish.id, w.atfSpanish.id, w.atfLater.id, w.hsiShared.id]);
    const stored = (await server().app.store.records.findLatest(w.atfSpanish.id))!.body;
    expect(rows[0]).toEqual(rowsOf(stored, { lang: 'en', municipalities: municipalityCatalogue })[0]);
    expect(rows[3]?.shared_by).toBe('HSI');
    expect(response.body).not.toContain('HSI-SECRET');
  });

  it("writes each firearm's latest trace status, its own agency's and a sharing agency's", async () => {
    const w = await world();
    const trace = (user: TestUser, record: Seizure, status: Record<string, unknown>) =>
      server().app.inject({
        method: 'POST',
        url: '/api/v1/sync/trace-push',
        headers: { authorization: `Bearer ${user.token}` },
        payload: { deviceId: 'd1', changes: [{ mutationId: randomUUID(), recordId: record.id, firearmId: record.firearms[0]!.id, baseRevision: null, status: { firearmId: record.firearms[0]!.id, seizureId: record.id, updatedAt: '2026-11-28T12:00:00Z', ...status } }] },
      });
    expect((await trace(w.u.atfSup, w.atfSpanish, { status: 'requested', requestedAt: '2026-11-28', requestNumber: 'T20260012345' })).json()).toMatchObject({ results: [{ status: 'applied' }] });
    expect((await trace(w.u.hsiSup, w.hsiShared, { status: 'requested', requestedAt: '2026-11-28' })).json()).toMatchObject({ results: [{ status: 'applied' }] });
    const rows = w.ours(csvRows((await get(w.u.atfSup, '?format=csv&lang=es')).body));
    expect(rows.map((r) => [r.seizure_id, r.item_number, r.trace_status, r.trace_status_label, r.trace_request_number])).toEqual([
      [w.atfSpanish.id, '1', 'requested', 'Solicitado', 'T20260012345'],
      [w.atfSpanish.id, '2', 'not_requested', 'No solicitado', ''],
      [w.atfLater.id, '1', 'not_requested', 'No solicitado', ''],
      [w.hsiShared.id, '1', 'requested', 'Solicitado', ''],
    ]);
  });

  it('stops showing a record once its share is revoked', async () => {
    const w = await world();
    const { list, revoke } = api;
    const share = (await list(w.u.hsiSup)).json<{ given: { id: string; recordId: string | null }[] }>().given.find((s) => s.recordId === w.hsiShared.id)!;
    expect((await revoke(w.u.hsiSup, share.id)).statusCode).toBe(200);
    const rows = w.ours(csvRows((await get(w.u.atfSup, '?format=csv')).body));
    expect(rows.map((r) => r.seizure_id)).toEqual([w.atfSpanish.id, w.atfSpanish.id, w.atfLater.id]);
  });

  it('takes the records the server first stored from `from` (inclusive) to `to` (exclusive)', async () => {
    const w = await world();
    const ids = async (query: string) => w.ours(csvRows((await get(w.u.atfSup, `?format=csv${query}`)).body)).map((r) => r.seizure_id);
    expect(await ids(`&from=${encodeURIComponent(at(10).toISOString())}`)).toEqual([w.atfLater.id]);
    expect(await ids(`&to=${encodeURIComponent(at(10).toISOString())}`)).toEqual([w.atfSpanish.id, w.atfSpanish.id, w.hsiShared.id]);
    // Any offset: 06:10 at UTC-6 is 12:10 UTC, the later record's very minute.
    expect(await ids(`&from=${encodeURIComponent('2026-11-28T06:10:00-06:00')}&to=${encodeURIComponent('2026-11-28T06:11:00-06:00')}`)).toEqual([w.atfLater.id]);
  });

  it('answers an export of nothing with the header alone, and audits it with 0 rows', async () => {
    n += 1;
    const lonely = await server().user(`ex${n}.cbp.sup`, 'CBP', 'supervisor');
    const response = await get(lonely, '?format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(`\uFEFF${EXPORT_COLUMN_NAMES.join(',')}\r\n`);
    expect((await get(lonely, '?format=json')).json()).toMatchObject({ rows: [] });
    const events = (await exportEvents()).filter((e) => e.actorUserId === lonely.id);
    expect(events.map((e) => JSON.parse(e.details))).toMatchObject([{ rows: 0, seizures: 0, completed: true }, { rows: 0, format: 'json' }]);
  });

  it('reads every visible record once across pages, records stored in the same millisecond included', async () => {
    const w = await world();
    const idsOf = async (pageSize: number) => {
      const ids: string[] = [];
      for await (const page of server().app.store.exports.visibleRecords({ agencyCode: 'ATF' }, pageSize)) ids.push(...page.map((r) => r.body.id));
      return ids;
    };
    const whole = await idsOf(10_000);
    expect(whole).toEqual(expect.arrayContaining([w.atfSpanish.id, w.atfLater.id, w.hsiShared.id]));
    expect(new Set(whole).size).toBe(whole.length);
    for (const pageSize of [1, 2, 3]) expect(await idsOf(pageSize)).toEqual(whole);
  });

  it('refuses an officer with 403, whatever the query', async () => {
    const w = await world();
    for (const query of ['?format=csv', '?format=json', '?format=xml', '']) {
      const response = await get(w.u.atfOfficer, query);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'auth.forbidden' });
    }
    expect((await exportEvents()).filter((e) => e.actorUserId === w.u.atfOfficer.id)).toEqual([]);
  });

  it('answers a bad query with 400 request.invalid, never 5xx', async () => {
    const w = await world();
    for (const query of ['', '?format=xml', '?format=csv&format=json', '?format=csv&from=yesterday', '?format=csv&from=2026-11-28', '?format=csv&to=2026-11-28T12:00:00', '?format=csv&lang=fr', '?format=csv&limit=5', `?format=csv&from=${encodeURIComponent(at(10).toISOString())}&to=${encodeURIComponent(at(5).toISOString())}`]) {
      const response = await get(w.u.atfSup, query);
      expect([query, response.statusCode, response.json()]).toEqual([query, 400, { error: 'request.invalid' }]);
    }
    expect((await server().app.inject({ method: 'GET', url: '/api/v1/exports/firearms?format=csv' })).statusCode).toBe(401);
  });

  it('writes the export into the audit chain: who, what filter, how many rows', async () => {
    const w = await world();
    const from = at(-5).toISOString();
    const all = csvRows((await get(w.u.atfSup, `?format=csv&lang=es&from=${encodeURIComponent(from)}`)).body);
    const seizures = new Set(all.map((r) => r.seizure_id)).size;
    expect(w.ours(all)).toHaveLength(4);
    const [event] = (await exportEvents()).filter((e) => e.actorUserId === w.u.atfSup.id);
    expect(event).toMatchObject({ action: 'export', actorUserId: w.u.atfSup.id, agencyCode: 'ATF', subject: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(JSON.parse(event!.details)).toEqual({ source: 'server', format: 'csv', language: 'es', filter: { from, to: null }, seizures, rows: all.length, completed: true });
    expect(await verifyChain(server().app.store.audit.pages())).toMatchObject({ ok: true });
  });

  it('writes export.start before the file and export at its end, under one export id', async () => {
    const w = await world();
    const body = (await get(w.u.atfSup, '?format=json')).json<{ rows: unknown[] }>();
    const [started] = (await eventsOf('export.start')).filter((e) => e.actorUserId === w.u.atfSup.id);
    const [ended] = (await exportEvents()).filter((e) => e.actorUserId === w.u.atfSup.id);
    expect(JSON.parse(started!.details)).toEqual({ source: 'server', format: 'json', language: 'en', filter: { from: null, to: null } });
    expect(ended?.subject).toBe(started!.subject);
    expect(started!.seq).toBeLessThan(ended!.seq);
    expect(JSON.parse(ended!.details)).toMatchObject({ completed: true, rows: body.rows.length });
  });

  it('sends no file when the audit chain cannot record its start (503, nothing written)', async () => {
    const w = await world();
    const unavailable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    vi.spyOn(server().app.store, 'writeLocked').mockRejectedValueOnce(unavailable);
    const response = await get(w.u.atfSup, '?format=csv');
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain(EXPORT_COLUMN_NAMES[0]);
    expect([...(await eventsOf('export.start')), ...(await exportEvents())].filter((e) => e.actorUserId === w.u.atfSup.id)).toEqual([]);
  });

  describe('a device reporting its exports', () => {
    const deviceExport = (overrides: Record<string, unknown> = {}) => ({
      exportId: randomUUID(),
      at: '2026-11-28T05:10:00-06:00',
      format: 'csv',
      language: 'es',
      filter: { kind: 'list', query: 'FED/SON' },
      seizures: 2,
      rows: 3,
      ...overrides,
    });

    it('has each export written into the chain once, however often it is sent', async () => {
      const w = await world();
      const first = deviceExport();
      const second = deviceExport({ filter: { kind: 'selected' }, format: 'json', rows: 1, seizures: 1 });
      const answer = await report(w.u.atfOfficer, { deviceId: 'device-az-01', exports: [first, second] });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual({ results: [{ exportId: first.exportId, status: 'recorded' }, { exportId: second.exportId, status: 'recorded' }] });
      // The answer was lost: the device sends both again.
      const retry = await report(w.u.atfOfficer, { deviceId: 'device-az-01', exports: [first, second] });
      expect(retry.json()).toEqual({ results: [{ exportId: first.exportId, status: 'duplicate' }, { exportId: second.exportId, status: 'duplicate' }] });

      const events = (await exportEvents()).filter((e) => e.actorUserId === w.u.atfOfficer.id);
      expect(events.map((e) => [e.subject, e.deviceId, e.agencyCode])).toEqual([
        [first.exportId, 'device-az-01', 'ATF'],
        [second.exportId, 'device-az-01', 'ATF'],
      ]);
      expect(JSON.parse(events[0]!.details)).toEqual({ source: 'device', exportedAt: first.at, format: 'csv', language: 'es', filter: { kind: 'list', query: 'FED/SON' }, seizures: 2, rows: 3 });
      expect(await verifyChain(server().app.store.audit.pages())).toMatchObject({ ok: true });
    });

    it('refuses a malformed report with 400 and writes nothing', async () => {
      const w = await world();
      const bad = [
        {},
        { deviceId: 'd', exports: [] },
        { deviceId: 'd', exports: [deviceExport({ exportId: 'not-a-uuid' })] },
        { deviceId: 'd', exports: [deviceExport({ format: 'xlsx' })] },
        { deviceId: 'd', exports: [deviceExport({ rows: -1 })] },
        { deviceId: 'd', exports: [deviceExport({ at: '2026-11-28T05:10:00' })] },
        { deviceId: 'd', exports: [deviceExport({ filter: { kind: 'list', query: 'a\u0000b' } })] },
        { deviceId: 'd', exports: [deviceExport({ extra: true })] },
      ];
      for (const payload of bad) {
        const response = await report(w.u.atfOfficer, payload);
        expect([response.statusCode, response.json()]).toEqual([400, { error: 'request.invalid' }]);
      }
      expect((await exportEvents()).filter((e) => e.actorUserId === w.u.atfOfficer.id)).toEqual([]);
    });
  });
});
