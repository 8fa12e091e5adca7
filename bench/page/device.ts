/**
 * The device-side benchmarks, run inside headless Chromium on the app's own origin. Everything
 * timed goes through the app's real modules (src/storage, src/sync, src/domain), bundled by
 * esbuild; each figure is taken side by side with raw IndexedDB (raw-idb.js) in the same page,
 * interleaved so that a slow moment of the machine hits both.
 */
import { checkSave } from '../../src/domain/save-check';
import type { Seizure } from '../../src/domain/schema';
import { TraceDB, type OutboxEntry, type SeizureRow } from '../../src/storage/db';
import { newId } from '../../src/storage/ids';
import { repairOutbox } from '../../src/storage/integrity';
import { createKeyVault } from '../../src/storage/crypto/key-vault';
import { createSeizureRepository } from '../../src/storage/seizure-repository';
import { createSyncStore, type Session } from '../../src/storage/sync-store';
import { fromServer, newEntry, saved, type SeizureWrite } from '../../src/storage/sync-rules';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport, type SyncTransport } from '../../src/sync/transport';
import { caseNumberOf, makeSeizure, serialOf } from '../lib/records.mjs';
import { deleteDatabase, openRaw, rawWrite } from './raw-idb.js';
import { floorKeyring, openRawSealed, writeSealed } from './raw-sealed';

const now = () => performance.now();

/**
 * What the app writes for a record, as the one row raw IndexedDB writes beside it: the seizure
 * row with its sync state inside, as the app kept it before the state moved to a table of its
 * own. The raw floor stays one put per record, the least the same data can cost.
 */
const asOneRow = ({ row, state }: SeizureWrite): SeizureRow & { syncState: string } => ({ ...row, syncState: state.state });

/** What the app writes for a new record it saves (seizure-repository.ts save), as one row. */
const savedRow = (record: Seizure) => asOneRow(saved(record, undefined));

/** What a pull writes, as one row. */
const pulledRow = (record: Seizure, revision: number) => asOneRow(fromServer({ record, revision }));

const outboxEntry = (record: Seizure): OutboxEntry => newEntry(newId(), record);

async function fresh(...names: string[]) {
  for (const name of names) await deleteDatabase(name);
}

/**
 * Runs each of `runs` once, in an order that rotates with `k` (so a slow moment of the machine
 * hits each side alike), and answers the milliseconds each took, in the order given.
 */
async function interleaved(k: number, runs: readonly (() => Promise<unknown>)[]): Promise<number[]> {
  const ms = runs.map(() => 0);
  for (let step = 0; step < runs.length; step++) {
    const which = (k + step) % runs.length;
    const t0 = now();
    await runs[which]!();
    ms[which] = now() - t0;
  }
  return ms;
}

/** The sealed floor (raw-sealed.ts): a database of its own and keys of its own. */
async function sealedFloor(name: string) {
  await fresh(name);
  return { db: await openRawSealed(name), keyring: floorKeyring() };
}

/** The officer whose keys seal the benchmark's records, and the PIN the app-start pages type. */
export const BENCH_OFFICER = { id: 'bench-officer', username: 'bench.officer', role: 'officer', agency: { code: 'ATF', name: 'ATF' } };
export const BENCH_PIN = '482916';
const BENCH_ACCOUNT_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

/**
 * The app's database opened as after the PIN: a vault for the bench officer (made on first use,
 * with the real PBKDF2 rounds) and the sealed tables unlocked with its keys. A session names the
 * same officer, so the real app opens on its lock screen and takes the PIN.
 */
async function openUnlocked(name: string): Promise<TraceDB> {
  const db = new TraceDB(name);
  await db.open();
  const vault = createKeyVault(db);
  const unlocked = (await vault.state(BENCH_OFFICER.id)) === 'pinSet' ? await vault.unlockWithPin(BENCH_OFFICER.id, BENCH_PIN) : await vault.create(BENCH_OFFICER.id, BENCH_PIN, BENCH_ACCOUNT_KEY);
  db.unlock(unlocked.keys);
  const store = createSyncStore(db);
  if (!(await store.session())) await store.saveSession({ token: 'bench', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), user: BENCH_OFFICER });
  return db;
}

