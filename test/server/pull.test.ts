/** GET /api/v1/sync/pull: paging by the global sequence, latest revision only, per agency. */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer, type PullPage, type TestUser } from './helpers/app';

describe.each(DIALECTS)('pull on %s', (dialect) => {
  const server = useServer(dialect);
  const page = async (user: TestUser, query = ''): Promise<PullPage> => {
    const response = await server().pull(user, query);
    expect(response.statusCode).toBe(200);
    return response.json<PullPage>();
  };

  it('starts empty, and pages through changes with cursor and more', async () => {
    const dea = await server().user('pull.dea', 'DEA');
    expect(await page(dea)).toEqual({ changes: [], cursor: '0', more: false });

    const records = Array.from({ length: 5 }, () => seizure());
    resultsOf(await server().push(dea, records.map((r) => mutation(r))));

    const seen: string[] = [];
    let cursor: string | undefined;
    const mores: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const next: PullPage = await page(dea, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...next.changes.map((c) => c.recordId));
      mores.push(next.more);
      expect(next.cursor).toMatch(/^\d+$/);
      cursor = next.cursor;
      if (!next.more) break;
    }
    expect(mores).toEqual([true, true, false]);
    expect(seen).toEqual(records.map((r) => r.id));

    // Nothing new: the same cursor comes back.
    expect(await page(dea, `?cursor=${cursor}`)).toEqual({ changes: [], cursor, more: false });
  });

  it('returns each record once at its latest revision, and keeps every revision', async () => {
    const fbi = await server().user('pull.fbi', 'FBI');
    const [a, b] = [seizure(), seizure()];
    resultsOf(await server().push(fbi, [mutation(a), mutation(b)]));
    const { cursor } = await page(fbi);

    resultsOf(await server().push(fbi, [mutation({ ...a, notes: 'two' }, 1)]));
    resultsOf(await server().push(fbi, [mutation({ ...a, notes: 'three' }, 2)]));
    const after = await page(fbi, `?cursor=${cursor}`);
    expect(after.changes).toHaveLength(1);
    expect(after.changes[0]).toMatchObject({ recordId: a.id, revision: 3, record: { notes: 'three', revision: 3 } });

    // From the start: b, then a (its latest revision is the newer change).
    const all = await page(fbi);
    expect(all.changes.map((c) => [c.recordId, c.revision])).toEqual([
      [b.id, 1],
      [a.id, 3],
    ]);
    const history = await server().app.store.records.history(a.id);
    expect(history.map((r) => (r.body as { notes?: string }).notes)).toEqual([a.notes, 'two', 'three']);
    expect(new Set(history.map((r) => r.seq)).size).toBe(3);
  });

  let cbp: TestUser | undefined;
  it.each([
    '?cursor=abc',
    '?cursor=-1',
    '?cursor=1.5',
    '?cursor=',
    '?cursor=1&cursor=2',
    '?cursor=9999999999999999999',
    '?limit=0',
    '?limit=501',
    '?limit=ten',
    '?limit=',
    '?since=3',
  ])('answers 400 request.invalid to %s', async (query) => {
    cbp ??= await server().user('pull.cbp', 'CBP');
    const response = await server().pull(cbp, query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'request.invalid' });
  });

  it('accepts the largest limit', async () => {
    const gn = await server().user('pull.gn', 'GN');
    expect((await server().pull(gn, '?limit=500&cursor=0')).statusCode).toBe(200);
  });
});
