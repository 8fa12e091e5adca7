/**
 * Sharing between agencies (docs/sync-protocol.md "Shares"): a supervisor shares a record or a
 * case, the receiving agency pulls it read-only, pushes to it are refused, revoking sends a
 * tombstone, a case share takes in later records, the policy and the roles are enforced, and
 * every grant and revocation is in the audit trail.
 */
import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/audit/chain';
import { migrateToLatest, openDatabase } from '../../src/server/store';
import { MIGRATIONS } from '../../src/server/store/migrations';
import type { Database } from '../../src/server/store/schema';
import { createTestDatabase } from './helpers/databases';
import { useFixture } from './helpers/fixture';
import { parseSharingPolicy } from '../../src/server/sharing/policy';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { sharesApi, type ShareBody } from './helpers/shares';

const inCase = (caseNumber: string) => {
  const record = seizure();
  return { ...record, agency: { ...record.agency, caseNumber } };
};

describe.each(DIALECTS)('sharing between agencies on %s', (dialect) => {
  const server = useServer(dialect);
  const api = sharesApi(server);
  let n = 0;
  const users = async () => {
    n += 1;
    return {
      atfSup: await server().user(`sh${n}.atf.sup`, 'ATF', 'supervisor'),
      atfOfficer: await server().user(`sh${n}.atf.off`, 'ATF'),
      fgrOfficer: await server().user(`sh${n}.fgr.off`, 'FGR'),
      fgrSup: await server().user(`sh${n}.fgr.sup`, 'FGR', 'supervisor'),
      hsiOfficer: await server().user(`sh${n}.hsi.off`, 'HSI'),
    };
  };
  const create = async (user: TestUser, record: ReturnType<typeof seizure>) => {
    const [result] = resultsOf(await server().push(user, [mutation(record)]));
    expect(result?.status).toBe('applied');
  };

  it('shows a shared record read-only to the receiving agency, sends its later revisions, and refuses its pushes', async () => {
    const u = await users();
    const record = seizure();
    const other = seizure();
    await create(u.atfOfficer, record);
    await create(u.atfOfficer, other);
    // The receiving device is already past both records when the share is granted.
    const before = await api.pullAll(u.fgrOfficer);
    expect(before.changes.map((c) => c.recordId)).not.toContain(record.id);

    const granted = await api.share(u.atfSup, { recordId: record.id, toAgency: 'FGR' });
    expect(granted.statusCode).toBe(201);
    const share = granted.json<ShareBody>();
    expect(share).toMatchObject({ recordId: record.id, caseNumber: null, fromAgency: 'ATF', toAgency: 'FGR', revokedAt: null, grantedBy: { id: u.atfSup.id } });

    const after = await api.pullAll(u.fgrOfficer, before.cursor);
    expect(after.changes).toEqual([{ recordId: record.id, revision: 1, record: expect.objectContaining({ id: record.id }), shared: { fromAgency: 'ATF' } }]);
    // HSI was not given anything.
    expect((await api.pullAll(u.hsiOfficer)).changes.map((c) => c.recordId)).not.toContain(record.id);

    // The receiving agency may not write it; a record never shared stays forbidden.
    const refused = resultsOf(await server().push(u.fgrOfficer, [mutation({ ...record, notes: 'changed by FGR' }, 1), mutation({ ...other, notes: 'x' }, 1)]));
    expect(refused.map((r) => r.errors?.[0]?.code)).toEqual(['sync.readOnly', 'sync.forbidden']);
    expect((await server().app.store.records.findLatest(record.id))?.revision).toBe(1);

    // A later revision by the owner reaches the receiving agency, still marked shared.
    resultsOf(await server().push(u.atfOfficer, [mutation({ ...record, notes: 'second' }, 1)]));
    const revised = await api.pullAll(u.fgrOfficer, after.cursor);
    expect(revised.changes).toEqual([{ recordId: record.id, revision: 2, record: expect.objectContaining({ notes: 'second' }), shared: { fromAgency: 'ATF' } }]);

    // The owning agency's own pull is unchanged: no shared marker, no duplicate.
    const own = await api.pullAll(u.atfOfficer);
    expect(own.changes.filter((c) => c.recordId === record.id)).toEqual([{ recordId: record.id, revision: 2, record: expect.objectContaining({ notes: 'second' }) }]);

    // Revoking sends a tombstone at a new sequence number; later revisions no longer reach FGR.
    const revoked = await api.revoke(u.atfSup, share.id);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<ShareBody>().revokedAt).not.toBeNull();
    const tomb = await api.pullAll(u.fgrOfficer, revised.cursor);
    expect(tomb.changes).toEqual([{ recordId: record.id, revision: 2, removed: true }]);
    expect(Number(tomb.cursor)).toBeGreaterThan(Number(revised.cursor));
    resultsOf(await server().push(u.atfOfficer, [mutation({ ...record, notes: 'third' }, 2)]));
    expect((await api.pullAll(u.fgrOfficer, tomb.cursor)).changes).toEqual([]);
    expect(resultsOf(await server().push(u.fgrOfficer, [mutation({ ...record, notes: 'y' }, 3)]))[0]?.errors?.[0]?.code).toBe('sync.forbidden');
    // A device starting from scratch sees only the tombstone, never the content.
    expect((await api.pullAll(u.fgrOfficer)).changes.filter((c) => c.recordId === record.id)).toEqual([{ recordId: record.id, revision: 3, removed: true }]);

    // Revoking again changes nothing and writes no second audit row.
    expect((await api.revoke(u.atfSup, share.id)).statusCode).toBe(200);
    const rows = await server().app.store.audit.about(share.id);
    expect(rows.map((r) => [r.action, r.actorUserId, r.agencyCode])).toEqual([
      ['share.grant', u.atfSup.id, 'ATF'],
      ['share.revoke', u.atfSup.id, 'ATF'],
    ]);
    expect(JSON.parse(rows[0]!.details)).toEqual({ recordId: record.id, toAgency: 'FGR' });
    expect((await verifyChain(server().app.store.audit.pages())).ok).toBe(true);
  });

  it('shares a whole case, records created later included, across pages, and drops a record moved out of the case', async () => {
    const u = await users();
    const caseNumber = `FED/SON/${n}/2026`;
    const first = [inCase(caseNumber), inCase(caseNumber), inCase(` fed/son/${n}/2026 `)];
    for (const r of first) await create(u.atfOfficer, r);
    await create(u.atfOfficer, inCase('ANOTHER-CASE'));
    const start = await api.pullAll(u.fgrOfficer);

    const granted = await api.share(u.atfSup, { caseNumber, toAgency: 'FGR' });
    expect(granted.statusCode).toBe(201);
    expect(granted.json<ShareBody>()).toMatchObject({ recordId: null, caseNumber });
    // The same grant again is the same share.
    const again = await api.share(u.atfSup, { caseNumber: caseNumber.toLowerCase(), toAgency: 'FGR' });
    expect(again.statusCode).toBe(200);
    expect(again.json<ShareBody>().id).toBe(granted.json<ShareBody>().id);

    const later = inCase(caseNumber);
    await create(u.atfOfficer, later);
    // Small pages: nothing may be skipped between them.
    const seen = await api.pullAll(u.fgrOfficer, start.cursor, 1);
    expect(seen.changes.map((c) => c.recordId).sort()).toEqual([...first, later].map((r) => r.id).sort());
    expect(seen.changes.every((c) => c.shared?.fromAgency === 'ATF')).toBe(true);

    // An edit that moves a record to another case takes it away from FGR.
    resultsOf(await server().push(u.atfOfficer, [mutation({ ...later, agency: { ...later.agency, caseNumber: 'OTHER' } }, 1)]));
    expect((await api.pullAll(u.fgrOfficer, seen.cursor)).changes).toEqual([{ recordId: later.id, revision: 2, removed: true }]);
  });

  it('lets only supervisors and administrators of the owning agency share, within the policy', async () => {
    const u = await users();
    const record = seizure();
    await create(u.atfOfficer, record);
    const atfAdmin = await server().user(`sh${n}.atf.admin`, 'ATF', 'admin');

    expect((await api.share(u.atfOfficer, { recordId: record.id, toAgency: 'FGR' })).json()).toEqual({ error: 'auth.forbidden' });
    expect((await api.share(u.fgrSup, { recordId: record.id, toAgency: 'HSI' })).statusCode).toBe(404);
    expect((await api.share(u.atfSup, { recordId: record.id, toAgency: 'ATF' })).json()).toEqual({ error: 'share.notAllowed' });
    expect((await api.share(u.atfSup, { recordId: record.id, toAgency: 'NOPE' })).json()).toEqual({ error: 'share.unknownAgency' });
    for (const bad of [{ recordId: record.id, caseNumber: 'X', toAgency: 'FGR' }, { toAgency: 'FGR' }, { caseNumber: '   ', toAgency: 'FGR' }, { recordId: 'nope', toAgency: 'FGR' }, { recordId: record.id, toAgency: 'FGR', extra: 1 }]) {
      const response = await api.share(u.atfSup, bad);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'request.invalid' });
    }
    const share = (await api.share(atfAdmin, { recordId: record.id, toAgency: 'HSI' })).json<ShareBody>();
    expect(share.toAgency).toBe('HSI');
    // Listing: the owner sees it as given, the receiver as received; officers may not list; the
    // receiving supervisor may not revoke; other agencies do not learn it exists.
    const atfList = (await api.list(u.atfSup)).json<{ given: ShareBody[]; received: ShareBody[]; mayShareWith: { code: string }[] }>();
    expect(atfList.given.map((s) => s.id)).toContain(share.id);
    expect(atfList.given.every((s) => s.fromAgency === 'ATF') && atfList.received.every((s) => s.toAgency === 'ATF')).toBe(true);
    expect(atfList.mayShareWith.map((a) => a.code)).toContain('FGR');
    expect(atfList.mayShareWith.map((a) => a.code)).not.toContain('ATF');
    const hsiSup = await server().user(`sh${n}.hsi.sup`, 'HSI', 'supervisor');
    expect((await api.list(hsiSup)).json<{ received: ShareBody[] }>().received.map((s) => s.id)).toEqual([share.id]);
    expect((await api.list(u.atfOfficer)).statusCode).toBe(403);
    expect((await api.revoke(hsiSup, share.id)).statusCode).toBe(403);
    expect((await api.revoke(u.fgrSup, share.id)).statusCode).toBe(404);
    expect((await api.revoke(u.atfOfficer, share.id)).statusCode).toBe(403);
    expect((await api.revoke(u.atfSup, 'not-a-uuid')).statusCode).toBe(400);
  });
  it('answers malformed share requests with 4xx and stores nothing', async () => {
    const u = await users();
    const before = (await server().app.store.shares.listFor('ATF')).given.length;
    const bodies = [
      'null',
      '[]',
      '"x"',
      '42',
      '{',
      '{"recordId": null, "toAgency": "FGR"}',
      `{"caseNumber": "${'x'.repeat(41)}", "toAgency": "FGR"}`,
      '{"caseNumber": "A", "toAgency": "fgr"}',
      '{"caseNumber": "A", "toAgency": ["FGR"]}',
      '{"caseNumber": "A", "toAgency": "FGR", "__proto__": {"x": 1}}',
    ];
    for (const payload of bodies) {
      const response = await server().app.inject({ method: 'POST', url: '/api/v1/shares', headers: { authorization: `Bearer ${u.atfSup.token}`, 'content-type': 'application/json' }, payload });
      expect(response.statusCode, payload).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
    const text = await server().app.inject({ method: 'POST', url: '/api/v1/shares', headers: { authorization: `Bearer ${u.atfSup.token}`, 'content-type': 'text/plain' }, payload: 'caseNumber=A' });
    expect(text.statusCode).toBe(415);
    expect((await server().app.inject({ method: 'POST', url: '/api/v1/shares', payload: { caseNumber: 'A', toAgency: 'FGR' } })).statusCode).toBe(401);
    expect((await server().app.store.shares.listFor('ATF')).given.length).toBe(before);
  });
});