/**
 * Saving: `count` saves of a new seizure with `firearms` guns through the repository's save
 * (validation, record + outbox entry in one strict transaction), each against two raw strict
 * transactions: the same rows sealed as the app seals them (raw-sealed.ts, the budget's floor),
 * and the row and outbox entry in clear (report only). The order rotates every save.
 */
async function save({ count = 200, firearms = 5, warmup = 10 }) {
  await fresh('bench-save-app', 'bench-save-raw');
  const db = await openUnlocked('bench-save-app');
  const repo = createSeizureRepository(db);
  const raw = await openRaw('bench-save-raw');
  const sealed = await sealedFloor('bench-save-sealed');
  const app: number[] = [];
  const base: number[] = [];
  const sealedBase: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const record = makeSeizure(i, { firearms, seed: 0x5a7e, updatedAt: new Date().toISOString() }) as Seizure;
    const row = savedRow(record);
    const entry = outboxEntry(record);
    const write = saved(record, undefined);
    const [a, r, z] = await interleaved(i, [
      () => repo.save(record),
      () =>
        rawWrite(raw, ['seizures', 'outbox'], (tx: IDBTransaction) => {
          tx.objectStore('seizures').put(row);
          tx.objectStore('outbox').add(entry);
        }),
      () => writeSealed(sealed.db, sealed.keyring, { seizures: [write.row], syncStates: [write.state], outbox: [entry] }),
    ]);
    if (i >= warmup) {
      app.push(a!);
      base.push(r!);
      sealedBase.push(z!);
    }
  }
  const bytes = JSON.stringify(savedRow(makeSeizure(0, { firearms, seed: 0x5a7e }) as Seizure)).length;
  // Where the time goes: the validation save() runs before its transaction, alone.
  const validation: number[] = [];
  for (let i = 0; i < count; i++) {
    const record = makeSeizure(i, { firearms, seed: 0x5a7e }) as Seizure;
    const t0 = now();
    checkSave(record, { now: new Date() });
    validation.push(now() - t0);
  }
  db.close();
  raw.close();
  sealed.db.close();
  await fresh('bench-save-app', 'bench-save-raw', 'bench-save-sealed');
  return { app, raw: base, sealed: sealedBase, bytes, validation };
}

/**
 * Fills the app's database from `from` to `to` records through createSyncStore().applyPulled,
 * in pages of `page` (what a pull does), against raw IndexedDB writing the same rows and the
 * cursor page by page, sealed as the app seals them (raw-sealed.ts) and in clear, in an order
 * that rotates.
 */
async function fill({ appName = 'traceready', rawName = 'bench-raw', from = 0, to = 1000, page = 500, firearms = 2 }) {
  const sealedName = `${rawName}-sealed`;
  if (from === 0) await fresh(appName, rawName, sealedName);
  const db = await openUnlocked(appName);
  const store = createSyncStore(db);
  const raw = await openRaw(rawName);
  const sealed = { db: await openRawSealed(sealedName), keyring: floorKeyring() };
  let appMs = 0;
  let rawMs = 0;
  let sealedMs = 0;
  for (let start = from, k = 0; start < to; start += page, k++) {
    const end = Math.min(to, start + page);
    const changes: { revision: number; record: Seizure }[] = [];
    for (let i = start; i < end; i++) changes.push({ revision: 1, record: makeSeizure(i, { firearms, seed: 0x5ca1e }) as Seizure });
    const rows = changes.map((c) => pulledRow(c.record, c.revision));
    const writes = changes.map((c) => fromServer(c));
    const cursor = String(end);
    const [a, r, z] = await interleaved(k, [
      async () => {
        const { applied } = await store.applyPulled(changes, cursor);
        if (applied !== changes.length) throw new Error(`applyPulled applied ${applied} of ${changes.length}`);
      },
      () =>
        rawWrite(raw, ['seizures', 'meta'], (tx: IDBTransaction) => {
          const seizures = tx.objectStore('seizures');
          for (const row of rows) seizures.put(row);
          tx.objectStore('meta').put({ key: 'pullCursor', value: cursor });
        }),
      () => writeSealed(sealed.db, sealed.keyring, { seizures: writes.map((w) => w.row), syncStates: writes.map((w) => w.state) }, [{ key: 'pullCursor', value: cursor }]),
    ]);
    appMs += a!;
    rawMs += r!;
    sealedMs += z!;
  }
  db.close();
  raw.close();
  sealed.db.close();
  return { count: to - from, appMs, rawMs, sealedMs };
}

