/**
 * A server that answers 503 or 429 with Retry-After (docs/server.md: a database that is down,
 * slow or full) is retried, with everything kept, and never sooner than it asked.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSeizureRepository, createSyncStore } from '../../src/storage';
import { BACKOFF_CAP_MS, parseRetryAfter, retryDelay } from '../../src/sync/backoff';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport, type TransportError } from '../../src/sync/transport';
import { NOW, validSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const freshDb = freshDatabases('retry-after').unlocked;

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('5')).toBe(5_000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    for (const bad of [null, undefined, '', 'soon', '-5', '1.5']) expect(parseRetryAfter(bad)).toBeUndefined();
  });

  it('is a floor under the backoff, capped like it', () => {
    const low = () => 0;
    expect(retryDelay(1, low)).toBe(1_000);
    expect(retryDelay(1, low, 5_000)).toBe(5_000);
    // The backoff already waits longer: it stands.
    expect(retryDelay(5, () => 1, 5_000)).toBe(16_000);
    // A server asking for an hour gets the cap, not an hour.
    expect(retryDelay(1, low, 3_600_000)).toBe(BACKOFF_CAP_MS);
  });

  it('reaches the engine from a 503: the record is kept and the next run waits as asked', async () => {
    const db = freshDb();
    const store = createSyncStore(db);
    await store.saveSession({ token: 't', expiresAt: '2099-01-01T00:00:00Z', user: { id: 'u', username: 'officer', role: 'officer', agency: { code: 'ATF', name: 'ATF' } } });
    const record = { ...validSeizure(), id: randomUUID() };
    await createSeizureRepository(db).save(record, NOW);

    const unavailable = () =>
      new Response(JSON.stringify({ error: 'service.unavailable' }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '20' } });
    const transport = createHttpTransport({ baseUrl: 'http://server.test', token: async () => 't', fetch: async () => unavailable() });
    await expect(transport.push({ deviceId: 'd', mutations: [] })).rejects.toMatchObject({ kind: 'server', status: 503, retryAfterMs: 20_000 } satisfies Partial<TransportError>);

    const engine = createSyncEngine({ store, transport, deviceId: async () => 'd', random: () => 0, now: () => NOW });
    const report = await engine.run();
    expect(report).toMatchObject({ outcome: 'failed', retryInMs: 20_000 });
    expect(engine.status()).toMatchObject({ phase: 'waiting', failures: 1, lastFailure: 'server', nextRetryAt: new Date(NOW.getTime() + 20_000).toISOString() });
    expect(await db.outbox.count()).toBe(1);
    expect((await db.syncStates.get(record.id))?.state).toBe('pending');
  });
});
