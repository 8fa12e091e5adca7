/**
 * A push is one write-locked transaction, decided in memory and written in bulk
 * (protocol/push.ts): the outcomes must be exactly those of one transaction per mutation, and a
 * mutation whose writes fail undoes only its own writes.
 */
import { describe, expect, it } from 'vitest';
import { applyPush } from '../../src/server/protocol/push';
import type { MutationInput } from '../../src/domain/sync-wire';
import type { Store } from '../../src/server/store';
import { mutation, NOW, seizure, useServer } from './helpers/app';
import { DIALECTS } from './helpers/databases';

describe.each(DIALECTS)('one transaction per push on %s', (dialect) => {
  const server = useServer(dialect);

  it('decides each mutation on what the ones before it wrote, and writes nothing for a refused one', async () => {
    const officer = await server().user('batch.officer', 'ATF');
    const store = server().app.store;
    const caller = { userId: officer.id, username: officer.username, agencyCode: 'ATF' };
    const first = seizure();
    const second = seizure();
    const invalid = { ...seizure(), firearms: [] };
    const input = (m: unknown) => m as MutationInput;
    const create = input(mutation(first));
    const results = await applyPush({ store, caller, deviceId: 'phone-b', now: NOW }, [
      create,
      input(mutation({ ...first, notes: 'edited in the same push' }, 1)),
      input(mutation(invalid)),
      input(mutation({ ...first, notes: 'stale' }, 1)),
      create,
      input(mutation(second)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'conflict', 'duplicate', 'applied']);
    expect(await store.records.findLatest(first.id)).toMatchObject({ revision: 2, body: { notes: 'edited in the same push' } });
    expect(await store.records.findLatest(invalid.id)).toBeUndefined();
    expect((await store.audit.about(first.id)).map((r) => r.action)).toEqual(['record.create', 'record.revise', 'record.conflict']);
  });

  it('keeps the mutations before one that throws, undoes that one, applies none after it, and a retry completes the push', async () => {
    const officer = await server().user('batch.failing', 'ATF');
    const store = server().app.store;
    const caller = { userId: officer.id, username: officer.username, agencyCode: 'ATF' };
    const [a, b, c] = [seizure(), seizure(), seizure()];
    const failOn = b.id;
    // b's revision is written, then its audit row fails: the savepoints must take the revision back,
    // first the whole push's (written in bulk), then b's alone (written one by one).
    const failing: Store = {
      ...store,
      writeLocked: (work) =>
        store.writeLocked((tx) =>
          work({
            ...tx,
            audit: {
              ...tx.audit,
              appendAll: async (events, at) => {
                if (events.some((event) => event.subject === failOn)) throw new Error('audit write failed');
                return tx.audit.appendAll(events, at);
              },
            },
          }),
        ),
    };
    const push = [a, b, c].map((r) => mutation(r) as MutationInput);
    await expect(applyPush({ store: failing, caller, deviceId: 'phone-f', now: NOW }, push)).rejects.toThrow('audit write failed');
    expect(await store.records.findLatest(a.id)).toMatchObject({ revision: 1 });
    expect(await store.records.findLatest(b.id)).toBeUndefined();
    expect(await store.records.findMutation(push[1]!.mutationId)).toBeUndefined();
    expect(await store.records.findLatest(c.id)).toBeUndefined();

    const retried = await applyPush({ store, caller, deviceId: 'phone-f', now: NOW }, push);
    expect(retried.map((r) => r.status)).toEqual(['duplicate', 'applied', 'applied']);
    expect((await store.audit.about(b.id)).map((r) => r.action)).toEqual(['record.create']);
  });
});