/** The list's queries on a filled database, through the repository the screens use. */
async function queries({ appName = 'traceready', size = 1000, count = 50, repeat = 20, firearms = 2 }) {
  const t0 = now();
  const db = await openUnlocked(appName);
  const openMs = now() - t0;
  const repo = createSeizureRepository(db);
  const time = async (fn: () => Promise<unknown>) => {
    const start = now();
    const result = await fn();
    return { ms: now() - start, result };
  };
  const cold = (await time(() => repo.search('', 100))).ms;
  const firstScreen: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const { ms, result } = await time(() => repo.search('', 100));
    if ((result as SeizureRow[]).length !== Math.min(100, size)) throw new Error('first screen: wrong row count');
    firstScreen.push(ms);
  }
  // Spread the looked-up records over the whole database, reproducibly.
  const pick = (k: number) => Math.floor(((k * 2654435761) % 4294967296) / 4294967296 * size);
  const serial: number[] = [];
  const caseNumber: number[] = [];
  for (let k = 0; k < count; k++) {
    const n = pick(k + 1);
    const bySerial = await time(() => repo.search(serialOf(n, k % firearms), 100));
    if (!(bySerial.result as SeizureRow[]).some((row) => row.record.agency.caseNumber === caseNumberOf(n))) throw new Error(`serial search missed record ${n}`);
    serial.push(bySerial.ms);
    const byCase = await time(() => repo.search(caseNumberOf(n), 100));
    if (!(byCase.result as SeizureRow[]).some((row) => row.record.agency.caseNumber === caseNumberOf(n))) throw new Error(`case search missed record ${n}`);
    caseNumber.push(byCase.ms);
  }
  const pending: number[] = [];
  for (let i = 0; i < repeat; i++) pending.push((await time(() => repo.pendingCount())).ms);
  // What the app does at every start before its first screen (app/main.tsx): the outbox repair.
  const repair: number[] = [];
  for (let i = 0; i < 5; i++) repair.push((await time(() => repairOutbox(db))).ms);
  const total = await db.seizures.count();
  db.close();
  return { openMs, cold, firstScreen, serial, caseNumber, pending, repair, total };
}

/**
 * Local writes, one record at a time as an officer saves: the repository's save against one raw
 * strict transaction with the same rows sealed (raw-sealed.ts) and one with them in clear, in
 * chunks of `chunk` whose order rotates.
 */
async function localWrite({ count = 2000, chunk = 100, firearms = 5 }) {
  await fresh('bench-lw-app', 'bench-lw-raw');
  const db = await openUnlocked('bench-lw-app');
  const repo = createSeizureRepository(db);
  const raw = await openRaw('bench-lw-raw');
  const sealed = await sealedFloor('bench-lw-sealed');
  let appMs = 0;
  let rawMs = 0;
  let sealedMs = 0;
  for (let start = 0, k = 0; start < count; start += chunk, k++) {
    const records = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => makeSeizure(start + i, { firearms, seed: 0x10ca1, updatedAt: new Date().toISOString() }) as Seizure);
    const rows = records.map(savedRow);
    const entries = records.map(outboxEntry);
    const writes = records.map((record) => saved(record, undefined));
    const [a, r, z] = await interleaved(k, [
      async () => {
        for (const record of records) await repo.save(record);
      },
      async () => {
        for (let i = 0; i < rows.length; i++) {
          await rawWrite(raw, ['seizures', 'outbox'], (tx: IDBTransaction) => {
            tx.objectStore('seizures').put(rows[i]);
            tx.objectStore('outbox').add(entries[i]);
          });
        }
      },
      async () => {
        for (let i = 0; i < writes.length; i++) {
          await writeSealed(sealed.db, sealed.keyring, { seizures: [writes[i]!.row], syncStates: [writes[i]!.state], outbox: [entries[i]!] });
        }
      },
    ]);
    appMs += a!;
    rawMs += r!;
    sealedMs += z!;
  }
  db.close();
  raw.close();
  sealed.db.close();
  await fresh('bench-lw-app', 'bench-lw-raw', 'bench-lw-sealed');
  return { count, appMs, rawMs, sealedMs };
}

