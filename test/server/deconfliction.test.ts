/**
 * Deconfliction alerts (docs/supervisor.md) on SQLite and PostgreSQL: two agencies holding the
 * same gun are both told, in either arrival order and on an edit that makes two records match;
 * one agency recording a gun twice gets a duplicate-record alert; a replayed push never doubles
 * an alert; the other side is a pointer with its contact, never its record unless shared; seen
 * and acknowledged are audited; officers are refused.
 */
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { MATCHES_PER_FIREARM } from '../../src/server/store/deconfliction-repository';
import { admin } from './helpers/admin';
import { DIALECTS } from './helpers/databases';
import { castOf, mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { sharesApi } from './helpers/shares';

interface AlertDto {
  id: string;
  kind: string;
  seenAt: string | null;
  acknowledged: { note: string | null } | null;
  mine: { recordId: string; agency: string; recoveredOn: string | null };
  other: { recordId?: string; agency: string; agencyName: string; contact: string | null; recoveredOn: string | null; recordStatus: string | null };
}

describe.each(DIALECTS)('deconfliction on %s', (dialect) => {
  const server = useServer(dialect);
  const api = sharesApi(server);
  const users = castOf(server, 'dc', {
    atf: ['ATF'],
    atf2: ['ATF'],
    atfSup: ['ATF', 'supervisor'],
    hsi: ['HSI'],
    hsiSup: ['HSI', 'supervisor'],
  });
  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const alertsOf = async (user: TestUser) => {
    const response = await server().app.inject({ method: 'GET', url: '/api/v1/deconfliction/alerts?limit=50', headers: auth(user) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ alerts: AlertDto[]; unacknowledged: number; cursor: string | null }>();
  };
  const tag = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  const rifle = (serialNumber: string, extra: Parameters<typeof seizure>[0] = {}) => {
    const base = seizure(extra);
    return { ...base, firearms: [{ ...base.firearms[0]!, manufacturer: 'Colt', serialNumber }] };
  };
  const store = async (user: TestUser, record: Seizure, base: number | null = null) => {
    expect(resultsOf(await server().push(user, [mutation(record, base)]))[0]?.status).toBe('applied');
  };
  const about = (alerts: AlertDto[], recordId: string) => alerts.filter((a) => a.mine.recordId === recordId || a.other.recordId === recordId);

  it('alerts both agencies, either arriving first, with a pointer and the contact but never the other record', async () => {
    const u = await users();
    expect((await admin(server().db.config, ['agency', 'contact', '--agency', 'HSI', '--contact', 'bad\u0007bell'])).code).toBe(1);
    expect((await admin(server().db.config, ['agency', 'contact', '--agency', 'HSI', '--contact', 'HSI Tucson duty desk +1 520 555 0100'])).code).toBe(0);
    for (const order of [['atf', 'hsi'], ['hsi', 'atf']] as const) {
      const t = tag();
      const atfRecord = rifle(`LW-${t}0`, { status: 'draft', recovery: { occurredAt: '2026-11-20T10:00:00-07:00' } });
      // HSI typed the serial with O for 0 and no hyphen: the same gun by its match key.
      const hsiRecord = rifle(`LW${t}O`);
      for (const who of order) await (who === 'atf' ? store(u.atf, atfRecord) : store(u.hsi, hsiRecord));

      const atfAlerts = (await alertsOf(u.atfSup)).alerts.filter((a) => a.mine.recordId === atfRecord.id);
      expect(atfAlerts).toHaveLength(1);
      expect(atfAlerts[0]).toMatchObject({ kind: 'other_agency', mine: { agency: 'ATF', recoveredOn: '2026-11-20' }, other: { agency: 'HSI', contact: 'HSI Tucson duty desk +1 520 555 0100', recoveredOn: '2026-11-28', recordStatus: 'ready' } });
      expect(atfAlerts[0]?.other.recordId).toBeUndefined();
      const hsiAlerts = (await alertsOf(u.hsiSup)).alerts.filter((a) => a.mine.recordId === hsiRecord.id);
      expect(hsiAlerts).toHaveLength(1);
      expect(hsiAlerts[0]).toMatchObject({ id: atfAlerts[0]?.id, other: { agency: 'ATF', contact: null } });
      expect(JSON.stringify(hsiAlerts)).not.toContain(atfRecord.id);
    }
  });

  it('alerts when an edit makes two records match, once, and never again on a replayed push', async () => {
    const u = await users();
    const t = tag();
    const atfRecord = rifle(`ED-${t}`);
    const hsiRecord = rifle(`XX-${t}`);
    await store(u.atf, atfRecord);
    await store(u.hsi, hsiRecord);
    expect(about((await alertsOf(u.atfSup)).alerts, atfRecord.id)).toEqual([]);

    const edit = mutation({ ...hsiRecord, firearms: [{ ...hsiRecord.firearms[0]!, serialNumber: `ED${t}` }] }, 1);
    expect(resultsOf(await server().push(u.hsi, [edit]))[0]?.status).toBe('applied');
    expect(resultsOf(await server().push(u.hsi, [edit]))[0]?.status).toBe('duplicate');
    // A later revision that still matches makes no second alert for the pair.
    const again = mutation({ ...hsiRecord, notes: 'checked', firearms: [{ ...hsiRecord.firearms[0]!, serialNumber: `ED${t}` }] }, 2);
    expect(resultsOf(await server().push(u.hsi, [again]))[0]?.status).toBe('applied');
    const alerts = about((await alertsOf(u.atfSup)).alerts, atfRecord.id);
    expect(alerts).toHaveLength(1);
    const created = (await server().app.store.audit.about(alerts[0]!.id)).filter((row) => row.action === 'alert.create');
    expect(created).toHaveLength(1);
  });

  it('tells one agency that recorded the same gun twice, with both records', async () => {
    const u = await users();
    const t = tag();
    const first = rifle(`DU-${t}`);
    const second = rifle(`DU${t}`);
    await store(u.atf, first);
    await store(u.atf2, second);
    const alerts = about((await alertsOf(u.atfSup)).alerts, first.id);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'same_agency', mine: expect.objectContaining({ recordId: first.id }), other: expect.objectContaining({ recordId: second.id, agency: 'ATF' }) })]);
    expect(about((await alertsOf(u.hsiSup)).alerts, first.id)).toEqual([]);
  });

  it('gives the other record once it is shared; never matches a gun without its maker or serial', async () => {
    const u = await users();
    const t = tag();
    const hsiRecord = rifle(`SH-${t}`);
    const atfRecord = rifle(`SH-${t}`);
    await store(u.hsi, hsiRecord);
    await store(u.atf, atfRecord);
    expect((await api.share(u.hsiSup, { recordId: hsiRecord.id, toAgency: 'ATF' })).statusCode).toBe(201);
    expect(about((await alertsOf(u.atfSup)).alerts, atfRecord.id)[0]?.other.recordId).toBe(hsiRecord.id);

    const noMaker = (serial: string) => {
      const record = rifle(serial);
      const unmarked: Seizure['firearms'][number] = { ...record.firearms[0]! };
      delete unmarked.manufacturer;
      return { ...record, status: 'draft' as const, firearms: [unmarked] };
    };
    const a = noMaker(`NM-${t}`);
    const b = noMaker(`NM-${t}`);
    await store(u.atf, a);
    await store(u.hsi, b);
    expect(about((await alertsOf(u.atfSup)).alerts, a.id)).toEqual([]);
  });

  it('counts, marks seen and acknowledges with a note, audited; refuses officers and strangers', async () => {
    const u = await users();
    const t = tag();
    const atfRecord = rifle(`AK-${t}`);
    await store(u.atf, atfRecord);
    await store(u.hsi, rifle(`AK-${t}`));
    const before = await alertsOf(u.atfSup);
    const alert = about(before.alerts, atfRecord.id)[0]!;
    expect(alert.seenAt).toBeNull();
    expect(before.unacknowledged).toBeGreaterThan(0);
    expect(about((await alertsOf(u.atfSup)).alerts, atfRecord.id)[0]?.seenAt).not.toBeNull();

    const ack = (user: TestUser, id: string, payload: unknown) => server().app.inject({ method: 'POST', url: `/api/v1/deconfliction/alerts/${id}/acknowledge`, headers: auth(user), payload: payload as object });
    expect((await ack(u.atf, alert.id, {})).statusCode).toBe(403);
    expect((await ack(u.atfSup, alert.id, { note: 'x'.repeat(501) })).statusCode).toBe(400);
    expect((await ack(u.atfSup, '00000000-0000-4000-8000-000000000000', {})).statusCode).toBe(404);
    expect((await ack(u.atfSup, alert.id, { note: 'Llamé a HSI Tucson; es el mismo rifle.' })).json()).toMatchObject({ acknowledged: true, already: false });
    expect((await ack(u.atfSup, alert.id, { note: 'again' })).json()).toMatchObject({ already: true });
    const after = await alertsOf(u.atfSup);
    expect(about(after.alerts, atfRecord.id)[0]?.acknowledged).toMatchObject({ note: 'Llamé a HSI Tucson; es el mismo rifle.' });
    expect(after.unacknowledged).toBe(before.unacknowledged - 1);

    const trail = await server().app.store.audit.about(alert.id);
    expect(trail.map((row) => row.action)).toEqual(['alert.create', 'alert.seen', 'alert.acknowledge']);
    expect(JSON.stringify(trail)).not.toContain('Tucson');
    expect((await server().app.inject({ method: 'GET', url: '/api/v1/deconfliction/alerts', headers: auth(u.atf) })).statusCode).toBe(403);
    expect((await server().app.inject({ method: 'GET', url: '/api/v1/deconfliction/alerts?limit=0', headers: auth(u.atfSup) })).statusCode).toBe(400);
  });

  // Last: it makes hundreds of alerts, which would push the others' off the first page.
  it('alerts a gun held by many records against the newest few only', async () => {
    const u = await users();
    const t = tag();
    const many = Array.from({ length: MATCHES_PER_FIREARM + 2 }, () => rifle(`MN-${t}`, { status: 'draft' }));
    expect(resultsOf(await server().push(u.atf, many.map((record) => mutation(record)))).every((r) => r.status === 'applied')).toBe(true);
    const last = rifle(`MN-${t}`, { status: 'draft' });
    const before = (await server().app.store.db.selectFrom('deconfliction_alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    await store(u.hsi, last);
    const after = (await server().app.store.db.selectFrom('deconfliction_alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after) - Number(before)).toBe(MATCHES_PER_FIREARM);
  });
});
