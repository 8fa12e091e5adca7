/**
 * Issue #4, a crash during a database upgrade. A phone holds the version-1 database of an older
 * app (records in clear, each with its outbox entry, and a few that sync left synced, refused or
 * in conflict). The new app opens it and upgrades it to version 3: version 2 moves those rows
 * aside to be sealed, version 3 adds the table the sync state moves into (issue 18); the page is
 * closed while that upgrade's transaction is still open. Reopened: version 1 is there untouched,
 * the upgrade runs again, the officer signs in and chooses a PIN, every record is there, sealed,
 * each state, revision, refusal and conflict in its own sealed sync row, and every waiting
 * record is sent exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { seizureKeys, type Seizure } from '../../src/domain';
import { SCHEMA_VERSIONS } from '../../src/storage/schema-versions';
import { freshSeizure, withAgency } from '../domain/fixtures';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { readDevice, rewriteAsVersionTwo } from './support/device-reader';
import { field, signIn, TEXT, unlock } from './support/pages';
import { serverRecords } from './support/server';

const LATEST_IDB_VERSION = SCHEMA_VERSIONS.at(-1)!.version * 10;

const baseUrl = inject('baseUrl');
const officer = inject('officer');
const COUNT = 150;
const RUN = Date.now().toString(36).toUpperCase();
let browser: Browser;
let context: BrowserContext;
let page: Page;

const records: Seizure[] = Array.from({ length: COUNT }, (_, i) =>
  withAgency({ caseNumber: `UPG-${RUN}-${i}` }, freshSeizure({ status: 'draft' }, { serialNumber: `UPG${RUN}${String(i).padStart(4, '0')}` })),
);
/** Records sync had settled on the older app: nothing of them waits in the outbox. */
const settled = (name: string, revision: number) => ({ ...withAgency({ caseNumber: `UPG-${RUN}-${name}` }, freshSeizure({ status: 'draft' }, { serialNumber: `UPG${RUN}${name}` })), revision });
const synced = settled('SYNCED', 4);
const refused = settled('REFUSED', 1);
const disputed = settled('DISPUTED', 2);
const REFUSAL = [{ path: 'firearms.0.serialNumber', code: 'serial.noDigit', severity: 'error' }];
const THEIRS = { revision: 3, record: { ...disputed, notes: 'changed on the server' } };
const SETTLED = 3;

/** A same-origin page that is not the app: the database can be read there without the app opening it. */
const outsideTheApp = `${baseUrl}/manifest.webmanifest`;

/** The database as version 1 of the app wrote it: Dexie's version 1 is IndexedDB version 10. */
function writeVersionOne(p: Page, rows: unknown[], entries: unknown[]) {
  return p.evaluate(
    ({ rows, entries }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('traceready', 10);
        request.onupgradeneeded = () => {
          const idb = request.result;
          const seizures = idb.createObjectStore('seizures', { keyPath: 'id' });
          for (const name of ['status', 'updatedAt', 'caseKey', 'syncState']) seizures.createIndex(name, name);
          for (const name of ['serialKeys', 'makerSerialKeys']) seizures.createIndex(name, name, { multiEntry: true });
          const outbox = idb.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
          outbox.createIndex('mutationId', 'mutationId', { unique: true });
          outbox.createIndex('recordId', 'recordId');
          idb.createObjectStore('drafts', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
          idb.createObjectStore('meta', { keyPath: 'key' });
        };
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const idb = request.result;
          const tx = idb.transaction(['seizures', 'outbox'], 'readwrite');
          for (const row of rows) tx.objectStore('seizures').put(row);
          for (const entry of entries) tx.objectStore('outbox').add(entry);
          tx.oncomplete = () => {
            idb.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { rows, entries },
  );
}

/** The database's version and what its stores hold, read without opening it as the app does. */
function inspect(p: Page) {
  return p.evaluate(
    () =>
      new Promise<{ version: number; counts: Record<string, number> }>((resolve, reject) => {
        const request = indexedDB.open('traceready');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const idb = request.result;
          const stores = [...idb.objectStoreNames];
          const counts: Record<string, number> = {};
          const tx = idb.transaction(stores);
          for (const store of stores) {
            const count = tx.objectStore(store).count();
            count.onsuccess = () => (counts[store] = count.result);
          }
          tx.oncomplete = () => {
            idb.close();
            resolve({ version: idb.version, counts });
          };
        };
      }),
  );
}

/**
 * Opens the app in a page whose database upgrade is kept busy once it has begun, and closes that
 * page while the upgrade's transaction is open, so the close lands inside it for certain.
 */
async function closeMidUpgrade() {
  const app = await context.newPage();
  await app.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      const request = open.apply(this, args);
      if (args[0] !== 'traceready') return request;
      request.addEventListener('upgradeneeded', () => {
        const tx = request.transaction;
        if (!tx) return;
        const busy = () => {
          tx.objectStore('meta').get('keep-the-upgrade-open').onsuccess = busy;
        };
        busy();
        (window as unknown as { upgradeOpen: boolean }).upgradeOpen = true;
      });
      return request;
    };
  });
  await app.goto(baseUrl);
  await app.waitForFunction(() => (window as unknown as { upgradeOpen?: boolean }).upgradeOpen === true);
  await app.close();
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await phoneContext(browser, 'en-US');
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (test) => screenshotOnFailure(test, page));

