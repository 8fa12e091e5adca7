/**
 * GET /api/v1/supervisor/firearms on SQLite and PostgreSQL (docs/supervisor.md): a serial typed
 * with O for 0, hyphens or spaces finds the firearm; maker, case, dates, place and trace status
 * narrow it; the agency's own and shared firearms only; pages by cursor without a repeat; an
 * edited serial moves in the index; officers and bad queries are refused with codes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FirearmPage } from '../../src/server/store/firearm-search-repository';
import { DIALECTS } from './helpers/databases';
import { castOf, mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { sharesApi } from './helpers/shares';

describe.each(DIALECTS)('supervisor firearm search on %s', (dialect) => {
  const server = useServer(dialect);
  const api = sharesApi(server);
  const users = castOf(server, 'se', {
    officer: ['ATF'],
    sup: ['ATF', 'supervisor'],
    admin: ['ATF', 'admin'],
    hsiOfficer: ['HSI'],
    hsiSup: ['HSI', 'supervisor'],
  });
  const search = (user: TestUser, query: string) =>
    server().app.inject({ method: 'GET', url: `/api/v1/supervisor/firearms?${query}`, headers: { authorization: `Bearer ${user.token}` } });
  const hits = async (user: TestUser, query: string) => {
    const response = await search(user, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<FirearmPage>();
  };
  /** A stored ATF seizure with one firearm of this serial (unique per test through `tag`). */
  async function stored(user: TestUser, serialNumber: string, extra: Parameters<typeof seizure>[0] = {}, manufacturer = 'Smith & Wesson') {
    const base = seizure(extra);
    const record = { ...base, firearms: [{ ...base.firearms[0]!, serialNumber, manufacturer }] };
    expect(resultsOf(await server().push(user, [mutation(record)]))[0]?.status).toBe('applied');
    return record;
  }
  const tag = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0');

  it('finds a serial typed with O for 0, hyphens and spaces, with or without its maker', async () => {
    const u = await users();
    const t = tag();
    const record = await stored(u.officer, `FX-${t}0`);
    for (const typed of [`FX${t}0`, `fx ${t}O`, `F-X-${t}-0`]) {
      const page = await hits(u.sup, `serial=${encodeURIComponent(typed)}`);
      expect(page.hits.map((h) => h.recordId), typed).toEqual([record.id]);
      expect(page.hits[0]).toMatchObject({ serialNumber: `FX-${t}0`, manufacturer: 'Smith & Wesson', agency: 'ATF', shared: false, traceStatus: 'not_requested', recordStatus: 'ready' });
    }
    expect((await hits(u.admin, `serial=FX${t}0&maker=${encodeURIComponent('smith & wesson')}`)).hits).toHaveLength(1);
    expect((await hits(u.sup, `serial=FX${t}0&maker=Glock`)).hits).toEqual([]);
  });

  it("never shows another agency's unshared firearm, and shows a shared one as shared", async () => {
    const u = await users();
    const t = tag();
    const hidden = await stored(u.hsiOfficer, `HS${t}`);
    expect((await hits(u.sup, `serial=HS${t}`)).hits).toEqual([]);
    expect((await hits(u.hsiSup, `serial=HS${t}`)).hits.map((h) => h.recordId)).toEqual([hidden.id]);

    expect((await api.share(u.hsiSup, { recordId: hidden.id, toAgency: 'ATF' })).statusCode).toBe(201);
    expect((await hits(u.sup, `serial=HS${t}`)).hits).toEqual([expect.objectContaining({ recordId: hidden.id, agency: 'HSI', shared: true })]);
  });

  it('narrows by case number, date range, state, municipality and trace status', async () => {
    const u = await users();
    const t = tag();
    const caseNumber = `ATF-2026-${t}`;
    const inSonora = await stored(u.officer, `CA${t}1`, {
      status: 'draft',
      agency: { code: 'ATF', caseNumber, officer: {} },
      recovery: { occurredAt: '2026-11-20T10:00:00-07:00', country: 'MX', state: '26', municipality: '26030' },
    });
    const inArizona = await stored(u.officer, `CA${t}2`, { status: 'draft', agency: { code: 'ATF', caseNumber, officer: {} } });
    const ids = async (query: string) => (await hits(u.sup, query)).hits.map((h) => h.recordId).sort();
    expect(await ids(`caseNumber=${encodeURIComponent(caseNumber.toLowerCase())}`)).toEqual([inSonora.id, inArizona.id].sort());
    expect(await ids(`caseNumber=${caseNumber}&from=2026-11-19&to=2026-11-21`)).toEqual([inSonora.id]);
    expect(await ids(`caseNumber=${caseNumber}&state=26&municipality=26030`)).toEqual([inSonora.id]);
    expect(await ids(`caseNumber=${caseNumber}&state=AZ`)).toEqual([inArizona.id]);

    const firearmId = inArizona.firearms[0]!.id;
    const status = { firearmId, seizureId: inArizona.id, status: 'requested', requestedAt: '2026-11-28', updatedAt: '2026-11-28T12:00:00Z' };
    const pushed = await server().app.inject({
      method: 'POST',
      url: '/api/v1/sync/trace-push',
      headers: { authorization: `Bearer ${u.sup.token}` },
      payload: { deviceId: 'd', changes: [{ mutationId: randomUUID(), recordId: inArizona.id, firearmId, baseRevision: null, status }] },
    });
    expect(pushed.json().results[0].status).toBe('applied');
    expect(await ids(`caseNumber=${caseNumber}&traceStatus=requested`)).toEqual([inArizona.id]);
    expect(await ids(`caseNumber=${caseNumber}&traceStatus=not_requested`)).toEqual([inSonora.id]);
  });

  it('pages newest first by cursor, every firearm once', async () => {
    const u = await users();
    const t = tag();
    const caseNumber = `PAGE-${t}`;
    const records = [];
    for (let i = 0; i < 5; i++) records.push(await stored(u.officer, `PG${t}${i}`, { status: 'draft', agency: { code: 'ATF', caseNumber, officer: {} } }));
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: FirearmPage = await hits(u.sup, `caseNumber=${caseNumber}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.hits.length).toBeLessThanOrEqual(2);
      seen.push(...page.hits.map((h) => h.recordId));
      cursor = page.cursor;
    }
    expect(seen).toEqual(records.map((r) => r.id).reverse());
  });

  it("pages its own and shared firearms together, newest first, every one once", async () => {
    const u = await users();
    const t = tag();
    const caseNumber = `MIX-${t}`;
    const records = [];
    for (let i = 0; i < 6; i++) {
      const hsi = i % 3 === 1;
      const record = await stored(hsi ? u.hsiOfficer : u.officer, `MX${t}${i}`, { status: 'draft', agency: { code: hsi ? 'HSI' : 'ATF', caseNumber, officer: {} } });
      if (hsi) expect((await api.share(u.hsiSup, { recordId: record.id, toAgency: 'ATF' })).statusCode).toBe(201);
      records.push(record);
    }
    // One more of HSI's, not shared: never listed.
    await stored(u.hsiOfficer, `MX${t}9`, { status: 'draft', agency: { code: 'HSI', caseNumber, officer: {} } });
    for (const limit of [1, 2, 4]) {
      const seen: { recordId: string; shared: boolean }[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: FirearmPage = await hits(u.sup, `caseNumber=${caseNumber}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.hits.map((h) => ({ recordId: h.recordId, shared: h.shared })));
        cursor = page.cursor;
      }
      expect(seen, `limit ${limit}`).toEqual(records.map((r, i) => ({ recordId: r.id, shared: i % 3 === 1 })).reverse());
    }
  });

  it('follows an edit: the old serial no longer finds the record, the new one does', async () => {
    const u = await users();
    const t = tag();
    const record = await stored(u.officer, `ED${t}`);
    const edited = { ...record, firearms: [{ ...record.firearms[0]!, serialNumber: `NE${t}` }] };
    expect(resultsOf(await server().push(u.officer, [mutation(edited, 1)]))[0]?.status).toBe('applied');
    expect((await hits(u.sup, `serial=ED${t}`)).hits).toEqual([]);
    expect((await hits(u.sup, `serial=NE${t}`)).hits.map((h) => h.recordId)).toEqual([record.id]);
  });

  it('refuses officers with 403, and bad queries with a code', async () => {
    const u = await users();
    expect((await search(u.officer, 'serial=ABC123')).statusCode).toBe(403);
    const refused = async (query: string) => {
      const response = await search(u.sup, query);
      expect(response.statusCode, query).toBe(400);
      return response.json<{ error: string }>().error;
    };
    expect(await refused('from=2026-11-20&to=2026-11-01')).toBe('search.rangeReversed');
    expect(await refused('serial=---')).toBe('search.serialHasNoKey');
    expect(await refused('caseNumber=%20%20')).toBe('search.caseHasNoKey');
    expect(await refused('serial=' + 'A'.repeat(41))).toBe('request.invalid');
    expect(await refused('limit=1000')).toBe('request.invalid');
    expect(await refused('serial=A&serial=B')).toBe('request.invalid');
    expect(await refused('owner=HSI')).toBe('request.invalid');
    expect(await refused('traceStatus=lost')).toBe('request.invalid');
    expect(await refused('cursor=12;drop')).toBe('request.invalid');
  });
});
