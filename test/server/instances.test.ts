/**
 * Several server instances over one PostgreSQL (DESIGN: stateless servers behind a load
 * balancer): sessions, idempotency keys and the pull sequence live in the database, so any
 * instance serves any device, and concurrent writers never make a pull skip a change.
 *
 * A database that stops, slows down or is cut off from one instance: database-faults.test.ts.
 * Real instance processes with devices switching between them mid-sync: test/chaos (CHAOS_INSTANCES).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mutation, resultsOf, seizure, startServer, type PullPage, type TestServer, type TestUser } from './helpers/app';
import { createTestDatabase } from './helpers/databases';
import { useFixture } from './helpers/fixture';

describe('two instances over one PostgreSQL', () => {
  const fixture = useFixture(
    async () => {
      const db = await createTestDatabase('postgres');
      // Started together, as a rolling deploy would: both migrate, one waits for the other.
      const [one, two] = await Promise.all([startServer(db), startServer(db)]);
      return { db, one, two, officer: await one.user('instances.officer', 'FGR') };
    },
    async ({ db, one, two }) => {
      await one.app.close();
      await two.app.close();
      await db.drop();
    },
  );
  let one: TestServer;
  let two: TestServer;
  let officer: TestUser;
  beforeEach(() => {
    ({ one, two, officer } = fixture());
  });

  it('accepts on one instance a token issued by the other, and serves what the other stored', async () => {
    const record = seizure();
    expect(resultsOf(await one.push(officer, [mutation(record)]))[0]?.status).toBe('applied');
    const page = (await two.pull(officer)).json<PullPage>();
    expect(page.changes.map((c) => c.recordId)).toContain(record.id);
    expect((await two.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${officer.token}` } })).statusCode).toBe(200);
    expect((await one.pull(officer)).statusCode).toBe(401);
    fixture().officer = await one.user('instances.officer2', 'FGR');
  });

  it('numbers concurrent pushes on both instances distinctly, and a pull returns them all in order', async () => {
    const { cursor } = (await one.pull(officer)).json<PullPage>();
    const records = Array.from({ length: 12 }, () => seizure());
    const responses = await Promise.all(records.map((record, i) => (i % 2 ? one : two).push(officer, [mutation(record)], `device-${i}`)));
    expect(responses.flatMap(resultsOf).map((r) => r.status)).toEqual(records.map(() => 'applied'));

    const page = (await two.pull(officer, `?cursor=${cursor}`)).json<PullPage>();
    expect(page.changes.map((c) => c.recordId).sort()).toEqual(records.map((r) => r.id).sort());
    const seqs = await Promise.all(records.map(async (r) => (await one.app.store.records.history(r.id))[0]!.seq));
    expect(new Set(seqs).size).toBe(records.length);
    // The pull's order is the sequence order.
    const bySeq = [...records.keys()].sort((a, b) => seqs[a]! - seqs[b]!).map((i) => records[i]!.id);
    expect(page.changes.map((c) => c.recordId)).toEqual(bySeq);
  });

  it('stores one revision when the same mutation reaches both instances at once', async () => {
    const m = mutation(seizure());
    const results = (await Promise.all([one.push(officer, [m]), two.push(officer, [m]), one.push(officer, [m])])).flatMap(resultsOf);
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(results.every((r) => r.revision === 1)).toBe(true);
    expect(await two.app.store.records.history(m.recordId)).toHaveLength(1);
  });

  it('lets exactly one of two concurrent edits of the same revision win; the other is a conflict', async () => {
    const record = seizure();
    resultsOf(await one.push(officer, [mutation(record)]));
    const [a, b] = await Promise.all([
      one.push(officer, [mutation({ ...record, notes: 'from one' }, 1)]),
      two.push(officer, [mutation({ ...record, notes: 'from two' }, 1)]),
    ]);
    expect([...resultsOf(a), ...resultsOf(b)].map((r) => r.status).sort()).toEqual(['applied', 'conflict']);
    expect(await one.app.store.records.history(record.id)).toHaveLength(2);
  });
});