describe.each(DIALECTS)('a sharing policy on %s', (dialect) => {
  const server = useServer(dialect, { sharing: parseSharingPolicy('{"allow": {"ATF": ["FGR"], "CBP": ["HSI"]}}', 'test') });
  const api = sharesApi(server);

  it('allows the listed pairs only', async () => {
    const atf = await server().user('pol.atf', 'ATF', 'supervisor');
    const cbp = await server().user('pol.cbp', 'CBP', 'supervisor');
    const record = seizure();
    resultsOf(await server().push(atf, [mutation(record)]));
    const refused = await api.share(atf, { recordId: record.id, toAgency: 'HSI' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'share.notAllowed' });
    expect((await api.share(atf, { recordId: record.id, toAgency: 'FGR' })).statusCode).toBe(201);
    expect((await api.list(atf)).json<{ mayShareWith: { code: string }[] }>().mayShareWith.map((a) => a.code)).toEqual(['FGR']);
    expect((await api.list(cbp)).json<{ mayShareWith: { code: string }[] }>().mayShareWith.map((a) => a.code)).toEqual(['HSI']);
    // Nothing was stored for the refused pair.
    expect(await server().app.store.shares.isSharedWith(record.id, 'HSI')).toBe(false);
  });
});

describe.each(DIALECTS)('migrating a database from before sharing on %s', (dialect) => {
  const fixture = useFixture(
    async () => {
      const testDb = await createTestDatabase(dialect);
      return { testDb, db: openDatabase(testDb.config) };
    },
    async ({ testDb, db }) => {
      await db.destroy();
      await testDb.drop();
    },
  );

  it('gives records stored earlier the case key that case-wide shares match on', async () => {
    const { db, testDb } = fixture();
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0005'));
    const schema = testDb.config.kind === 'postgres' ? testDb.config.searchPath : undefined;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => before }, ...(schema && { migrationTableSchema: schema }) });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const old = db as unknown as Kysely<Omit<Database, 'records'> & { records: Omit<Database['records'], 'case_key'> }>;
    await old.insertInto('agencies').values({ code: 'ATF', name: 'ATF', country: 'US', created_at: '2026-01-01T00:00:00.000Z' }).execute();
    const row = (id: string, caseNumber: string | undefined, seq: number) => ({
      record_id: id,
      agency_code: 'ATF',
      revision: 1,
      // A whole stored seizure: migration 0010 indexes its firearms and judges its readiness.
      body: JSON.stringify(((base) => ({ ...base, id, agency: { ...base.agency, code: 'ATF', caseNumber } }))(seizure())),
      created_by: 'someone',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      last_seq: seq,
    });
    await old.insertInto('records').values([row('a', ' fed/son 12/2026 ', 1), row('b', undefined, 2)]).execute();

    expect((await migrateToLatest(db)).executed).toEqual(['0005_shares', ...Object.keys(MIGRATIONS).filter((name) => name > '0005_shares')]);
    const keys = await db.selectFrom('records').select(['record_id', 'case_key']).orderBy('record_id').execute();
    expect(keys).toEqual([
      { record_id: 'a', case_key: 'FED/SON12/2026' },
      { record_id: 'b', case_key: null },
    ]);
  });
});