/**
 * Puts `count` saved-but-unsent seizures in the app's database exactly as save() leaves them
 * (row pending + outbox entry), in bulk: the state a device is in before it pushes. Not timed;
 * saving one by one is measured by localWrite.
 */
async function seedOutbox({ appName = 'traceready', count = 10000, firearms = 5, seed = 0x5e1d }) {
  await fresh(appName);
  const db = await openUnlocked(appName);
  for (let start = 0; start < count; start += 1000) {
    const records = Array.from({ length: Math.min(1000, count - start) }, (_, i) => makeSeizure(start + i, { firearms, seed }) as Seizure);
    const writes = records.map((record) => saved(record, undefined));
    await db.transaction('rw', db.seizures, db.syncStates, db.outbox, async () => {
      await db.seizures.bulkPut(writes.map((w) => w.row));
      await db.syncStates.bulkPut(writes.map((w) => w.state));
      await db.outbox.bulkAdd(records.map(outboxEntry));
    });
  }
  const outbox = await db.outbox.count();
  db.close();
  return { outbox };
}

/**
 * The one seizure the tap-to-committed measurement edits and saves again and again (in the app's
 * own database, as the bench officer, recovered a few hours ago so that no late-entry warning
 * asks to be confirmed), as saved: the floor form (tap-floor.ts) opens on the same record.
 */
async function seedForTap({ firearms = 5 }) {
  await fresh('traceready');
  const db = await openUnlocked('traceready');
  const record = makeSeizure(0, { firearms, seed: 0x7a9, updatedAt: new Date().toISOString() }) as Seizure;
  const stored = await createSeizureRepository(db).save(record);
  db.close();
  return { id: stored.id, record: stored.record };
}

const spent: Record<string, number> = {};

async function timing<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = now();
  try {
    return await work();
  } finally {
    spent[step] = (spent[step] ?? 0) + now() - start;
  }
}

/** The same store, with the time spent in the named methods added up in `spent`. */
function timed<T extends object>(target: T, names: readonly (keyof T & string)[]): T {
  const wrapped = { ...target };
  for (const name of names) {
    const method = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[name] = (...args: unknown[]) => timing(name, () => method(...args));
  }
  return wrapped;
}

/**
 * One run of the real sync engine (createSyncEngine over createHttpTransport) against this
 * origin's server: pushes the whole outbox, then pulls. The transport is wrapped only to note
 * when the first pull starts, which splits the run into its push and pull phases.
 */
async function syncRun({ appName = 'traceready', token = '', user = {} as Session['user'], deviceId = 'bench-device' }) {
  for (const step of Object.keys(spent)) delete spent[step];
  const db = await openUnlocked(appName);
  const store = timed(createSyncStore(db), ['nextBatch', 'markSending', 'recordResults', 'applyPulled']);
  await store.saveSession({ token, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), user });
  const http = createHttpTransport({ baseUrl: location.origin, token: async () => token });
  let firstPullAt: number | undefined;
  let pushes = 0;
  let pulls = 0;
  const transport: SyncTransport = {
    push: (request) => {
      pushes++;
      return timing('server push', () => http.push(request));
    },
    pull: (cursor, limit) => {
      firstPullAt ??= now();
      pulls++;
      return http.pull(cursor, limit);
    },
    probe: () => http.probe(),
  };
  const engine = createSyncEngine({ store, transport, deviceId: async () => deviceId });
  const t0 = now();
  const report = await engine.run();
  const t1 = now();
  const pullStart = firstPullAt ?? t1;
  const result = {
    report,
    pushMs: pullStart - t0,
    pullMs: t1 - pullStart,
    totalMs: t1 - t0,
    pushes,
    pulls,
    rows: await db.seizures.count(),
    outbox: await db.outbox.count(),
    synced: await db.syncStates.where('state').equals('synced').count(),
    /** Milliseconds spent in each step of the run, summed: where a push's time goes. */
    steps: { ...spent },
  };
  db.close();
  return result;
}

declare global {
  interface Window {
    bench: Record<string, (options: never) => Promise<unknown>>;
  }
}

window.bench = { save, seedForTap, fill, queries, localWrite, seedOutbox, syncRun, deleteDatabase: fresh } as unknown as Window['bench'];
const state = document.getElementById('state');
if (state) state.textContent = 'ready';
