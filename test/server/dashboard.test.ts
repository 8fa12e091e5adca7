/**
 * GET /api/v1/supervisor/dashboard on SQLite and PostgreSQL (docs/supervisor.md "Dashboard"):
 * the numbers for a known set of DEA records match, the period narrows them, other agencies'
 * records never count, officers and a reversed period are refused.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';

describe.each(DIALECTS)('supervisor dashboard on %s', (dialect) => {
  const server = useServer(dialect);
  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const store = async (user: TestUser, record: Seizure) => expect(resultsOf(await server().push(user, [mutation(record)]))[0]?.status).toBe('applied');
  const trace = async (user: TestUser, record: Seizure, statuses: Record<string, unknown>[]) => {
    const firearmId = record.firearms[0]!.id;
    let base: number | null = null;
    for (const extra of statuses) {
      const status = { firearmId, seizureId: record.id, requestedAt: '2026-11-28', updatedAt: '2026-11-28T12:00:00Z', ...extra };
      const response: LightMyRequestResponse = await server().app.inject({
        method: 'POST',
        url: '/api/v1/sync/trace-push',
        headers: auth(user),
        payload: { deviceId: 'd', changes: [{ mutationId: randomUUID(), recordId: record.id, firearmId, baseRevision: base, status }] },
      });
      expect(response.json().results[0].status, response.body).toBe('applied');
      base = response.json().results[0].revision;
    }
  };
  const withFirearm = (record: Seizure, change: (firearm: Seizure['firearms'][number]) => void, overrides: Partial<Seizure> = {}): Seizure => {
    const firearm = { ...record.firearms[0]! };
    change(firearm);
    return { ...record, ...overrides, firearms: [firearm] };
  };

  it("counts the agency's firearms of a period: ready, asked, answered, what is missing, what waits, how long", async () => {
    const officer = await server().user('dash.dea.off', 'DEA');
    const sup = await server().user('dash.dea.sup', 'DEA', 'supervisor');
    const other = await server().user('dash.hsi.off', 'HSI');
    const requested = seizure();
    const notTraced = seizure();
    const waiting = seizure();
    // A foreign pistol without its importer, and one without its model: drafts with a gap each.
    const noImporter = withFirearm(seizure(), (f) => (f.countryOfOrigin = 'AT'), { status: 'draft', recovery: { occurredAt: '2026-11-20T10:00:00-07:00' } });
    const noModel = withFirearm(seizure(), (f) => delete f.model, { status: 'draft', recovery: { occurredAt: '2026-10-01T10:00:00-07:00' } });
    for (const record of [requested, notTraced, waiting, noImporter, noModel]) await store(officer, record);
    await store(other, seizure());
    await trace(sup, requested, [{ status: 'requested' }]);
    await trace(sup, notTraced, [{ status: 'requested' }, { status: 'not_traced', notTracedReason: 'record_not_found' }]);

    const response = await server().app.inject({ method: 'GET', url: '/api/v1/supervisor/dashboard?from=2026-11-01&to=2026-11-30', headers: auth(sup) });
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = response.json();
    expect(dashboard.firearms).toEqual({ total: 4, traceReady: 3, recordsReady: 3 });
    expect(dashboard.trace).toEqual({ not_requested: 2, requested: 1, traced: 0, not_traced: 1 });
    expect(dashboard.notTracedReasons).toMatchObject({ record_not_found: 1, obliterated_serial: 0 });
    expect(dashboard.gaps).toEqual([{ field: 'importer', kind: 'missing', count: 1 }]);
    expect(dashboard.readyNotRequested).toEqual([expect.objectContaining({ recordId: waiting.id, recoveredOn: '2026-11-28', itemNumber: 1 })]);
    expect(dashboard.daysToRequest).toEqual({ count: 2, median: 0, p90: 0 });

    const wider = (await server().app.inject({ method: 'GET', url: '/api/v1/supervisor/dashboard', headers: auth(sup) })).json();
    expect(wider.firearms.total).toBe(5);
    expect(wider.gaps).toEqual(expect.arrayContaining([{ field: 'model', kind: 'missing', count: 1 }, { field: 'importer', kind: 'missing', count: 1 }]));

    expect((await server().app.inject({ method: 'GET', url: '/api/v1/supervisor/dashboard', headers: auth(officer) })).statusCode).toBe(403);
    const reversed = await server().app.inject({ method: 'GET', url: '/api/v1/supervisor/dashboard?from=2026-12-01&to=2026-11-01', headers: auth(sup) });
    expect(reversed.json()).toEqual({ error: 'search.rangeReversed' });
    expect((await server().app.inject({ method: 'GET', url: '/api/v1/supervisor/dashboard?from=yesterday', headers: auth(sup) })).statusCode).toBe(400);
  });
});
