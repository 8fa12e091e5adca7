/**
 * The device's record of its exports (src/storage/export-log.ts) and its reporting at sync
 * (src/sync/export-reports.ts): sealed at rest, kept across a reload and a lock, reported a
 * batch at a time, each entry removed only once the server answered for it, so a run cut short
 * resumes, a lost answer is resent, and a refused report is never dropped.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DeviceExport } from '../../src/domain/export/audit-wire';
import { createExportLog, LockedError } from '../../src/storage';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import type { DeviceExportsRequest, DeviceExportsResponse } from '../../src/sync/protocol';
import { reportExports } from '../../src/sync/export-reports';
import { TransportError } from '../../src/sync/transport';
import { rawDatabaseText } from '../support/raw-database';
import { freshDatabases } from './support/device-databases';

const databases = freshDatabases('export-log');

let minute = 0;
const made = (overrides: Partial<DeviceExport> = {}): DeviceExport => ({
  exportId: randomUUID(),
  at: `2026-11-28T10:${String(minute++ % 60).padStart(2, '0')}:00-06:00`,
  format: 'csv',
  language: 'es',
  filter: { kind: 'list', query: 'FED/SON/HMO' },
  seizures: 2,
  rows: 3,
  ...overrides,
});

/** A server that records what it is sent and answers as the real one does. */
function server(behaviour: (body: DeviceExportsRequest, call: number) => DeviceExportsResponse | Error = (body) => ({ results: body.exports.map((e) => ({ exportId: e.exportId, status: 'recorded' as const })) })) {
  const calls: DeviceExportsRequest[] = [];
  return {
    calls,
    send: async (body: DeviceExportsRequest) => {
      calls.push(body);
      const answer = behaviour(body, calls.length);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe('the export log', () => {
  it('keeps exports sealed, across a reload and a lock, oldest first', async () => {
    const keys = deriveDeviceKeys(newDeviceSecret());
    const db = databases.locked();
    db.unlock(keys);
    const first = made({ filter: { kind: 'list', query: 'SECRET-SEARCH-7' } });
    const second = made({ filter: { kind: 'selected' } });
    await createExportLog(db).record(second.at < first.at ? first : second);
    await createExportLog(db).record(second.at < first.at ? second : first);
    db.close();

    expect(await rawDatabaseText(db.name)).not.toContain('SECRET-SEARCH-7');
    const reopened = databases.locked(db.name);
    await expect(createExportLog(reopened).pending(10)).rejects.toMatchObject({ cause: expect.any(LockedError) });
    reopened.unlock(keys);
    expect(await createExportLog(reopened).pending(10)).toEqual([first, second]);
    // Another officer on the same phone sees none of them.
    reopened.unlock(deriveDeviceKeys(newDeviceSecret()));
    expect(await createExportLog(reopened).pendingCount()).toBe(0);
  });
});

describe('reporting exports at sync', () => {
  it('sends them in batches of at most 100 and removes each once acknowledged', async () => {
    const log = createExportLog(databases.unlocked());
    for (let i = 0; i < 130; i++) await log.record(made());
    const remote = server();
    expect(await reportExports({ log, send: remote.send }, 'device-1')).toBe(130);
    expect(remote.calls.map((c) => [c.deviceId, c.exports.length])).toEqual([
      ['device-1', 100],
      ['device-1', 30],
    ]);
    expect(await log.pendingCount()).toBe(0);
  });

  it('keeps what was not answered when the connection drops, and resends it next time', async () => {
    const log = createExportLog(databases.unlocked());
    for (let i = 0; i < 120; i++) await log.record(made());
    const cut = server((body, call) => (call === 2 ? new TransportError('network') : { results: body.exports.map((e) => ({ exportId: e.exportId, status: 'recorded' as const })) }));
    await expect(reportExports({ log, send: cut.send }, 'device-1')).rejects.toMatchObject({ kind: 'network' });
    expect(await log.pendingCount()).toBe(20);

    // The next run: the server had in fact written some of them; it says duplicate, and they go too.
    const next = server((body) => ({ results: body.exports.map((e, i) => ({ exportId: e.exportId, status: i < 5 ? ('duplicate' as const) : ('recorded' as const) })) }));
    expect(await reportExports({ log, send: next.send }, 'device-1')).toBe(20);
    expect(next.calls[0]?.exports.map((e) => e.exportId)).toEqual(cut.calls[1]?.exports.map((e) => e.exportId));
    expect(await log.pendingCount()).toBe(0);
  });

  it('never drops an export the server refuses or does not answer for', async () => {
    const log = createExportLog(databases.unlocked());
    const kept = made();
    await log.record(kept);
    expect(await reportExports({ log, send: server(() => new TransportError('refused', 400, 'request.invalid')).send }, 'device-1')).toBe(0);
    await expect(reportExports({ log, send: server(() => ({ results: [{ exportId: randomUUID(), status: 'recorded' }] })).send }, 'device-1')).rejects.toMatchObject({ kind: 'server' });
    expect(await log.pending(10)).toEqual([kept]);
  });
});