describe('closing the page during a database upgrade', () => {
  it('finds the older version’s database on the phone', async () => {
    page = await context.newPage();
    await page.goto(outsideTheApp);
    const row = (r: Seizure, sync: Record<string, unknown>) => ({ id: r.id, record: r, status: r.status, updatedAt: r.updatedAt, ...seizureKeys(r), ...sync });
    const rows = [
      ...records.map((r) => row(r, { syncState: 'pending' })),
      row(synced, { syncState: 'synced', serverRevision: 4 }),
      row(refused, { syncState: 'rejected', serverRevision: 1, syncErrors: REFUSAL }),
      row(disputed, { syncState: 'conflict', serverRevision: 2, conflict: THEIRS }),
    ];
    const entries = records.map((r) => ({ mutationId: randomUUID(), recordId: r.id, payload: r, enqueuedAt: r.updatedAt, attempts: 0 }));
    await writeVersionOne(page, rows, entries);
    expect(await inspect(page)).toEqual({ version: 10, counts: { seizures: COUNT + SETTLED, outbox: COUNT, drafts: 0, meta: 0 } });
  });

  it('loses nothing when the page closes while the upgrade is open', async () => {
    await closeMidUpgrade();
    expect(await inspect(page)).toEqual({ version: 10, counts: { seizures: COUNT + SETTLED, outbox: COUNT, drafts: 0, meta: 0 } });
  });

  it('upgrades on the next start, seals every record at the first unlock and shows them', async () => {
    await page.goto(baseUrl);
    await signIn(page, officer.username, officer.password);
    await field(page, TEXT.en.search).fill(`UPG${RUN}0149`);
    await expect.poll(() => page.getByRole('link', { name: new RegExp(`UPG-${RUN}-149`) }).count()).toBe(1);

    const { version, counts } = await inspect(page);
    // The latest Dexie version × 10 (IndexedDB's number for it): the upgrade went all the way.
    expect(version).toBe(LATEST_IDB_VERSION);
    expect(counts).toMatchObject({ unsealedSeizures: 0, unsealedOutbox: 0, unsealedDrafts: 0 });
    expect(counts.seizures).toBeGreaterThanOrEqual(COUNT + SETTLED);
    expect(counts.syncStates).toBe(counts.seizures);
  });

  it('keeps each record’s state, revision, refusal and conflict, sealed in its own sync row', async () => {
    const device = await readDevice(page);
    const state = (id: string) => device.states.find((s) => s.id === id);
    expect(state(synced.id)).toMatchObject({ state: 'synced', revision: 4 });
    expect(state(refused.id)).toMatchObject({ state: 'rejected', revision: 1, errors: [{ code: 'serial.noDigit' }] });
    expect(state(disputed.id)).toMatchObject({ state: 'conflict', revision: 2, conflict: { revision: 3, record: { notes: 'changed on the server' } } });
    // The waiting ones are pending, or already sent by the sync the unlock starts.
    expect(records.every((r) => ['pending', 'synced'].includes(state(r.id)?.state ?? ''))).toBe(true);
    // The seizure rows hold no sync state of their own any more.
    expect(device.seizures.filter((row) => 'serverRevision' in row || 'syncErrors' in row || 'conflict' in row)).toEqual([]);
  });

  it('sends every record exactly once, as it was written', async () => {
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.locator('.sync-waiting').textContent(), { timeout: 90_000 }).toBe('Nothing waiting to send');
    const mine = (await serverRecords(baseUrl, officer.username, officer.password)).filter((r) => records.some((s) => s.id === r.recordId));
    expect(mine).toHaveLength(COUNT);
    expect(mine.every((r) => r.revision === 1)).toBe(true);
    expect(new Set(mine.map((r) => r.record.firearms[0]?.serialNumber))).toEqual(new Set(records.map((r) => r.firearms[0]!.serialNumber)));
  });
});

