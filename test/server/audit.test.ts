/**
 * The hash-chained audit trail (docs/security.md "Audit trail"): which actions leave a row,
 * that a revision and its audit row commit together, that `audit verify` finds an altered and a
 * removed row at the right seq, that two instances share one chain, and the record history API.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { applyMutation } from '../../src/server/protocol/push';
import type { Store } from '../../src/server/store';
import { admin } from './helpers/admin';
import { mutation, NOW, PASSWORD, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { DIALECTS } from './helpers/databases';

describe.each(DIALECTS)('audit trail on %s', (dialect) => {
  const server = useServer(dialect);
  const rows = () => server().app.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const verify = () => admin(server().db.config, ['audit', 'verify']);

  it('records sign-ins, failures, the lock, refresh, logout and record changes, in one gapless order', async () => {
    const start = (await rows()).length;
    const officer = await server().user('audit.officer', 'ATF');
    for (let i = 0; i < 5; i++) await server().login('audit.locked', 'wrong password here');
    await server().login('audit.officer', 'not the password');
    const refreshed = await server().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: officer.refreshToken } });
    const { token } = refreshed.json<{ token: string }>();
    const me: TestUser = { ...officer, token };

    const record = seizure();
    expect(resultsOf(await server().push(me, [mutation(record)], 'phone-1'))[0]?.status).toBe('applied');
    const edited = { ...record, notes: 'Serial re-read under a lamp', firearms: record.firearms.map((f) => ({ ...f, serialNumber: 'ZX9911' })) };
    expect(resultsOf(await server().push(me, [mutation(edited, 1)], 'phone-1'))[0]?.status).toBe('applied');
    expect(resultsOf(await server().push(me, [mutation(edited, 1)], 'phone-2'))[0]?.status).toBe('conflict');
    await server().app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });

    const trail = (await rows()).slice(start);
    expect(trail.map((r) => r.action)).toEqual([
      'login.success',
      ...Array(5).fill('login.failure'),
      'login.locked',
      'login.failure',
      'token.refresh',
      'record.create',
      'record.revise',
      'record.conflict',
      'logout',
    ]);
    const all = await rows();
    expect(all.map((r) => Number(r.seq))).toEqual(all.map((_, i) => i + 1));

    const [create, revise] = trail.filter((r) => r.action.startsWith('record.'));
    expect(create).toMatchObject({ actor_user_id: officer.id, agency_code: 'ATF', device_id: 'phone-1', subject: record.id });
    expect(JSON.parse(revise!.details)).toMatchObject({ revision: 2, changed: expect.arrayContaining(['notes', 'firearms[0].serialNumber']) });
    // Which fields changed, never what they say.
    expect(revise!.details).not.toContain('ZX9911');
    expect(revise!.details).not.toContain('lamp');
    expect(JSON.parse(trail.find((r) => r.action === 'login.locked')!.details)).toEqual({ username: 'audit.locked' });
    expect(JSON.parse(trail[6 + 1]!.details)).toEqual({ username: 'audit.officer', reason: 'wrong-password' });
    expect(trail[7]!.actor_user_id).toBe(officer.id);

    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.out).toEqual([`Audit trail OK: ${all.length} row(s), seq 1 to ${all.length}, every link verified; every revision since ${all[0]!.at} has its audit row.`]);
  });

  it('finds a changed row at its own seq, and a removed row by its number', async () => {
    const officer = await server().user('audit.tamper', 'ATF');
    for (let i = 0; i < 3; i++) resultsOf(await server().push(officer, [mutation(seizure())]));
    expect((await verify()).code).toBe(0);
    const db = server().app.store.db;
    const trail = await rows();
    const victim = trail[trail.length - 3]!;
    const seq = Number(victim.seq);

    // Someone with database access hides who made a change.
    await db.updateTable('audit_log').set({ actor_user_id: 'someone-else' }).where('seq', '=', seq).execute();
    const changed = await verify();
    expect(changed.code).toBe(1);
    expect(changed.err.join('\n')).toContain(`BROKEN at seq ${seq}: the row does not match its hash`);
    await db.updateTable('audit_log').set({ actor_user_id: victim.actor_user_id }).where('seq', '=', seq).execute();
    expect((await verify()).code).toBe(0);

    // A cleverer edit recomputes the row's own hash: the next row's link still gives it away.
    const { hashOf } = await import('../../src/server/audit/chain');
    const forged = { ...victim, details: '{}' };
    const forgedHash = hashOf({
      seq,
      at: forged.at,
      actorUserId: forged.actor_user_id,
      agencyCode: forged.agency_code,
      deviceId: forged.device_id,
      action: forged.action,
      subject: forged.subject,
      details: forged.details,
      prevHash: forged.prev_hash,
    });
    await db.updateTable('audit_log').set({ details: '{}', hash: forgedHash }).where('seq', '=', seq).execute();
    const relinked = await verify();
    expect(relinked.code).toBe(1);
    expect(relinked.err.join('\n')).toContain(`BROKEN at seq ${seq + 1}: prev_hash does not match`);
    await db.updateTable('audit_log').set({ details: victim.details, hash: victim.hash }).where('seq', '=', seq).execute();

    // Removing a row.
    await db.deleteFrom('audit_log').where('seq', '=', seq).execute();
    const removed = await verify();
    expect(removed.code).toBe(1);
    expect(removed.err.join('\n')).toContain(`BROKEN at seq ${seq}: row ${seq} is missing`);
    await db.insertInto('audit_log').values(victim).execute();
    expect((await verify()).code).toBe(0);

    // Two alterations at once: both are listed, each at its own seq.
    const other = trail[trail.length - 1]!;
    await db.updateTable('audit_log').set({ subject: 'moved' }).where('seq', '=', seq).execute();
    await db.updateTable('audit_log').set({ device_id: 'other-phone' }).where('seq', '=', Number(other.seq)).execute();
    const twice = await verify();
    expect(twice.code).toBe(1);
    const text = twice.err.join('\n');
    expect(text).toContain(`2 broken link(s) in ${trail.length} row(s):`);
    expect(text).toContain(`  seq ${seq}: the row does not match its hash`);
    expect(text).toContain(`  seq ${other.seq}: the row does not match its hash`);
    await db.updateTable('audit_log').set({ subject: victim.subject }).where('seq', '=', seq).execute();
    await db.updateTable('audit_log').set({ device_id: other.device_id }).where('seq', '=', Number(other.seq)).execute();
    expect((await verify()).code).toBe(0);
  });

  it('finds audit rows cut off the end of the chain, and revisions altered or removed in the evidence', async () => {
    const officer = await server().user('audit.evidence', 'ATF');
    // A serial no other test record has: no deconfliction alert follows the record's own row.
    const base = seizure();
    const record = { ...base, firearms: [{ ...base.firearms[0]!, serialNumber: 'AUD1T9' }] };
    resultsOf(await server().push(officer, [mutation(record)]));
    expect((await verify()).code).toBe(0);
    const db = server().app.store.db;

    // The newest row is the record's: removing it leaves an intact, shorter chain.
    const [last] = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).execute();
    expect(last).toMatchObject({ action: 'record.create', subject: record.id });
    await db.deleteFrom('audit_log').where('seq', '=', last!.seq).execute();
    const cut = await verify();
    expect(cut.code).toBe(1);
    expect(cut.err.join('\n')).toContain(`of record ${record.id}`);
    expect(cut.err.join('\n')).toContain('has no audit row');
    await db.insertInto('audit_log').values(last!).execute();
    expect((await verify()).code).toBe(0);

    // Passing another revision off as this one (its mutation id changed) or removing it.
    const [revision] = await db.selectFrom('revisions').selectAll().where('record_id', '=', record.id).execute();
    await db.updateTable('revisions').set({ mutation_id: crypto.randomUUID() }).where('seq', '=', revision!.seq).execute();
    const gone = await verify();
    expect(gone.code).toBe(1);
    expect(gone.err.join('\n')).toContain(`BROKEN at seq ${last!.seq}: the revision this row records (mutation ${revision!.mutation_id}) is no longer in revisions`);
    await db.updateTable('revisions').set({ mutation_id: revision!.mutation_id }).where('seq', '=', revision!.seq).execute();
    expect((await verify()).code).toBe(0);
  });

  it('never stores a revision without its audit row', async () => {
    const officer = await server().user('audit.atomic', 'ATF');
    const store = server().app.store;
    const failingAudit: Store = {
      ...store,
      writeLocked: (work) =>
        store.writeLocked((tx) =>
          work({
            ...tx,
            audit: {
              ...tx.audit,
              appendAll: async () => {
                throw new Error('audit write failed');
              },
            },
          }),
        ),
    };
    const record = seizure();
    const caller = { userId: officer.id, username: officer.username, agencyCode: 'ATF' };
    const input = mutation(record) as Parameters<typeof applyMutation>[1];
    await expect(applyMutation({ store: failingAudit, caller, deviceId: 'phone-x', now: NOW }, input)).rejects.toThrow('audit write failed');
    expect(await store.records.findLatest(record.id)).toBeUndefined();
    expect(await store.records.findMutation(input.mutationId)).toBeUndefined();
    // The retry with a working audit stores both.
    expect((await applyMutation({ store, caller, deviceId: 'phone-x', now: NOW }, input)).status).toBe('applied');
    expect((await store.audit.about(record.id)).map((r) => r.action)).toEqual(['record.create']);
  });

  it('keeps one chain for two instances writing at once', async () => {
    const other = await buildApp({ database: server().db.config, now: () => NOW });
    try {
      const a = await server().user('audit.inst.a', 'HSI');
      const b = await server().user('audit.inst.b', 'HSI');
      const pushOn = (app: typeof other, user: TestUser) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/sync/push',
          headers: { authorization: `Bearer ${user.token}` },
          payload: { deviceId: 'd', mutations: [mutation(seizure()), mutation(seizure())] },
        });
      const answers = await Promise.all([
        ...Array.from({ length: 4 }, () => pushOn(server().app, a)),
        ...Array.from({ length: 4 }, () => pushOn(other, b)),
        server().login('audit.inst.a', PASSWORD),
      ]);
      for (const answer of answers) expect(answer.statusCode).toBe(200);
      const result = await verify();
      expect(result.code, result.err.join('\n')).toBe(0);
      const revisions = await server().app.store.db.selectFrom('revisions').select('mutation_id').execute();
      const audited = (await rows()).filter((r) => r.action === 'record.create' || r.action === 'record.revise');
      expect(audited).toHaveLength(revisions.length);
    } finally {
      await other.close();
    }
  });
});

describe.each(DIALECTS)('record history on %s', (dialect) => {
  const server = useServer(dialect);
  const history = (user: TestUser, id: string) =>
    server().app.inject({ method: 'GET', url: `/api/v1/records/${id}/history`, headers: { authorization: `Bearer ${user.token}` } });

  it('shows supervisors and admins of the agency who changed what, when and from which device', async () => {
    const officer = await server().user('hist.officer', 'FGR');
    const colleague = await server().user('hist.colleague', 'FGR');
    const supervisor = await server().user('hist.supervisor', 'FGR', 'supervisor');
    const adminUser = await server().user('hist.admin', 'FGR', 'admin');
    const record = seizure();
    resultsOf(await server().push(officer, [mutation(record)], 'phone-a'));
    const edited = { ...record, notes: 'Possessor named in the report', firearms: record.firearms.map((f) => ({ ...f, serialNumber: 'QK55102' })) };
    expect(resultsOf(await server().push(colleague, [mutation(edited, 1)], 'phone-b'))[0]?.status).toBe('applied');

    for (const reader of [supervisor, adminUser]) {
      const response = await history(reader, record.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        recordId: record.id,
        revisions: [
          { revision: 1, at: NOW.toISOString(), author: { id: officer.id, username: 'hist.officer' }, deviceId: 'phone-a', changedFields: null },
          { revision: 2, at: NOW.toISOString(), author: { id: colleague.id, username: 'hist.colleague' }, deviceId: 'phone-b', changedFields: ['firearms[0].serialNumber', 'notes'] },
        ],
        // No trace status recorded yet (trace-status.test.ts covers the changes).
        traceChanges: [],
      });
      expect(response.body).not.toContain('Possessor named');
    }
  });

  it('refuses officers with 403, hides other agencies and unknown records with 404, and bad ids with 400', async () => {
    const officer = await server().user('hist.o2', 'FGR');
    const otherSupervisor = await server().user('hist.other', 'SEDENA', 'supervisor');
    const record = seizure();
    resultsOf(await server().push(officer, [mutation(record)]));

    expect((await history(officer, record.id)).json()).toEqual({ error: 'auth.forbidden' });
    expect((await history(officer, record.id)).statusCode).toBe(403);
    expect((await history(otherSupervisor, record.id)).statusCode).toBe(404);
    expect((await history(otherSupervisor, '6f1c2a52-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await history(otherSupervisor, 'not-a-uuid')).statusCode).toBe(400);
    expect((await server().app.inject({ method: 'GET', url: `/api/v1/records/${record.id}/history` })).statusCode).toBe(401);
  });
});
