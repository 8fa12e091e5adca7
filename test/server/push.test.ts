/**
 * POST /api/v1/sync/push through app.inject, on SQLite and PostgreSQL: the idempotency,
 * conflict, validation and agency rules of docs/sync-protocol.md.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer, type PullPage, type TestUser } from './helpers/app';

describe.each(DIALECTS)('push on %s', (dialect) => {
  const server = useServer(dialect);
  let users: Record<'atf' | 'atf2' | 'hsi', TestUser> | undefined;
  const user = async (name: 'atf' | 'atf2' | 'hsi'): Promise<TestUser> => {
    users ??= {
      atf: await server().user('push.atf', 'ATF'),
      atf2: await server().user('push.atf2', 'ATF'),
      hsi: await server().user('push.hsi', 'HSI'),
    };
    return users[name];
  };
  const history = (recordId: string) => server().app.store.records.history(recordId);

  it('stores a new record as revision 1, and a repeated push of the same mutation as a duplicate', async () => {
    const atf = await user('atf');
    const m = mutation(seizure());
    expect(resultsOf(await server().push(atf, [m]))).toEqual([{ mutationId: m.mutationId, status: 'applied', revision: 1 }]);
    // The answer was lost; the device sends the same mutation again, twice.
    for (let i = 0; i < 2; i++) {
      expect(resultsOf(await server().push(atf, [m]))).toEqual([{ mutationId: m.mutationId, status: 'duplicate', revision: 1 }]);
    }
    expect(await history(m.recordId)).toHaveLength(1);
    const latest = await server().app.store.records.findLatest(m.recordId);
    expect(latest?.revision).toBe(1);
  });

  it('answers a duplicate with the revision it produced then, even after later revisions', async () => {
    const atf = await user('atf');
    const record = seizure();
    const first = mutation(record);
    const second = mutation({ ...record, notes: 'second save' }, 1);
    expect(resultsOf(await server().push(atf, [first, second])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(resultsOf(await server().push(atf, [first, second]))).toEqual([
      { mutationId: first.mutationId, status: 'duplicate', revision: 1 },
      { mutationId: second.mutationId, status: 'duplicate', revision: 2 },
    ]);
    expect(await history(record.id)).toHaveLength(2);
  });

  it('answers a stale baseRevision with a conflict carrying the current version, and overwrites nothing', async () => {
    const [atf, atf2] = [await user('atf'), await user('atf2')];
    const record = seizure({ notes: 'original' });
    resultsOf(await server().push(atf, [mutation(record)]));
    const theirs = mutation({ ...record, notes: 'edited on device 2' }, 1);
    expect(resultsOf(await server().push(atf2, [theirs], 'device-2'))[0]).toMatchObject({ status: 'applied', revision: 2 });

    const mine = mutation({ ...record, notes: 'edited on device 1' }, 1);
    const [result] = resultsOf(await server().push(atf, [mine]));
    expect(result).toMatchObject({ mutationId: mine.mutationId, status: 'conflict', current: { revision: 2 } });
    expect(result?.current?.record.notes).toBe('edited on device 2');
    expect(result?.current?.record.revision).toBe(2);

    const stored = await history(record.id);
    expect(stored.map((r) => (r.body as { notes: string }).notes)).toEqual(['original', 'edited on device 2']);
    // A retry of the conflicting mutation is still a conflict: nothing was stored under its id.
    expect(resultsOf(await server().push(atf, [mine]))[0]?.status).toBe('conflict');
  });

  it('treats baseRevision null for a record the server has as a conflict, not a second creation', async () => {
    const atf = await user('atf');
    const record = seizure();
    resultsOf(await server().push(atf, [mutation(record)]));
    const [result] = resultsOf(await server().push(atf, [mutation({ ...record, notes: 'again' }, null)]));
    expect(result).toMatchObject({ status: 'conflict', current: { revision: 1 } });
    expect(await history(record.id)).toHaveLength(1);
  });

  it('rejects a baseRevision for a record the server does not have', async () => {
    const atf = await user('atf');
    const m = mutation(seizure(), 3);
    expect(resultsOf(await server().push(atf, [m]))).toEqual([
      { mutationId: m.mutationId, status: 'rejected', errors: [{ path: '', code: 'sync.unknownRecord', severity: 'error' }] },
    ]);
  });

  it('rejects a record whose id is not the recordId', async () => {
    const atf = await user('atf');
    const m = mutation(seizure(), null, { recordId: randomUUID() });
    const [result] = resultsOf(await server().push(atf, [m]));
    expect(result?.errors).toEqual([{ path: 'id', code: 'sync.recordIdMismatch', severity: 'error' }]);
    expect(await history(m.recordId)).toHaveLength(0);
  });

  it('rejects a mutationId already used for another record', async () => {
    const atf = await user('atf');
    const first = mutation(seizure());
    resultsOf(await server().push(atf, [first]));
    const reused = mutation(seizure(), null, { mutationId: first.mutationId });
    const [result] = resultsOf(await server().push(atf, [reused]));
    expect(result).toMatchObject({ status: 'rejected', errors: [{ code: 'sync.mutationReused' }] });
    expect(await history(reused.recordId)).toHaveLength(0);
  });

  it('rejects an invalid record with the domain codes and applies the rest of the batch', async () => {
    const atf = await user('atf');
    const good1 = mutation(seizure());
    const placeholderSerial = seizure();
    placeholderSerial.firearms[0]!.serialNumber = 'N/A';
    const badRule = mutation(placeholderSerial);
    const badShape = mutation({ ...seizure(), colour: 'blue' });
    const notARecord = mutation('a string is not a seizure', null);
    const good2 = mutation(seizure());

    const results = resultsOf(await server().push(atf, [good1, badRule, badShape, notARecord, good2]));
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(results.map((r) => r.mutationId)).toEqual([good1, badRule, badShape, notARecord, good2].map((m) => m.mutationId));
    expect(results[1]?.errors).toContainEqual({ path: 'firearms.0.serialNumber', code: 'serial.placeholder', severity: 'error', params: { value: 'N/A' } });
    expect(results[1]?.errors?.every((e) => e.severity === 'error')).toBe(true);
    expect(results[2]?.errors).toEqual([{ path: '', code: 'invalid', severity: 'error', params: { keys: 'colour' } }]);
    expect(results[3]?.errors).toEqual([{ path: '', code: 'invalid', severity: 'error' }]);
    for (const m of [badRule, badShape]) expect(await history(m.recordId)).toHaveLength(0);
    for (const m of [good1, good2]) expect(await history(m.recordId)).toHaveLength(1);
  });

  it('accepts a draft with rule errors but refuses the same record marked ready', async () => {
    const atf = await user('atf');
    const draft = seizure({ status: 'draft' });
    draft.firearms[0]!.serialNumber = 'N/A';
    draft.recovery = {};
    expect(resultsOf(await server().push(atf, [mutation(draft)]))[0]).toMatchObject({ status: 'applied', revision: 1 });

    const ready = { ...draft, status: 'ready' as const };
    const [result] = resultsOf(await server().push(atf, [mutation(ready, 1)]));
    expect(result?.status).toBe('rejected');
    expect(result?.errors?.map((e) => e.code)).toEqual(expect.arrayContaining(['serial.placeholder', 'required']));

    // Oversized text is a shape error: refused even in a draft.
    const oversized = seizure({ status: 'draft', notes: 'x'.repeat(2001) });
    const [tooLong] = resultsOf(await server().push(atf, [mutation(oversized)]));
    expect(tooLong).toMatchObject({ status: 'rejected', errors: [{ path: 'notes', code: 'tooLong', params: { limit: 2000 } }] });
  });

  it('sets agency, author and revision from the token, never from the body', async () => {
    const [atf, atf2] = [await user('atf'), await user('atf2')];
    const record = { ...seizure(), revision: 99, createdBy: 'mallory', agency: { code: 'FBI', officer: { firstName: 'A', lastName: 'B' } } };
    expect(resultsOf(await server().push(atf, [mutation(record)]))[0]).toMatchObject({ status: 'applied', revision: 1 });

    // A colleague edits it: the first author stays the author.
    const edit = mutation({ ...record, notes: 'edited', createdBy: 'someone-else', revision: 1 }, 1);
    expect(resultsOf(await server().push(atf2, [edit], 'device-2'))[0]).toMatchObject({ status: 'applied', revision: 2 });

    const page = (await server().pull(atf)).json<PullPage>();
    const change = page.changes.find((c) => c.recordId === record.id);
    expect(change?.revision).toBe(2);
    expect(change?.record).toMatchObject({ revision: 2, createdBy: atf.username, notes: 'edited', agency: { code: 'ATF', officer: { firstName: 'A' } } });

    // Beside every revision: its author, the pushing device and the server's receive time.
    const stored = await history(record.id);
    expect(stored.map((r) => [r.revision, r.authorUserId, r.deviceId, r.agencyCode])).toEqual([
      [1, atf.id, 'device-1', 'ATF'],
      [2, atf2.id, 'device-2', 'ATF'],
    ]);
    expect(stored[0]?.receivedAt).toBe('2026-11-28T12:00:00.000Z');
    expect(stored[0]?.body).toMatchObject({ revision: 1, createdBy: atf.username, agency: { code: 'ATF' } });
  });

  it('keeps agencies apart: a token of another agency can neither read nor overwrite a record', async () => {
    const [atf, hsi] = [await user('atf'), await user('hsi')];
    const record = seizure({ notes: 'ATF only' });
    const original = mutation(record);
    resultsOf(await server().push(atf, [original]));

    const pulled = (await server().pull(hsi)).json<PullPage>();
    expect(pulled.changes.map((c) => c.recordId)).not.toContain(record.id);

    const overwrite = mutation({ ...record, notes: 'HSI was here' }, 1);
    const recreate = mutation({ ...record, notes: 'HSI was here' }, null);
    const stolenKey = mutation({ ...record, notes: 'HSI was here' }, null, { mutationId: original.mutationId });
    const results = resultsOf(await server().push(hsi, [overwrite, recreate, stolenKey]));
    expect(results.map((r) => r.errors?.[0]?.code)).toEqual(['sync.forbidden', 'sync.forbidden', 'sync.mutationReused']);
    // A forbidden answer never carries the other agency's record.
    expect(JSON.stringify(results)).not.toContain('ATF only');

    const stored = await history(record.id);
    expect(stored).toHaveLength(1);
    expect((stored[0]?.body as { notes: string }).notes).toBe('ATF only');
  });

  it('applies several saves of one record in one batch in order, each on the revision before', async () => {
    const atf = await user('atf');
    const record = seizure();
    const saves = [mutation(record), mutation({ ...record, notes: 'two' }, 1), mutation({ ...record, notes: 'three' }, 2)];
    expect(resultsOf(await server().push(atf, saves)).map((r) => r.revision)).toEqual([1, 2, 3]);
    expect((await history(record.id)).map((r) => r.revision)).toEqual([1, 2, 3]);
  });

  it('answers an empty batch with no results', async () => {
    expect(resultsOf(await server().push(await user('atf'), []))).toEqual([]);
  });

  // The device's clock comes in the x-device-time header (domain/clock-skew.ts DEVICE_TIME_HEADER).
  describe('a device clock off the server\'s when the push arrives', () => {
    const pushAt = (atf: TestUser, mutations: unknown[], sentAt: unknown) =>
      server().app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${atf.token}`, 'x-device-time': String(sentAt) }, payload: { deviceId: 'device-1', mutations } });
    const at = (minutes: number) => new Date(server().app.now().getTime() + minutes * 60_000).toISOString();

    it('flags the records of a push sent with a clock 12 minutes ahead, as measured by the server', async () => {
      const atf = await user('atf');
      const m = mutation(seizure());
      expect(resultsOf(await pushAt(atf, [m], at(12)))[0]?.status).toBe('applied');
      const latest = await server().app.store.records.findLatest(m.recordId);
      expect(latest?.body.clockSkew).toEqual({ minutes: 12, detectedAt: server().app.now().toISOString(), measuredBy: 'server' });
    });

    it('keeps the device\'s own measure, and flags nothing within 5 minutes or without the clock', async () => {
      const atf = await user('atf');
      const own = { minutes: -30, detectedAt: '2026-11-27T10:00:00.000Z' };
      const measured = mutation(seizure({ clockSkew: own }));
      const close = mutation(seizure());
      const without = mutation(seizure());
      expect(resultsOf(await pushAt(atf, [measured], at(-31))).map((r) => r.status)).toEqual(['applied']);
      expect(resultsOf(await pushAt(atf, [close], at(4))).map((r) => r.status)).toEqual(['applied']);
      expect(resultsOf(await server().push(atf, [without])).map((r) => r.status)).toEqual(['applied']);
      expect((await server().app.store.records.findLatest(measured.recordId))?.body.clockSkew).toEqual(own);
      for (const m of [close, without]) expect((await server().app.store.records.findLatest(m.recordId))?.body.clockSkew).toBeUndefined();
    });

    it('takes a device time that is not a date and time as no clock at all: the push goes on, unflagged', async () => {
      const atf = await user('atf');
      for (const sentAt of ['yesterday', 12, '']) {
        const m = mutation(seizure());
        expect(resultsOf(await pushAt(atf, [m], sentAt)).map((r) => r.status)).toEqual(['applied']);
        expect((await server().app.store.records.findLatest(m.recordId))?.body.clockSkew).toBeUndefined();
      }
    });
  });
});