/**
 * Issue 18: the upgrade from version 2 (sync state sealed inside each seizure row) to version 3.
 * The phone above, written back as version 2 of the app kept it, two of its records refused and
 * in conflict; the page is closed while the upgrade to version 3 is open. Reopened: version 2 is
 * there untouched, the upgrade runs again, and the PIN's unlock moves every record's state,
 * revision, reasons and conflict into its own sealed sync row.
 */
describe('closing the page during the upgrade that gives sync state a table of its own', () => {
  const later = { revision: 2, record: { ...records[148]!, notes: 'changed on the server since' } };
  let seizureCount = 0;

  it('finds a version-2 database on the phone, each record’s state sealed inside its row', async () => {
    await page.goto(outsideTheApp);
    await rewriteAsVersionTwo(page, {
      [records[149]!.id]: { syncState: 'rejected', serverRevision: 1, syncErrors: REFUSAL },
      [records[148]!.id]: { syncState: 'conflict', serverRevision: 1, conflict: later },
    });
    const { version, counts } = await inspect(page);
    expect(version).toBe(20);
    expect(counts.syncStates).toBeUndefined();
    expect(counts.seizures).toBeGreaterThanOrEqual(COUNT + SETTLED);
    seizureCount = counts.seizures ?? 0;
  });

  it('loses nothing when the page closes while that upgrade is open', async () => {
    await closeMidUpgrade();
    const { version, counts } = await inspect(page);
    expect(version).toBe(20);
    expect(counts.seizures).toBe(seizureCount);
    expect(counts.syncStates).toBeUndefined();
  });

  it('upgrades on the next start and moves every state out of the rows at the unlock', async () => {
    await page.goto(baseUrl);
    await unlock(page);
    await field(page, TEXT.en.search).fill(`UPG${RUN}0149`);
    await expect.poll(() => page.getByRole('link', { name: new RegExp(`UPG-${RUN}-149`) }).count()).toBe(1);
    const { version, counts } = await inspect(page);
    expect(version).toBe(LATEST_IDB_VERSION);
    expect(counts.seizures).toBe(seizureCount);
    expect(counts.syncStates).toBe(seizureCount);

    const device = await readDevice(page);
    const state = (id: string) => device.states.find((s) => s.id === id);
    expect(state(records[149]!.id)).toMatchObject({ state: 'rejected', revision: 1, errors: [{ code: 'serial.noDigit' }] });
    expect(state(records[148]!.id)).toMatchObject({ state: 'conflict', revision: 1, conflict: { revision: 2, record: { notes: 'changed on the server since' } } });
    expect(state(records[0]!.id)).toMatchObject({ state: 'synced', revision: 1 });
    expect(state(synced.id)).toMatchObject({ state: 'synced', revision: 4 });
    expect(state(refused.id)).toMatchObject({ state: 'rejected', errors: [{ code: 'serial.noDigit' }] });
    expect(state(disputed.id)).toMatchObject({ state: 'conflict', conflict: { revision: 3 } });
    expect(device.seizures.filter((row) => 'serverRevision' in row || 'syncErrors' in row || 'conflict' in row)).toEqual([]);
  });
});
