/**
 * The header's alert count (GET /api/v1/deconfliction/alerts/count) on SQLite and PostgreSQL:
 * the caller's agency's unacknowledged alerts, without marking any seen (the list does that),
 * supervisors and admins only.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { castOf, mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';

describe.each(DIALECTS)('alert count on %s', (dialect) => {
  const server = useServer(dialect);
  const users = castOf(server, 'count', { atf: ['ATF'], atfSup: ['ATF', 'supervisor'], hsi: ['HSI'], hsiAdmin: ['HSI', 'admin'], cbpSup: ['CBP', 'supervisor'] });
  const get = (user: TestUser, url: string) => server().app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${user.token}` } });
  const count = async (user: TestUser) => {
    const response = await get(user, '/api/v1/deconfliction/alerts/count');
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ unacknowledged: number }>().unacknowledged;
  };

  it('counts what is unacknowledged for each agency involved, marking nothing seen', async () => {
    const u = await users();
    const [atfBefore, hsiBefore, cbpBefore] = [await count(u.atfSup), await count(u.hsiAdmin), await count(u.cbpSup)];
    const serial = `CT-${Math.floor(Math.random() * 1e6)}`;
    for (const user of [u.atf, u.hsi]) {
      const base = seizure();
      const record = { ...base, firearms: [{ ...base.firearms[0]!, manufacturer: 'Colt', serialNumber: serial }] };
      expect(resultsOf(await server().push(user, [mutation(record)]))[0]?.status).toBe('applied');
    }
    expect(await count(u.atfSup)).toBe(atfBefore + 1);
    expect(await count(u.hsiAdmin)).toBe(hsiBefore + 1);
    expect(await count(u.cbpSup)).toBe(cbpBefore);

    const seen = await server().app.store.db.selectFrom('audit_log').select('action').where('action', '=', 'alert.seen').execute();
    expect(seen).toEqual([]);
  });

  it('refuses officers and a malformed query', async () => {
    const u = await users();
    expect((await get(u.atf, '/api/v1/deconfliction/alerts/count')).statusCode).toBe(403);
    expect((await get(u.atfSup, '/api/v1/deconfliction/alerts/count?limit=5')).statusCode).toBe(400);
  });
});
