/**
 * Text the databases cannot store, or would store other than it was hashed (issue 20): a NUL
 * made PostgreSQL answer 500 and fail a whole push; a lone surrogate was stored as U+FFFD while
 * the audit chain hashed what was sent. Both databases must now refuse the same input the same
 * way: a coded `rejected` for a record, the rest of the batch applied; a 400 for an envelope.
 */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/audit/chain';
import { mutation, PASSWORD, resultsOf, seizure, useServer } from './helpers/app';
import { DIALECTS } from './helpers/databases';
import { sharesApi } from './helpers/shares';

const HOSTILE = { nul: 'A\u0000B', 'lone surrogate': 'A\ud800B', escape: 'A\u001bB', 'line break': 'A\nB' };

const draft = (change: (record: ReturnType<typeof seizure>) => void) => {
  const record = seizure({ status: 'draft' });
  change(record);
  return record;
};

describe.each(DIALECTS)('hostile text on %s', (dialect) => {
  const server = useServer(dialect);
  const shares = sharesApi(server);

  for (const [name, bad] of Object.entries(HOSTILE)) {
    it(`rejects a record with a ${name} in a stored field and applies the rest of the batch`, async () => {
      const officer = await server().user(`text.${name.replace(' ', '-')}`, 'ATF');
      const places: [string, (r: ReturnType<typeof seizure>) => void][] = [
        ['agency.caseNumber', (r) => (r.agency.caseNumber = bad)],
        ['agency.officer.lastName', (r) => (r.agency.officer.lastName = bad)],
        ['firearms.0.model', (r) => (r.firearms[0]!.model = bad)],
        ['recovery.street', (r) => (r.recovery.street = bad)],
        ['possessors.0.firstName', (r) => (r.possessors[0]!.firstName = bad)],
        ['deviceId', (r) => (r.deviceId = bad)],
      ];
      const good = [seizure({ status: 'draft' }), seizure({ status: 'draft' })];
      const hostile = places.map(([, change]) => draft(change));
      const batch = [good[0], ...hostile, good[1]].map((record) => mutation(record));
      const results = resultsOf(await server().push(officer, batch));

      expect(results.map((r) => r.status)).toEqual(['applied', ...places.map(() => 'rejected'), 'applied']);
      places.forEach(([path], index) => {
        expect(results[index + 1]!.errors).toContainEqual({ path, code: 'text.invalidCharacter', severity: 'error' });
      });
      const stored = await Promise.all([...good, ...hostile].map((record) => server().app.store.records.findLatest(record.id)));
      expect(stored.map((row) => row !== undefined)).toEqual([true, true, ...places.map(() => false)]);
    });
  }

  it('keeps tabs and line breaks in notes, on both databases, exactly as sent', async () => {
    const officer = await server().user('text.notes', 'ATF');
    const record = seizure({ status: 'draft', notes: 'Línea 1\n\tLínea 2\r\n😀' });
    expect(resultsOf(await server().push(officer, [mutation(record)]))[0]).toMatchObject({ status: 'applied' });
    expect((await server().app.store.records.findLatest(record.id))?.body).toMatchObject({ notes: 'Línea 1\n\tLínea 2\r\n😀' });
  });

  it('answers 400, never 500, to such text in a request envelope, and stores nothing', async () => {
    // An agency of its own, so that "nothing stored" is what its pull shows.
    const officer = await server().user('text.envelope', 'HSI');
    for (const bad of ['\u0000', 'phone\u0000', '\ud800', 'x\udfff', 'a\u0007']) {
      const push = await server().push(officer, [mutation(seizure({ status: 'draft' }))], bad);
      expect(push.statusCode, JSON.stringify(bad)).toBe(400);
      expect(push.json()).toEqual({ error: 'request.invalid' });

      const login = await server().login(`text.envelope${bad}`, PASSWORD);
      expect(login.statusCode, JSON.stringify(bad)).toBe(400);
      const withDevice = await server().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'text.envelope', password: PASSWORD, deviceId: bad } });
      expect(withDevice.statusCode, JSON.stringify(bad)).toBe(400);
      expect((await server().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'text.envelope', password: `${PASSWORD}\ud800` } })).statusCode).toBe(400);
    }
    const { changes } = await shares.pullAll(officer);
    expect(changes).toEqual([]);
  });

  it('refuses a share of a case number holding such text with 400', async () => {
    const supervisor = await server().user('text.supervisor', 'ATF', 'supervisor');
    for (const bad of ['CASE\u0000', 'CASE\ud800', 'CASE\n1']) {
      const response = await shares.share(supervisor, { caseNumber: bad, toAgency: 'FGR' });
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await shares.list(supervisor)).json()).toMatchObject({ given: [] });
  });

  it('hashes an audit row as the database stores it, should ill-formed text ever get that far', async () => {
    const store = server().app.store;
    await store.writeLocked(({ audit }) => audit.append({ action: 'logout', deviceId: 'x\ud800', subject: '\udc00y', details: { note: '\ud800' } }, new Date()));
    expect(await verifyChain(store.audit.pages())).toMatchObject({ ok: true });
  });

  it('refuses a lone surrogate as a device id, so audit verify finds no false tampering', async () => {
    const officer = await server().user('text.surrogate', 'ATF');
    await server().push(officer, [mutation(seizure({ status: 'draft' }))], '\ud800');
    await server().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'text.surrogate', password: PASSWORD, deviceId: '\udc00' } });
    const check = await verifyChain(server().app.store.audit.pages());
    expect(check).toMatchObject({ ok: true });
    expect(check.count).toBeGreaterThan(5);
  });
});
