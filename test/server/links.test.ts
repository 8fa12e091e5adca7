/**
 * Intelligence links (docs/links.md) on SQLite and PostgreSQL, over a planted ring: 30 seizures
 * across ATF, HSI and FGR, where one possessor appears with accents and surnames in another
 * order, near-consecutive serials of one maker and model, one dealer with short times to crime in
 * trace results, one address and two recoveries a few hundred metres and days apart tie six of
 * them together, and near misses (a serial one digit longer, another maker, another date of
 * birth, 600 m away, 5 days later) and fillers must not link. The link view and the leads find
 * exactly the planted links; records not shared with the caller appear only as pointers; edits
 * and ended shares change the links; officers get 403, other agencies' records 404, malformed
 * queries 400; every view is audited.
 */
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { DIALECTS } from './helpers/databases';
import { castOf, mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { CANDIDATES_PER_KEY } from '../../src/server/store/links-repository';
import { sharesApi } from './helpers/shares';
import { curpCheckDigit } from '../../src/domain/identity-document';

interface Summary { recordId: string; agency: string; recoveredOn: string | null; shortTimeToCrime: boolean }
interface View {
  seizure: Summary;
  depth: number;
  groups: { reason: string; links: { strength: string; details: Record<string, unknown>; seizure: Summary }[] }[];
  pointers: { agency: string; recoveredOn: string | null; state: string | null; reason: string; strength: string; recordId?: string }[];
  nodes: (Summary & { depth: number })[];
  edges: { from: string; to: string; reason: string; strength: string; details: Record<string, unknown> }[];
}
interface LeadsPage { leads: { size: number; newest: string | null; reasons: Record<string, number>; seizures: Summary[] }[]; cursor: string | null; truncated: boolean }

// Letters no serial rule reads as digits, so a tag never changes a serial's number.
const letters = (digits: string) => digits.replace(/\d/g, (d) => 'KMNPRTVWXY'[Number(d)]!);
let rings = 0;

describe.each(DIALECTS)('intelligence links on %s', (dialect) => {
  const server = useServer(dialect);
  const api = sharesApi(server);
  const users = castOf(server, 'ln', {
    atf: ['ATF'],
    atfSup: ['ATF', 'supervisor'],
    atfAdmin: ['ATF', 'admin'],
    hsi: ['HSI'],
    hsiSup: ['HSI', 'supervisor'],
    fgr: ['FGR'],
    fgrSup: ['FGR', 'supervisor'],
  });
  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const get = (user: TestUser, url: string) => server().app.inject({ method: 'GET', url: `/api/v1/links${url}`, headers: auth(user) });
  const viewOf = async (user: TestUser, id: string, query = '') => {
    const response = await get(user, `/seizures/${id}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<View>();
  };
  const store = async (user: TestUser, record: Seizure, base: number | null = null) => {
    const [result] = resultsOf(await server().push(user, [mutation(record, base)]));
    expect(result?.status, JSON.stringify(result?.errors)).toBe('applied');
    return record;
  };
  const share = async (user: TestUser, recordId: string, toAgency: string) => {
    const response = await api.share(user, { recordId, toAgency });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const trace = async (user: TestUser, record: Seizure, purchaseDate: string, ffl: string) => {
    const firearmId = record.firearms[0]!.id;
    const requested = { firearmId, seizureId: record.id, status: 'requested', requestedAt: '2026-11-28', requestNumber: 'T20260012345', updatedAt: '2026-11-28T12:00:00Z' };
    const changes = [
      { mutationId: randomUUID(), recordId: record.id, firearmId, baseRevision: null, status: requested },
      { mutationId: randomUUID(), recordId: record.id, firearmId, baseRevision: 1, status: { ...requested, status: 'traced', result: { purchaserFound: true, dealerFfl: ffl, purchaseDate } } },
    ];
    const response = await server().app.inject({ method: 'POST', url: '/api/v1/sync/trace-push', headers: auth(user), payload: { deviceId: 'device-1', changes } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ results: { status: string }[] }>().results.map((r) => r.status), response.body).toEqual(["applied", "applied"]);
  };

  /**
   * A ring of its own per call: the test's tag is in every name, serial, case number and place,
   * so rings of earlier tests in the same database never meet this one.
   */
  async function plantRing(u: Awaited<ReturnType<typeof users>>) {
    const tag = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    const surname = `Pérez${letters(tag).toLowerCase()}`;
    const dob = `19${String(50 + (Number(tag) % 40))}-0${1 + (Number(tag) % 9)}-1${Number(tag) % 10}`;
    // A place in Mexico of this ring's own, 11 km from every other ring's.
    rings += 1;
    const lat = 17 + rings * 0.1;
    const lon = -99.1;
    let filler = 0;
    const record = (day: number, parts: { serial?: string; maker?: string; model?: string; possessor?: Seizure['possessors'][number]; at?: [number, number]; street?: string; caseNumber?: string } = {}) => {
      const base = seizure();
      filler += 1;
      return {
        ...base,
        agency: { ...base.agency, caseNumber: parts.caseNumber ?? `C-${tag}-${filler}` },
        recovery: {
          ...base.recovery,
          occurredAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00-06:00`,
          ...(parts.street ? { street: parts.street, extNumber: '12' } : { street: undefined }),
          geo: parts.at ? { lat: parts.at[0], lon: parts.at[1] } : undefined,
        },
        firearms: [{ ...base.firearms[0]!, manufacturer: parts.maker ?? 'Colt', model: parts.model ?? 'M4 Carbine', serialNumber: parts.serial ?? `Z${letters(tag)}${filler}X${filler}` }],
        possessors: parts.possessor ? [parts.possessor] : [],
      } satisfies Seizure;
    };
    const serial = (n: number) => `LW${letters(tag)}-${String(n).padStart(4, '0')}`;
    // Three hundred metres north of the ring's place (0.0027° of latitude).
    const near: [number, number] = [lat + 0.0027, lon];
    const person = { firstName: 'María de la Luz', lastName: surname, secondLastName: 'Núñez', dateOfBirth: dob };

    const a1 = await store(u.atf, record(20, { serial: serial(4417), possessor: person, at: [lat, lon] }));
    const a2 = await store(u.atf, record(21, { serial: serial(4419), possessor: { firstName: 'MARIA LUZ', lastName: 'NUNEZ', secondLastName: surname.toUpperCase(), dateOfBirth: dob }, street: `Calle ${letters(tag)}` }));
    const a3 = await store(u.atf, record(22, { serial: serial(4425) }));
    const a4 = await store(u.atf, record(22, { at: near }));
    const misses = [
      await store(u.atf, record(23, { serial: serial(44170) })),
      await store(u.atf, record(23, { serial: serial(4418), maker: 'Ruger' })),
      await store(u.atf, record(23, { serial: serial(4416), model: 'M16' })),
      await store(u.atf, record(23, { possessor: { ...person, dateOfBirth: '1971-01-01' } })),
      await store(u.atf, record(20, { at: [lat - 0.0054, lon] })),
      await store(u.atf, record(27, { at: [lat + 0.0018, lon] })),
    ];
    const h1 = await store(u.hsi, record(24));
    const h2 = await store(u.hsi, record(24, { possessor: { firstName: 'Maria Luz', lastName: 'Nunez', secondLastName: surname, dateOfBirth: dob } }));
    const f1 = await store(u.fgr, record(26, { serial: serial(4420) }));
    const f2 = await store(u.fgr, record(26, { street: `CALLE ${letters(tag)}` }));
    const fillers = [];
    for (let i = 0; i < 6; i += 1) fillers.push(await store(u.atf, record(10 + i)));
    for (let i = 0; i < 5; i += 1) fillers.push(await store(u.hsi, record(10 + i)));
    for (let i = 0; i < 5; i += 1) fillers.push(await store(u.fgr, record(10 + i)));
    await share(u.hsiSup, h1.id, 'ATF');
    await share(u.fgrSup, f2.id, 'ATF');
    // Bought weeks before the recoveries: short times to crime, one dealer.
    // The ring's dealer: a licence number of its own (the last five digits from the tag).
    const ffl = `1-23-456-78-9A-${tag.slice(1)}`;
    await trace(u.atfSup, a3, '2026-10-01', ffl);
    await trace(u.atfSup, a4, '2026-09-15', ffl);
    await trace(u.hsiSup, h1, '2026-08-01', ffl);
    const all = [a1, a2, a3, a4, ...misses, h1, h2, f1, f2, ...fillers];
    expect(all).toHaveLength(30);
    return { a1, a2, a3, a4, misses, h1, h2, f1, f2, fillers, all, serial, person, ffl };
  }

  const linkedIds = (view: View) => Object.fromEntries(view.groups.map((group) => [group.reason, group.links.map((link) => link.seizure.recordId).sort()]));

  it('shows a seizure\'s links by reason with strength and details, hidden records as pointers only, and audits the view', async () => {
    const u = await users();
    const ring = await plantRing(u);
    const view = await viewOf(u.atfSup, ring.a1.id);
    expect(view.seizure).toMatchObject({ recordId: ring.a1.id, agency: 'ATF', recoveredOn: '2026-11-20' });
    expect(linkedIds(view)).toEqual({ person: [ring.a2.id], serial: [ring.a2.id, ring.a3.id].sort(), place: [ring.a4.id] });
    const serial = view.groups.find((group) => group.reason === 'serial')!.links;
    expect(serial.find((link) => link.seizure.recordId === ring.a2.id)).toMatchObject({ strength: 'strong', details: { serialDistance: 2, model: 'M4 Carbine' } });
    expect(serial.find((link) => link.seizure.recordId === ring.a3.id)).toMatchObject({ strength: 'medium', details: { serialDistance: 8 } });
    const place = view.groups.find((group) => group.reason === 'place')!.links[0]!;
    expect(place.details).toEqual({ metres: 300, days: 2 });
    expect(view.groups.find((group) => group.reason === 'person')!.links[0]!.strength).toBe('strong');
    // What the graph draws as its own nodes: the firearms of a serial link, one person's digest (never the name).
    expect(serial.find((link) => link.seizure.recordId === ring.a2.id)?.details).toMatchObject({ fromFirearm: ring.a1.firearms[0]!.id, toFirearm: ring.a2.firearms[0]!.id });
    const personDetails = view.groups.find((group) => group.reason === 'person')!.links[0]!.details;
    expect(personDetails).toEqual({ person: expect.stringMatching(/^[0-9a-f]{8}$/) });

    // H2 (HSI's, not shared) holds the same person; F1 (FGR's, not shared) a serial three apart.
    expect(view.pointers.map((p) => `${p.agency}|${p.reason}|${p.recoveredOn}|${p.state}`).sort()).toEqual(['FGR|serial|2026-11-26|AZ', 'HSI|person|2026-11-24|AZ']);
    const text = JSON.stringify(view);
    for (const hidden of [ring.h2.id, ring.f1.id, ring.f1.firearms[0]!.id]) expect(text).not.toContain(hidden);
    expect(view.pointers.every((p) => p.recordId === undefined)).toBe(true);
    for (const miss of ring.misses) expect(text).not.toContain(miss.id);

    const events = (await server().app.store.audit.about(ring.a1.id)).filter((row) => row.action === 'links.view');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: u.atfSup.id, agencyCode: 'ATF' });
    expect(JSON.stringify(events[0]!.details)).toContain(ring.a2.id);

    // A firearm's view: only what ties that gun (its serial series, its dealer), audited on its seizure.
    const gun = await get(u.atfSup, `/firearms/${ring.a1.firearms[0]!.id}`);
    expect(gun.statusCode, gun.body).toBe(200);
    expect(linkedIds(gun.json<View>())).toEqual({ serial: [ring.a2.id, ring.a3.id].sort() });
    expect(gun.json<View>().pointers.map((p) => p.reason)).toEqual(['serial']);
    expect((await get(u.atfSup, `/firearms/${ring.f1.firearms[0]!.id}`)).statusCode).toBe(404);
    expect((await get(u.atfSup, `/firearms/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get(u.atf, `/firearms/${ring.a1.firearms[0]!.id}`)).statusCode).toBe(403);
    const gunEvents = (await server().app.store.audit.about(ring.a1.id)).filter((row) => row.action === 'links.view');
    expect(JSON.parse(String(gunEvents.at(-1)?.details))).toMatchObject({ firearmId: ring.a1.firearms[0]!.id });
  });

  it('expands two steps out through visible seizures only, and filters by reason and date', async () => {
    const u = await users();
    const ring = await plantRing(u);
    const view = await viewOf(u.atfAdmin, ring.a1.id, '?depth=2');
    const depthOf = Object.fromEntries(view.nodes.map((node) => [node.recordId, node.depth]));
    expect(depthOf).toEqual({ [ring.a1.id]: 0, [ring.a2.id]: 1, [ring.a3.id]: 1, [ring.a4.id]: 1, [ring.h1.id]: 2, [ring.f2.id]: 2 });
    const edge = (from: string, to: string, reason: string) => view.edges.find((e) => e.reason === reason && [e.from, e.to].sort().join() === [from, to].sort().join());
    expect(edge(ring.a3.id, ring.a4.id, 'dealer'), JSON.stringify({ edges: view.edges, ring: [ring.a3.id, ring.a4.id] })).toMatchObject({ strength: 'strong', details: { dealerFfl: ring.ffl, shortTimeToCrime: true } });
    expect(edge(ring.a3.id, ring.h1.id, 'dealer')).toBeDefined();
    expect(edge(ring.a2.id, ring.f2.id, 'address')).toMatchObject({ strength: 'medium' });
    expect(view.nodes.find((node) => node.recordId === ring.h1.id)?.shortTimeToCrime).toBe(true);
    expect(JSON.stringify(view)).not.toContain(ring.f1.id);

    const serialOnly = await viewOf(u.atfSup, ring.a1.id, '?reasons=serial,dealer');
    expect(linkedIds(serialOnly)).toEqual({ serial: [ring.a2.id, ring.a3.id].sort() });
    const dated = await viewOf(u.atfSup, ring.a1.id, '?from=2026-11-22&to=2026-11-30');
    expect(linkedIds(dated)).toEqual({ serial: [ring.a3.id], place: [ring.a4.id] });
    const wider = await viewOf(u.atfSup, ring.a1.id, '?reasons=serial&serialDistance=20');
    expect(linkedIds(wider).serial).toHaveLength(2);
  });

  it('finds the ring as one lead of exactly its six visible seizures, and no lead from what another agency cannot see', async () => {
    const u = await users();
    const ring = await plantRing(u);
    const response = await get(u.atfSup, '/leads?from=2026-11-01&to=2026-11-30&limit=50');
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<LeadsPage>();
    const lead = page.leads.find((l) => l.seizures.some((s) => s.recordId === ring.a1.id));
    expect(lead?.seizures.map((s) => s.recordId).sort()).toEqual([ring.a1.id, ring.a2.id, ring.a3.id, ring.a4.id, ring.h1.id, ring.f2.id].sort());
    expect(lead).toMatchObject({ size: 6, newest: '2026-11-26' });
    expect(Object.keys(lead!.reasons).sort()).toEqual(['address', 'dealer', 'person', 'place', 'serial']);
    const everywhere = JSON.stringify(page);
    for (const other of [...ring.misses, ring.h2, ring.f1, ...ring.fillers]) expect(everywhere).not.toContain(other.id);
    const newest = page.leads.map((l) => l.newest ?? '');
    expect(newest).toEqual([...newest].sort().reverse());

    // HSI sees H1 and H2 only (nothing is shared with it): they are not three, whatever ATF holds.
    const hsi = (await get(u.hsiSup, '/leads?from=2026-11-01&to=2026-11-30')).json<LeadsPage>();
    expect(JSON.stringify(hsi)).not.toContain(ring.h1.id);
    expect(JSON.stringify(hsi)).not.toContain(ring.a1.id);
    const paged = (await get(u.atfSup, '/leads?from=2026-11-01&to=2026-11-30&limit=1')).json<LeadsPage>();
    expect(paged.leads).toHaveLength(1);
    const audited = [];
    for await (const rows of server().app.store.audit.pages()) audited.push(...rows.filter((row) => row.action === 'links.leads' && row.actorUserId === u.atfSup.id));
    expect(audited).toHaveLength(2);
  });

  it('follows edits and ended shares: a changed serial and possessor unlink, a revoked share hides its record', async () => {
    const u = await users();
    const ring = await plantRing(u);
    const moved = { ...ring.a2, possessors: [], firearms: [{ ...ring.a2.firearms[0]!, serialNumber: ring.serial(9000) }] };
    await store(u.atf, moved, 1);
    let view = await viewOf(u.atfSup, ring.a1.id);
    expect(linkedIds(view)).toEqual({ serial: [ring.a3.id], place: [ring.a4.id] });
    // Back again: the next revision's keys replace the last one's.
    await store(u.atf, { ...moved, possessors: [ring.person] }, 2);
    view = await viewOf(u.atfSup, ring.a1.id);
    expect(linkedIds(view).person).toEqual([ring.a2.id]);

    const before = await viewOf(u.atfSup, ring.a3.id);
    expect(linkedIds(before).dealer?.sort()).toEqual([ring.a4.id, ring.h1.id].sort());
    const shares = (await api.list(u.hsiSup)).json<{ given: { id: string; recordId: string | null }[] }>().given;
    const given = shares.find((s) => s.recordId === ring.h1.id)!;
    expect((await api.revoke(u.hsiSup, given.id)).statusCode).toBe(200);
    const after = await viewOf(u.atfSup, ring.a3.id);
    expect(linkedIds(after).dealer).toEqual([ring.a4.id]);
    expect(after.pointers).toEqual(expect.arrayContaining([expect.objectContaining({ agency: 'HSI', reason: 'dealer' })]));
    expect(JSON.stringify(after)).not.toContain(ring.h1.id);

    // A trace result taken back (asked again) takes its dealer key with it.
    const firearmId = ring.a3.firearms[0]!.id;
    const again = { firearmId, seizureId: ring.a3.id, status: 'requested', requestedAt: '2026-11-28', requestNumber: 'T20260012345', updatedAt: '2026-11-28T12:00:00Z' };
    const response = await server().app.inject({ method: 'POST', url: '/api/v1/sync/trace-push', headers: auth(u.atfSup), payload: { deviceId: 'device-1', changes: [{ mutationId: randomUUID(), recordId: ring.a3.id, firearmId, baseRevision: 2, status: again }] } });
    expect(response.json<{ results: { status: string }[] }>().results[0]?.status).toBe('applied');
    expect(linkedIds(await viewOf(u.atfSup, ring.a4.id)).dealer).toBeUndefined();
  });

  it('links a key held by many records to its newest holders only, a bounded read', async () => {
    const u = await users();
    const caseNumber = `BULK-${randomUUID().slice(0, 8)}`;
    const records = Array.from({ length: CANDIDATES_PER_KEY + 10 }, (_, i) => {
      const base = seizure();
      const day = String(1 + (i % 28)).padStart(2, '0');
      return { ...base, agency: { ...base.agency, caseNumber }, possessors: [], recovery: { ...base.recovery, occurredAt: `2026-${i < 28 ? '10' : '11'}-${day}T10:00:00Z`, geo: undefined } };
    });
    expect(resultsOf(await server().push(u.atf, records.map((record) => mutation(record)))).every((r) => r.status === 'applied')).toBe(true);
    const view = await viewOf(u.atfSup, records[0]!.id);
    const linked = view.groups.find((group) => group.reason === 'case')!.links;
    expect(linked.length).toBeGreaterThanOrEqual(CANDIDATES_PER_KEY - 1);
    expect(linked.length).toBeLessThanOrEqual(CANDIDATES_PER_KEY);
    // The newest holders: the oldest records of the case are the ones left out.
    const oldest = records.slice(1).sort((a, b) => a.recovery.occurredAt!.localeCompare(b.recovery.occurredAt!))[0]!;
    expect(linked.map((link) => link.seizure.recordId)).not.toContain(oldest.id);
  });

  it('recomputes a time to crime worked out from the purchase date when the recovery date is edited', async () => {
    const u = await users();
    const ffl = `5-55-555-55-5A-${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`;
    const at = (record: Seizure, day: string): Seizure => ({ ...record, recovery: { ...record.recovery, occurredAt: `${day}T10:00:00-06:00` } });
    const fresh = (day: string) => at({ ...seizure(), possessors: [], agency: { ...seizure().agency, caseNumber: `TTC-${randomUUID()}` } }, day);
    // Bought 2023-10-01: 1148 days before a recovery on 2026-11-22, over the 3 years (1095 days).
    const late = await store(u.atf, fresh('2026-11-22'));
    const other = await store(u.atf, fresh('2026-11-20'));
    await trace(u.atfSup, late, '2023-10-01', ffl);
    await trace(u.atfSup, other, '2026-10-01', ffl);
    let view = await viewOf(u.atfSup, late.id, '?reasons=dealer');
    expect(view.seizure.shortTimeToCrime).toBe(false);
    expect(view.groups[0]!.links[0]).toMatchObject({ strength: 'medium', details: { shortTimeToCrime: false } });

    // The officer corrects the recovery date to 2026-06-01: 974 days after the purchase, short.
    await store(u.atf, at(late, '2026-06-01'), 1);
    view = await viewOf(u.atfSup, late.id, '?reasons=dealer');
    expect(view.seizure).toMatchObject({ recoveredOn: '2026-06-01', shortTimeToCrime: true });
    expect(view.groups[0]!.links[0]).toMatchObject({ strength: 'strong', details: { shortTimeToCrime: true } });
    // And back: the time to crime follows the record, not the first date it had.
    await store(u.atf, at(late, '2026-11-22'), 2);
    expect((await viewOf(u.atfSup, late.id, '?reasons=dealer')).seizure.shortTimeToCrime).toBe(false);
  });

  it('gives the edges as CSV that parses back to the view\'s edges', async () => {
    const u = await users();
    const ring = await plantRing(u);
    const response = await get(u.atfSup, `/seizures/${ring.a1.id}/edges.csv?depth=2`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const parsed = Papa.parse<Record<string, string>>(response.body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    const view = await viewOf(u.atfSup, ring.a1.id, '?depth=2');
    expect(parsed.data.map((row) => `${row.from_record}|${row.to_record}|${row.reason}|${row.strength}|${row.serial_distance}`).sort()).toEqual(
      view.edges.map((e) => `${e.from}|${e.to}|${e.reason}|${e.strength}|${e.details.serialDistance ?? ''}`).sort(),
    );
    expect((await server().app.store.audit.about(ring.a1.id)).filter((row) => row.action === 'links.export')).toHaveLength(1);

    // A firearm's view has its own CSV, audited on its seizure with the firearm.
    const gunId = ring.a1.firearms[0]!.id;
    const gunCsv = await get(u.atfSup, `/firearms/${gunId}/edges.csv`);
    expect(gunCsv.statusCode, gunCsv.body).toBe(200);
    const gunRows = Papa.parse<Record<string, string>>(gunCsv.body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const gunView = (await get(u.atfSup, `/firearms/${gunId}`)).json<View>();
    expect(gunRows.map((row) => `${row.to_record}|${row.reason}`).sort()).toEqual(gunView.edges.map((e) => `${e.to}|${e.reason}`).sort());
    expect(gunRows.map((row) => row.reason)).toEqual(['serial', 'serial']);
    const exports = (await server().app.store.audit.about(ring.a1.id)).filter((row) => row.action === 'links.export');
    expect(exports).toHaveLength(2);
    expect(JSON.parse(String(exports.at(-1)?.details))).toMatchObject({ firearmId: gunId });
  });

  it('refuses officers (403), hides other agencies\' records (404) and answers malformed queries 400', async () => {
    const u = await users();
    const ring = await plantRing(u);
    for (const url of [`/seizures/${ring.a1.id}`, `/seizures/${ring.a1.id}/edges.csv`, `/firearms/${ring.a1.firearms[0]!.id}/edges.csv`, '/leads']) expect((await get(u.atf, url)).statusCode, url).toBe(403);
    for (const id of [ring.f1.id, ring.h2.id, randomUUID()]) expect((await get(u.atfSup, `/seizures/${id}`)).statusCode).toBe(404);
    for (const id of [ring.f1.firearms[0]!.id, randomUUID()]) expect((await get(u.atfSup, `/firearms/${id}/edges.csv`)).statusCode).toBe(404);
    expect((await get(u.atfSup, `/seizures/${ring.f2.id}`)).statusCode).toBe(200);
    for (const query of ['?depth=3', '?depth=two', '?reasons=colour', '?reasons=', '?from=2026-12-01&to=2026-11-01', '?from=yesterday', '?serialDistance=0', '?placeMetres=99999', '?other=1']) {
      const response = await get(u.atfSup, `/seizures/${ring.a1.id}${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ error: 'request.invalid' });
    }
    expect((await get(u.atfSup, '/seizures/not-a-uuid')).statusCode).toBe(400);
    for (const query of ['?from=2020-01-01&to=2026-11-30', '?limit=0', '?limit=500', '?cursor=-1', '?to=2026-01-01&from=2026-02-01']) expect((await get(u.atfSup, `/leads${query}`)).statusCode, query).toBe(400);
  });

  it('links a trace result\'s purchaser to a possessor elsewhere, and two people by one CURP under other names', async () => {
    const u = await users();
    const tag = letters(String(Math.floor(Math.random() * 1e6)).padStart(6, '0')).toLowerCase();
    const buyer = { firstName: 'Rubén', lastName: `Ochoa${tag}`, secondLastName: 'Díaz', dateOfBirth: '1990-05-01' };
    const plain = () => {
      const base = seizure();
      return { ...base, firearms: [{ ...base.firearms[0]!, serialNumber: `Q${tag.toUpperCase()}${Math.floor(Math.random() * 1e6)}` }] } satisfies Seizure;
    };
    const bought = await store(u.atf, plain());
    const found = await store(u.atf, { ...plain(), possessors: [{ ...buyer, firstName: 'RUBEN', secondLastName: 'DIAZ' }] });
    const firearmId = bought.firearms[0]!.id;
    const requested = { firearmId, seizureId: bought.id, status: 'requested', requestedAt: '2026-11-28', requestNumber: 'T20260012345', updatedAt: '2026-11-28T12:00:00Z' };
    const result = { purchaserFound: true, purchaserFirstName: buyer.firstName, purchaserLastName: buyer.lastName, purchaserSecondLastName: buyer.secondLastName, purchaserDateOfBirth: buyer.dateOfBirth };
    const changes = [
      { mutationId: randomUUID(), recordId: bought.id, firearmId, baseRevision: null, status: requested },
      { mutationId: randomUUID(), recordId: bought.id, firearmId, baseRevision: 1, status: { ...requested, status: 'traced', result } },
    ];
    const pushed = await server().app.inject({ method: 'POST', url: '/api/v1/sync/trace-push', headers: auth(u.atfSup), payload: { deviceId: 'device-1', changes } });
    expect(pushed.json<{ results: { status: string }[] }>().results.map((r) => r.status), pushed.body).toEqual(["applied", "applied"]);
    const person = (await viewOf(u.atfSup, found.id)).groups.find((g) => g.reason === 'person');
    expect(person?.links.map((l) => [l.seizure.recordId, l.strength, l.details.purchaser])).toEqual([[bought.id, 'strong', true]]);

    // A CURP of this run's own (earlier runs' records stay in the database), with RENAPO's check digit.
    const consonant = () => 'BCDFGHJKLMNPRSTVWXYZ'[Math.floor(Math.random() * 20)]!;
    const first17 = `GOMA050312MJC${consonant()}${consonant()}${consonant()}${consonant()}`;
    const curp = `${first17}${curpCheckDigit(first17)}`;
    const unique = (n: number) => ({ ...plain(), agency: { ...plain().agency, caseNumber: `CURP-${tag}-${n}` } });
    const one = await store(u.atf, { ...unique(1), possessors: [{ firstName: 'Ana', lastName: `Gómez${tag}`, idType: 'curp', idNumber: curp }] });
    const two = await store(u.atf, { ...unique(2), possessors: [{ firstName: 'Anabel', lastName: `Gomes${tag}`, idType: 'curp', idNumber: curp.toLowerCase() }] });
    const misread = await store(u.atf, { ...unique(3), possessors: [{ firstName: 'Ana', idType: 'passport', idNumber: curp }] });
    const byDocument = (await viewOf(u.atfSup, one.id)).groups.find((g) => g.reason === 'person');
    expect(byDocument?.links.map((l) => [l.seizure.recordId, l.details.document])).toContainEqual([two.id, 'curp']);
    expect(byDocument?.links.map((l) => l.seizure.recordId)).not.toContain(misread.id);
  });
});
