/**
 * A pull asks for the next page while it writes the one it has (src/sync/engine.ts): the
 * server's and the network's time overlap the device's. It still applies the pages in order, the
 * cursor moves only with the changes it covers, and a page that fails to be written ends the run
 * with the next one asked for but never applied.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSyncStore, type SyncStore } from '../../src/storage';
import { createSyncEngine } from '../../src/sync/engine';
import type { PullResponse } from '../../src/sync/protocol';
import type { SyncTransport } from '../../src/sync/transport';
import { validSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const freshDb = freshDatabases('pull-ahead').unlocked;

/** Three pages of two new records each, the last one saying there is no more. */
function threePages(): PullResponse[] {
  return [0, 1, 2].map((page) => ({
    changes: [0, 1].map(() => {
      const record = validSeizure({ id: randomUUID() });
      return { recordId: record.id, revision: 1, record } as PullResponse['changes'][number];
    }),
    cursor: String((page + 1) * 2),
    more: page < 2,
  }));
}

/** Everything that happened, in order: the pulls asked and answered, the pages written. */
async function runWith(pages: PullResponse[], options: { failApplying?: string } = {}) {
  const events: string[] = [];
  const db = freshDb();
  const real = createSyncStore(db);
  await real.saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { id: 'u', username: 'u', role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
  const store: SyncStore = {
    ...real,
    async applyPulled(changes, cursor, removed) {
      events.push(`apply ${cursor}`);
      if (cursor === options.failApplying) throw new Error('disk full');
      const applied = await real.applyPulled(changes, cursor, removed);
      events.push(`applied ${cursor}`);
      return applied;
    },
  };
  const transport: SyncTransport = {
    push: () => Promise.reject(new Error('nothing to push')),
    probe: () => Promise.resolve(),
    async pull(cursor) {
      events.push(`ask ${cursor ?? 'start'}`);
      const index = cursor === undefined ? 0 : Number(cursor) / 2;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return pages[index]!;
    },
  };
  const report = await createSyncEngine({ store, transport, deviceId: async () => 'd', random: () => 0.5 }).run();
  return { report, events, db, store: real };
}

describe('pulling pages ahead', () => {
  it('asks for the next page before the current one is written, and applies them in order', async () => {
    const { report, events, db, store } = await runWith(threePages());
    expect(report).toMatchObject({ outcome: 'synced', pulled: 6 });
    expect(events.indexOf('ask 2')).toBeLessThan(events.indexOf('applied 2'));
    expect(events.indexOf('ask 4')).toBeLessThan(events.indexOf('applied 4'));
    expect(events.filter((e) => e.startsWith('apply '))).toEqual(['apply 2', 'apply 4', 'apply 6']);
    // The last page said there is no more: nothing is asked after it.
    expect(events.filter((e) => e.startsWith('ask'))).toEqual(['ask start', 'ask 2', 'ask 4']);
    expect(await store.cursor()).toBe('6');
    expect(await db.seizures.count()).toBe(6);
  });

  it('a page that cannot be written ends the run: the next page, already asked for, is not applied and the cursor stays', async () => {
    const { report, events, db, store } = await runWith(threePages(), { failApplying: '4' });
    expect(report.outcome).toBe('failed');
    expect(events).toContain('ask 4');
    expect(events.filter((e) => e.startsWith('apply '))).toEqual(['apply 2', 'apply 4']);
    expect(await store.cursor()).toBe('2');
    expect(await db.seizures.count()).toBe(2);
  });
});
