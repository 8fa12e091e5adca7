/**
 * The store's contract, run unchanged against SQLite and PostgreSQL: whatever the server relies
 * on from its database must hold on both.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AGENCIES } from '../../src/domain/agencies';
import { createStore, openDatabase, prepareDatabase, type Store } from '../../src/server/store';
import type { StoredSeizure } from '../../src/server/store/records-repository';
import { seizure } from './helpers/app';
import { createTestDatabase, DIALECTS } from './helpers/databases';
import { useFixture } from './helpers/fixture';

const T0 = new Date('2026-11-28T12:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(DIALECTS)('store contract on %s', (dialect) => {
  const fixture = useFixture(
    async () => {
      const testDb = await createTestDatabase(dialect);
      const db = openDatabase(testDb.config);
      await prepareDatabase(db, T0);
      return { testDb, db, store: createStore(db) };
    },
    async ({ testDb, db }) => {
      await db.destroy();
      await testDb.drop();
    },
  );
  const store = (): Store => fixture().store;
  const db = () => fixture().db;

  const addUser = async (username: string, agencyCode = 'ATF') => {
    const id = randomUUID();
    await store().users.add({ id, username, passwordHash: '$argon2id$stub', role: 'officer', agencyCode }, T0);
    return id;
  };
  // A stored seizure, with a marker field the store keeps like any other (the schema never sees it here).
  const stored = (id: string, revision = 1, marker: object = {}) => ({ ...seizure({ id }), revision, createdBy: 'someone', ...marker }) as StoredSeizure;
  const append = (recordId: string, revision: number, userId: string, agencyCode = 'ATF', body: object = {}) =>
    store().writeLocked(({ records }) =>
      records.append({
        recordId,
        revision,
        agencyCode,
        mutationId: randomUUID(),
        body: stored(recordId, revision, body),
        authorUserId: userId,
        deviceId: 'device-1',
        createdBy: 'someone',
        receivedAt: T0,
      }),
    );

  it('names its dialect', () => {
    expect(store().dialect).toBe(dialect);
  });

  it('seeds the standard agencies once, however often it starts', async () => {
    await prepareDatabase(db(), later(1));
    await prepareDatabase(db(), later(2));
    const agencies = await store().agencies.list();
    expect(agencies.map((a) => a.code).sort()).toEqual(AGENCIES.map((a) => a.code).sort());
    expect(await store().agencies.find('SEDENA')).toEqual({ code: 'SEDENA', name: 'Mexican Ministry of National Defense (SEDENA)', country: 'MX' });
  });

  it('adds agencies and refuses a second one with the same code', async () => {
    await store().agencies.add({ code: 'AZ_DPS', name: 'Arizona DPS', country: 'US' }, T0);
    expect(await store().agencies.find('AZ_DPS')).toMatchObject({ name: 'Arizona DPS' });
    await expect(store().agencies.add({ code: 'AZ_DPS', name: 'Again', country: 'US' }, T0)).rejects.toThrow();
  });

  it('stores users with a unique username, a role check and an existing agency', async () => {
    const id = await addUser('store.jdoe');
    const user = await store().users.findByUsername('store.jdoe');
    expect(user).toMatchObject({ id, username: 'store.jdoe', role: 'officer', agencyCode: 'ATF', disabledAt: null, passwordHash: '$argon2id$stub' });
    expect(user?.agencyName).toContain('ATF');
    await expect(addUser('store.jdoe')).rejects.toThrow();
    await expect(addUser('store.nowhere', 'NO_SUCH_AGENCY')).rejects.toThrow();
    await expect(
      store().users.add({ id: randomUUID(), username: 'store.king', passwordHash: 'x', role: 'king' as never, agencyCode: 'ATF' }, T0),
    ).rejects.toThrow();
    expect((await store().users.list()).find((u) => u.username === 'store.jdoe')).not.toHaveProperty('passwordHash');
  });

  it('counts only enabled admins', async () => {
    const before = await store().users.countActiveAdmins();
    await store().users.add({ id: randomUUID(), username: 'store.admin', passwordHash: 'x', role: 'admin', agencyCode: 'FGR' }, T0);
    expect(await store().users.countActiveAdmins()).toBe(before + 1);
    expect(await store().users.disable('store.admin', T0)).toBeTypeOf('string');
    expect(await store().users.disable('store.admin', T0)).toBeUndefined();
    expect(await store().users.countActiveAdmins()).toBe(before);
  });

  it('finds a session only while it is unexpired, unrevoked and its user enabled', async () => {
    const userId = await addUser('store.session');
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    await store().sessions.create({ tokenHash: a, userId, createdAt: T0, expiresAt: later(60) });
    await store().sessions.create({ tokenHash: b, userId, createdAt: T0, expiresAt: later(60) });
    expect(await store().sessions.findActive(a, later(1))).toMatchObject({ userId, username: 'store.session', agencyCode: 'ATF', role: 'officer' });
    expect(await store().sessions.findActive(a, later(60))).toBeUndefined();
    await store().sessions.revoke(a, later(2));
    expect(await store().sessions.findActive(a, later(3))).toBeUndefined();
    expect(await store().sessions.findActive(b, later(3))).toBeDefined();
    await store().users.disable('store.session', later(4));
    expect(await store().sessions.findActive(b, later(5))).toBeUndefined();
    expect(await store().sessions.findActive('c'.repeat(64), later(1))).toBeUndefined();
  });

  it('keeps every revision and the latest one per record, with strictly increasing sequence numbers', async () => {
    const userId = await addUser('store.writer');
    const recordId = randomUUID();
    const seqs = [];
    for (let revision = 1; revision <= 3; revision++) seqs.push(await append(recordId, revision, userId, 'ATF', { note: revision }));
    expect(seqs[1]! > seqs[0]! && seqs[2]! > seqs[1]!).toBe(true);
    const latest = await store().records.findLatest(recordId);
    expect(latest).toMatchObject({ recordId, agencyCode: 'ATF', revision: 3, body: { note: 3 }, createdBy: 'someone', lastSeq: seqs[2] });
    expect((await store().records.history(recordId)).map((r) => [r.revision, r.seq])).toEqual([
      [1, seqs[0]],
      [2, seqs[1]],
      [3, seqs[2]],
    ]);
    expect(typeof latest?.lastSeq).toBe('number');
  });

  it('refuses a second revision with the same number, or a mutation id twice', async () => {
    const userId = await addUser('store.twice');
    const recordId = randomUUID();
    await append(recordId, 1, userId);
    await expect(append(recordId, 1, userId)).rejects.toThrow();
    const mutationId = randomUUID();
    const write = (id: string) =>
      store().writeLocked(({ records }) =>
        records.append({ recordId: id, revision: 1, agencyCode: 'ATF', mutationId, body: stored(id), authorUserId: userId, deviceId: 'd', createdBy: 'x', receivedAt: T0 }),
      );
    await write(randomUUID());
    await expect(write(randomUUID())).rejects.toThrow();
    expect(await store().records.findMutation(mutationId)).toMatchObject({ revision: 1, agencyCode: 'ATF' });
    // The failed writes left nothing behind.
    expect((await store().records.history(recordId)).map((r) => r.revision)).toEqual([1]);
  });

  it('rolls back everything a locked unit of work did when it fails', async () => {
    const userId = await addUser('store.rollback');
    const recordId = randomUUID();
    await expect(
      store().writeLocked(async ({ records }) => {
        await records.append({ recordId, revision: 1, agencyCode: 'ATF', mutationId: randomUUID(), body: stored(recordId), authorUserId: userId, deviceId: 'd', createdBy: 'x', receivedAt: T0 });
        throw new Error('fails after the write');
      }),
    ).rejects.toThrow('fails after the write');
    expect(await store().records.findLatest(recordId)).toBeUndefined();
    expect(await store().records.history(recordId)).toEqual([]);
  });

  it('lists one agency’s changes after a sequence number, latest revision only, in order', async () => {
    const userId = await addUser('store.pull', 'CBP');
    const otherId = await addUser('store.pull.other', 'DEA');
    const start = (await store().records.changesSince('CBP', 0, 1000)).at(-1)?.lastSeq ?? 0;
    const [r1, r2, r3] = [randomUUID(), randomUUID(), randomUUID()];
    await append(r1, 1, userId, 'CBP');
    await append(r2, 1, userId, 'CBP');
    await append(randomUUID(), 1, otherId, 'DEA');
    await append(r1, 2, userId, 'CBP');
    await append(r3, 1, userId, 'CBP');
    const changes = await store().records.changesSince('CBP', start, 10);
    expect(changes.map((c) => [c.recordId, c.revision])).toEqual([
      [r2, 1],
      [r1, 2],
      [r3, 1],
    ]);
    expect(await store().records.changesSince('CBP', start, 2)).toHaveLength(2);
    expect(await store().records.changesSince('CBP', changes[2]!.lastSeq, 10)).toEqual([]);
  });

  it('runs concurrent locked writers one after another, numbering in commit order', async () => {
    const userId = await addUser('store.concurrent');
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const seqs = await Promise.all(ids.map((id) => append(id, 1, userId)));
    expect(new Set(seqs).size).toBe(ids.length);
    const history = await Promise.all(ids.map((id) => store().records.history(id)));
    expect(history.map((h) => h[0]?.seq)).toEqual(seqs);
  });
});
