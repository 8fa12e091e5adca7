/**
 * Trace status sync (docs/sync-protocol.md "Trace status") through app.inject, on SQLite and
 * PostgreSQL: a status of its own beside the record (no conflict with a notes edit), a real
 * conflict between two status changes, the domain's checks, who may record, idempotency,
 * visibility to a receiving agency, the audit trail and the record's history.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { TracePullResponseSchema, TracePushResponseSchema } from '../../src/domain/trace-wire';
import { admin } from './helpers/admin';
import { DIALECTS } from './helpers/databases';
import { castOf, mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { sharesApi } from './helpers/shares';

const requested = (firearmId: string, seizureId: string, extra: Record<string, unknown> = {}) => ({
  firearmId,
  seizureId,
  status: 'requested',
  requestedAt: '2026-11-28',
  requestNumber: 'T20260012345',
  updatedAt: '2026-11-28T12:00:00Z',
  ...extra,
});

const traced = (firearmId: string, seizureId: string) =>
  requested(firearmId, seizureId, { status: 'traced', result: { purchaserFound: true, dealerFfl: '1-23-456-78-9A-12345', purchaseDate: '2025-11-28', timeToCrimeDays: 365 } });

describe.each(DIALECTS)('trace status on %s', (dialect) => {
  const server = useServer(dialect);
  const api = sharesApi(server);
  const users = castOf(server, 'tr', {
    officer: ['ATF'],
    officer2: ['ATF'],
    sup: ['ATF', 'supervisor'],
    sup2: ['ATF', 'supervisor'],
    fgrSup: ['FGR', 'supervisor'],
    hsiSup: ['HSI', 'supervisor'],
  });
  const tracePush = (user: TestUser, changes: unknown[], deviceId = 'device-1') =>
    server().app.inject({ method: 'POST', url: '/api/v1/sync/trace-push', headers: { authorization: `Bearer ${user.token}` }, payload: { deviceId, changes } });
  const results = (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(200);
    return TracePushResponseSchema.parse(response.json()).results as { status: string; revision?: number; errors?: { code: string }[]; current?: { revision: number; status: { status: string } } }[];
  };
  const tracePull = async (user: TestUser, cursor = '0', limit = 100) => {
    const response = await server().app.inject({ method: 'GET', url: `/api/v1/sync/trace-pull?cursor=${cursor}&limit=${limit}`, headers: { authorization: `Bearer ${user.token}` } });
    expect(response.statusCode, response.body).toBe(200);
    return TracePullResponseSchema.parse(response.json());
  };
  const change = (recordId: string, firearmId: string, status: unknown, baseRevision: number | null = null) => ({ mutationId: randomUUID(), recordId, firearmId, baseRevision, status });

  async function storedSeizure(user: TestUser, firearms = 1) {
    const base = seizure();
    const record = { ...base, firearms: Array.from({ length: firearms }, (_, i) => ({ ...base.firearms[0]!, id: randomUUID(), itemNumber: i + 1, serialNumber: `ABC12${i}45` })) };
    expect(resultsOf(await server().push(user, [mutation(record)]))[0]?.status).toBe('applied');
    return record;
  }

  it('records a request then a result, each a revision of the firearm, and pulls the latest', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    expect(results(await tracePush(u.sup, [change(record.id, firearmId, requested(firearmId, record.id))]))).toEqual([expect.objectContaining({ status: 'applied', revision: 1 })]);
    expect(results(await tracePush(u.sup, [change(record.id, firearmId, traced(firearmId, record.id), 1)]))).toEqual([expect.objectContaining({ status: 'applied', revision: 2 })]);

    const page = await tracePull(u.officer);
    expect(page.statuses.filter((s) => s.recordId === record.id)).toHaveLength(1);
    expect(page.statuses.find((s) => s.recordId === record.id)).toMatchObject({ recordId: record.id, firearmId, revision: 2, status: { status: 'traced', revision: 2 } });
    expect(page.more).toBe(false);
    expect((await tracePull(u.officer, page.cursor)).statuses).toEqual([]);
  });

  it('lets a trace result and a notes edit of the same seizure both stand, without a conflict', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    // Both made offline on revision 1 of the record; the officer's edit reaches the server first.
    expect(resultsOf(await server().push(u.officer, [mutation({ ...record, notes: 'corrected notes' }, 1)]))[0]?.status).toBe('applied');
    expect(results(await tracePush(u.sup, [change(record.id, firearmId, requested(firearmId, record.id))]))[0]?.status).toBe('applied');
    const latest = await server().app.store.records.findLatest(record.id);
    expect(latest?.body.notes).toBe('corrected notes');
    expect((await tracePull(u.sup)).statuses.find((s) => s.firearmId === firearmId)?.status).toMatchObject({ status: 'requested' });
  });

  it('answers a second change of the same status made on the same revision with a conflict, and keeps the first', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    results(await tracePush(u.sup, [change(record.id, firearmId, requested(firearmId, record.id))]));
    expect(results(await tracePush(u.sup, [change(record.id, firearmId, traced(firearmId, record.id), 1)]))[0]?.status).toBe('applied');
    const theirs = requested(firearmId, record.id, { status: 'not_traced', notTracedReason: 'record_not_found' });
    const [answer] = results(await tracePush(u.sup2, [change(record.id, firearmId, theirs, 1)], 'device-2'));
    expect(answer).toMatchObject({ status: 'conflict', current: { revision: 2, status: { status: 'traced' } } });
    expect((await tracePull(u.sup)).statuses.find((s) => s.firearmId === firearmId)?.status).toMatchObject({ status: 'traced' });
  });

  it('answers a retried change as a duplicate and stores it once', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    const once = change(record.id, firearmId, requested(firearmId, record.id));
    results(await tracePush(u.sup, [once]));
    expect(results(await tracePush(u.sup, [once]))).toEqual([expect.objectContaining({ status: 'duplicate', revision: 1 })]);
    expect(await server().app.store.trace.history(record.id)).toHaveLength(1);
  });

  it("refuses with the domain's codes a wrong request number, a purchase after the recovery and a time to crime that does not match", async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    const wrongNumber = requested(firearmId, record.id, { requestNumber: 'T123' });
    expect(results(await tracePush(u.sup, [change(record.id, firearmId, wrongNumber)]))[0]?.errors?.map((e) => e.code)).toEqual(['trace.requestNumberFormat']);
    results(await tracePush(u.sup, [change(record.id, firearmId, requested(firearmId, record.id))]));
    const late = requested(firearmId, record.id, { status: 'traced', result: { purchaserFound: true, purchaseDate: '2026-11-29', timeToCrimeDays: 10 } });
    const codes = results(await tracePush(u.sup, [change(record.id, firearmId, late, 1)]))[0]?.errors?.map((e) => e.code);
    expect(codes).toEqual(['trace.purchaseAfterRecovery', 'trace.timeToCrimeMismatch']);
    const skipped = requested(firearmId, record.id, { status: 'traced', result: { purchaserFound: false } });
    const other = await storedSeizure(u.officer);
    const otherFirearm = other.firearms[0]!.id;
    const jump = results(await tracePush(u.sup, [change(other.id, otherFirearm, { ...skipped, firearmId: otherFirearm, seizureId: other.id })]));
    expect(jump[0]?.errors?.map((e) => e.code)).toEqual(['trace.transitionNotAllowed']);
    const malformed = results(await tracePush(u.sup, [change(other.id, otherFirearm, { firearmId: otherFirearm, seizureId: other.id, status: 'lost' })]));
    expect(malformed[0]?.status).toBe('rejected');
    expect(await server().app.store.trace.history(other.id)).toEqual([]);
  });

  it('refuses an unknown firearm, an id mismatch, a record of another agency, and a malformed request with 400', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    const stranger = randomUUID();
    expect(results(await tracePush(u.sup, [change(record.id, stranger, requested(stranger, record.id))]))[0]?.errors?.map((e) => e.code)).toEqual(['trace.unknownFirearm']);
    expect(results(await tracePush(u.sup, [change(record.id, firearmId, requested(stranger, record.id))]))[0]?.errors?.map((e) => e.code)).toEqual(['sync.recordIdMismatch']);
    expect(results(await tracePush(u.fgrSup, [change(record.id, firearmId, requested(firearmId, record.id))]))[0]?.errors?.map((e) => e.code)).toEqual(['sync.forbidden']);
    const unknownRecord = randomUUID();
    expect(results(await tracePush(u.sup, [change(unknownRecord, firearmId, requested(firearmId, unknownRecord))]))[0]?.errors?.map((e) => e.code)).toEqual(['sync.unknownRecord']);
    const bad = await tracePush(u.sup, [{ mutationId: 'not-a-uuid', recordId: record.id, firearmId, baseRevision: null, status: {} }]);
    expect(bad.statusCode).toBe(400);
    expect(await server().app.store.trace.history(record.id)).toEqual([]);
  });

  it("refuses an officer's change unless the agency allows officers, as the admin CLI sets it", async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    const first = change(record.id, firearmId, requested(firearmId, record.id));
    expect(results(await tracePush(u.officer, [first]))[0]?.errors?.map((e) => e.code)).toEqual(['trace.officerNotAllowed']);

    const allowed = await admin(server().db.config, ['agency', 'trace-policy', '--agency', 'ATF', '--by', 'officers']);
    expect(allowed).toMatchObject({ code: 0, out: ['In agency ATF officers may now record trace status themselves, as supervisors and admins do.'] });
    expect(results(await tracePush(u.officer2, [{ ...first, mutationId: randomUUID() }]))[0]?.status).toBe('applied');
    const policyEvents = (await server().app.store.audit.about('ATF')).filter((row) => row.action === 'trace.policy');
    expect(policyEvents).toHaveLength(1);
    expect((await admin(server().db.config, ['agency', 'trace-policy', '--agency', 'ATF', '--by', 'supervisors'])).code).toBe(0);
    expect(results(await tracePush(u.officer, [change(record.id, firearmId, traced(firearmId, record.id), 1)]))[0]?.errors?.map((e) => e.code)).toEqual(['trace.officerNotAllowed']);
    expect((await admin(server().db.config, ['agency', 'trace-policy', '--agency', 'ATF', '--by', 'everyone'])).code).toBe(1);
  });

  it('audits every change with codes only, and shows it in the record history', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer);
    const firearmId = record.firearms[0]!.id;
    results(await tracePush(u.sup, [change(record.id, firearmId, requested(firearmId, record.id, { note: 'Llamar a la NTC' }))]));
    const events = (await server().app.store.audit.about(record.id)).filter((row) => row.action === 'trace.status');
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toContain('"to":"requested"');
    expect(events[0]?.details).not.toContain('Llamar');
    const history = await api.history(u.sup, record.id);
    expect(history.json().traceChanges).toEqual([expect.objectContaining({ firearmId, revision: 1, from: 'not_requested', to: 'requested', author: expect.objectContaining({ username: u.sup.username }) })]);
  });

  it('shows a shared record’s statuses to the receiving agency, which cannot change them, and never shows an unshared one', async () => {
    const u = await users();
    const record = await storedSeizure(u.officer, 3);
    const hidden = await storedSeizure(u.officer);
    for (const [i, firearm] of record.firearms.entries()) results(await tracePush(u.sup, [change(record.id, firearm.id, requested(firearm.id, record.id, { requestNumber: `T2026001234${i}` }))]));
    results(await tracePush(u.sup, [change(hidden.id, hidden.firearms[0]!.id, requested(hidden.firearms[0]!.id, hidden.id))]));
    const before = await tracePull(u.fgrSup);
    expect(before.statuses).toEqual([]);

    expect((await api.share(u.sup, { recordId: record.id, toAgency: 'FGR' })).statusCode).toBe(201);
    // A page of two cannot end inside the share's one key: all three come together.
    const page = await tracePull(u.fgrSup, before.cursor, 2);
    expect(page.statuses.map((s) => s.firearmId).sort()).toEqual(record.firearms.map((f) => f.id).sort());
    expect(page.statuses.every((s) => s.shared?.fromAgency === 'ATF')).toBe(true);
    expect((await tracePull(u.fgrSup, page.cursor)).statuses).toEqual([]);
    expect((await tracePull(u.hsiSup)).statuses).toEqual([]);

    const firearmId = record.firearms[0]!.id;
    const attempt = results(await tracePush(u.fgrSup, [change(record.id, firearmId, traced(firearmId, record.id), 1)]));
    expect(attempt[0]?.errors?.map((e) => e.code)).toEqual(['sync.readOnly']);
  });
});
