/**
 * Devices (docs/supervisor.md "Devices") on SQLite and PostgreSQL: each sync's report of what a
 * device still holds unsent reaches the supervisor's list, per officer, the longest-holding first;
 * a report that cannot be true is refused and changes nothing; officers cannot read the list and
 * another agency's devices never appear.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { NOW, useServer, type TestUser } from './helpers/app';

describe.each(DIALECTS)('devices on %s', (dialect) => {
  const server = useServer(dialect);
  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
  const report = (user: TestUser, payload: unknown) => server().app.inject({ method: 'POST', url: '/api/v1/sync/device-report', headers: auth(user), payload: payload as object });
  const list = (user: TestUser) => server().app.inject({ method: 'GET', url: '/api/v1/supervisor/devices', headers: auth(user) });
  const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

  it('lists the agency’s devices with their officer, last sync and oldest unsent record, longest-holding first', async () => {
    const ana = await server().user('dev.ana', 'CBP');
    const luis = await server().user('dev.luis', 'CBP');
    const sup = await server().user('dev.sup', 'CBP', 'supervisor');
    const stranger = await server().user('dev.hsi', 'HSI');
    expect((await report(ana, { deviceId: 'phone-ana', pending: 0, oldestPendingAt: null })).statusCode).toBe(200);
    expect((await report(luis, { deviceId: 'phone-luis', pending: 3, oldestPendingAt: hoursAgo(50) })).statusCode).toBe(200);
    expect((await report(ana, { deviceId: 'shared-tablet', pending: 1, oldestPendingAt: hoursAgo(2) })).statusCode).toBe(200);
    expect((await report(stranger, { deviceId: 'phone-hsi', pending: 9, oldestPendingAt: hoursAgo(90) })).statusCode).toBe(200);

    const response = await list(sup);
    expect(response.statusCode).toBe(200);
    const { devices } = response.json<{ devices: { deviceId: string; officer: { username: string }; pending: number; oldestPendingHours: number | null; lastSyncAt: string }[] }>();
    expect(devices.map((d) => [d.deviceId, d.officer.username, d.pending, d.oldestPendingHours])).toEqual([
      ['phone-luis', 'dev.luis', 3, 50],
      ['shared-tablet', 'dev.ana', 1, 2],
      ['phone-ana', 'dev.ana', 0, null],
    ]);
    expect(devices[0]?.lastSyncAt).toBe(NOW.toISOString());

    // The next report replaces the last: Luis's phone has sent everything.
    await report(luis, { deviceId: 'phone-luis', pending: 0, oldestPendingAt: null });
    expect((await list(sup)).json().devices.find((d: { deviceId: string }) => d.deviceId === 'phone-luis')).toMatchObject({ pending: 0, oldestPendingHours: null });
    expect((await list(ana)).statusCode).toBe(403);
  });

  it('refuses a report that cannot be true, and stores nothing of it', async () => {
    const officer = await server().user('dev.bad', 'CBP');
    for (const payload of [
      { deviceId: 'p', pending: 2, oldestPendingAt: null },
      { deviceId: 'p', pending: 0, oldestPendingAt: hoursAgo(1) },
      { deviceId: 'p', pending: -1, oldestPendingAt: null },
      { deviceId: 'p', pending: 1, oldestPendingAt: new Date(NOW.getTime() + 3_600_000).toISOString() },
      { deviceId: 'p\u0000', pending: 0, oldestPendingAt: null },
      { deviceId: 'p', pending: 0, oldestPendingAt: null, extra: 1 },
    ]) {
      expect((await report(officer, payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
    const rows = await server().app.store.db.selectFrom('devices').selectAll().where('device_id', '=', 'p').execute();
    expect(rows).toEqual([]);
  });
});
