/**
 * Prototypes of the recommended storage fixes (bench/page/whatif.ts), measured beside the app's
 * real code and raw IndexedDB in one page. They are NOT the app's figures: they say what the
 * changes in docs/performance.md would gain, so the lead can judge them before making them.
 */
import { buildAppOnce } from '../lib/build.mjs';
import { call, launchDevice, openBenchPage } from '../lib/browser.mjs';
import { median, percentile, settings } from '../lib/common.mjs';
import { makeSeizure } from '../lib/records.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, openStore, seedAccounts } from '../lib/server.mjs';

/* global crypto, performance */

/**
 * The server side of a push, without HTTP: the real applyMutation (src/server/protocol/push.ts)
 * with the real store, one write-locked transaction per mutation as today; against the same
 * applyMutation run for a whole batch inside ONE write-locked transaction, each mutation under
 * its own SAVEPOINT (the prototype). Batches of 25 alternate between two fresh databases.
 */
async function serverPushWhatIf(kind, count = 1000, batch = 25) {
  const { applyMutation } = await import('../../src/server/protocol/push.ts');
  const { withWriteLock } = await import('../../src/server/store/write-lock.ts');
  const { recordsRepository } = await import('../../src/server/store/records-repository.ts');
  const { sql } = await import('kysely');
  const open = async () => {
    const database = await freshDatabase(kind);
    const [account] = await seedAccounts(database, { agencies: 1, users: 1, devicesPerUser: 1 });
    const store = await openStore(database);
    return { store, caller: { userId: account.userId, username: account.username, agencyCode: account.agencyCode } };
  };
  const real = await open();
  const proto = await open();
  let realMs = 0;
  let protoMs = 0;
  try {
    for (let start = 0, k = 0; start < count; start += batch, k++) {
      const mutations = (seed) =>
        Array.from({ length: Math.min(batch, count - start) }, (_, i) => {
          const rec = makeSeizure(start + i, { firearms: 5, seed, agency: real.caller.agencyCode });
          return { mutationId: crypto.randomUUID(), recordId: rec.id, baseRevision: null, record: rec };
        });
      const runReal = async () => {
        const list = mutations(0x51);
        const t0 = performance.now();
        for (const m of list) {
          const r = await applyMutation({ store: real.store, caller: real.caller, deviceId: 'whatif', now: new Date() }, m);
          if (r.status !== 'applied') throw new Error(`real push: ${JSON.stringify(r).slice(0, 200)}`);
        }
        return performance.now() - t0;
      };
      const runProto = async () => {
        const list = mutations(0x52);
        const t0 = performance.now();
        await withWriteLock(proto.store.db, async (tx) => {
          const inside = { writeLocked: (work) => work({ records: recordsRepository(tx) }) };
          for (const m of list) {
            await sql`savepoint mutation`.execute(tx);
            try {
              const r = await applyMutation({ store: inside, caller: proto.caller, deviceId: 'whatif', now: new Date() }, m);
              if (r.status !== 'applied') throw new Error(`prototype push: ${JSON.stringify(r).slice(0, 200)}`);
              await sql`release savepoint mutation`.execute(tx);
            } catch (error) {
              await sql`rollback to savepoint mutation`.execute(tx);
              throw error;
            }
          }
        });
        return performance.now() - t0;
      };
      if (k % 2 === 0) {
        realMs += await runReal();
        protoMs += await runProto();
      } else {
        protoMs += await runProto();
        realMs += await runReal();
      }
    }
  } finally {
    await real.store.db.destroy();
    await proto.store.db.destroy();
  }
  // Of that, the domain validation every mutation goes through (prepareRecord), alone:
  const { prepareRecord } = await import('../../src/server/protocol/prepare-record.ts');
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) prepareRecord(makeSeizure(i, { firearms: 5, seed: 0x53 }), real.caller, new Date());
  const validateMs = (performance.now() - t0) / 200;
  return { real: (count / realMs) * 1000, proto: (count / protoMs) * 1000, validateMs };
}

export async function runWhatIf({ appServer }) {
  await buildAppOnce();
  const server = await appServer();
  const device = await launchDevice('whatif', { serviceWorkers: 'block' });
  try {
    const page = await openBenchPage(device.context, `${server.url}/bench/device.html`);
    const r = await call(page, 'whatIf', { saves: 200, fillCount: 10000, page: 500, acks: 2000 });
    for (const p of [50, 95]) {
      record({
        name: `what-if: save p${p} with batched requests`,
        value: percentile(r.save.proto, p),
        unit: 'ms',
        baseline: percentile(r.save.raw, p),
        budget: '≤ 2x raw',
        check: (_v, ratio) => ratio <= 2,
        note: `prototype (whatif.ts saveBatched); beside it, the app's save: p${p} ${percentile(r.save.real, p).toFixed(1)} ms (${(percentile(r.save.real, p) / percentile(r.save.raw, p)).toFixed(2)}x raw), and the same two writes in a bare Dexie transaction (no validation, no reads): ${percentile(r.save.dexie, p).toFixed(1)} ms (${(percentile(r.save.dexie, p) / percentile(r.save.raw, p)).toFixed(2)}x raw).`,
      });
    }
    const rate = (count, ms) => (count / ms) * 1000;
    record({
      name: 'what-if: applyPulled with bulkGet + bulkPut',
      value: rate(r.fill.count, r.fill.proto),
      unit: 'records/s',
      baseline: rate(r.fill.count, r.fill.raw),
      budget: '≥ 0.6x raw',
      check: (_v, ratio) => ratio >= 0.6,
      note: `prototype (whatif.ts applyPulledBatched), ${r.fill.count} records in pages of 500; the app's applyPulled beside it: ${rate(r.fill.count, r.fill.real).toFixed(0)} records/s (${(r.fill.raw / r.fill.real).toFixed(2)}x raw).`,
    });
    record({
      name: 'what-if: push bookkeeping, acknowledgeMany per batch',
      value: rate(r.ack.count, r.ack.proto),
      unit: 'records/s',
      baseline: rate(r.ack.count, r.ack.real),
      budget: 'report only',
      note: `markSendingMany + acknowledgeMany, two transactions per batch of 25 with bulk requests (prototype), against the app's markSending + one acknowledge transaction per entry (baseline); local work only, no network. Median save in this page: ${median(r.save.real).toFixed(1)} ms.`,
    });
  } finally {
    await device.close();
  }
  for (const kind of settings.dialects) {
    const r = await serverPushWhatIf(kind);
    record({
      name: `what-if: server push ${kind}, one transaction per push`,
      value: r.proto,
      unit: 'mutations/s',
      baseline: r.real,
      budget: 'report only',
      note: `the real applyMutation for 1,000 new seizures in batches of 25: one write-locked transaction per push with a SAVEPOINT per mutation (prototype), against one transaction per mutation as the server does now (baseline); no HTTP. prepareRecord (domain validation) alone takes ${r.validateMs.toFixed(2)} ms per mutation.`,
    });
  }
}
