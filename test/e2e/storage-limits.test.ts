/**
 * Issue #4, storage limits: the origin's quota is made small (Chromium's DevTools protocol) and
 * filled. The officer is warned before a save fails and told when it does, in their language;
 * the seizure being entered stays in the form; what was already saved is intact; sync still
 * sends what waits; and once space is freed the save goes through.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { persistentPhoneContext, screenshotOnFailure } from './support/browser';
import { field, firearmCard, pick, recordSeizure, signIn, TEXT, unlock, waitForOfflineReady } from './support/pages';
import { readDevice } from './support/device-reader';
import { serverRecords } from './support/server';

const t = TEXT.es;
const baseUrl = inject('baseUrl');
const officer = inject('officer');
let context: BrowserContext;
let page: Page;
const QUOTA = 8 * 1024 * 1024;

/** The case numbers on the device, read around the app with the officer's PIN (the rows are sealed). */
const rawCaseNumbers = async (p: Page) => (await readDevice(p)).seizures.map((row) => row.record.agency.caseNumber ?? '');

/** This file's records: the officer's agency also pulls what other browser tests sent. */
const quotaCaseNumbers = async (p: Page) => (await rawCaseNumbers(p)).filter((caseNumber) => caseNumber.startsWith('QUOTA-'));

/** Writes 64 kB blocks into a database of its own until the browser refuses: the disk is full. */
const fillStorage = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('filler', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('blocks', { autoIncrement: true });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          let written = 0;
          const next = () => {
            const tx = db.transaction('blocks', 'readwrite');
            tx.objectStore('blocks').add(crypto.getRandomValues(new Uint8Array(64 * 1024)).buffer);
            tx.oncomplete = () => {
              written++;
              next();
            };
            tx.onabort = () => {
              db.close();
              resolve(written);
            };
          };
          next();
        };
      }),
  );

const freeStorage = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('filler');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
  );

beforeAll(async () => {
  context = await persistentPhoneContext('es-MX');
  // Chromium grants persistence to a headless profile, and a persisted origin is not held to the
  // overridden quota: this phone's browser says no, as a browser without an installed app may.
  await context.addInitScript(() => {
    navigator.storage.persist = async () => false;
  });
  page = context.pages()[0] ?? (await context.newPage());
  // A small phone's quota, set before the app first touches storage: Chromium applies an
  // overridden quota to an origin whose storage is already open only loosely, if at all.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseUrl).origin, quotaSize: QUOTA });
  // Chromium enforces the overridden quota but estimate() keeps reporting the disk's; report the
  // quota it enforces, as a small phone's browser would.
  await context.addInitScript((quota: number) => {
    const real = navigator.storage.estimate.bind(navigator.storage);
    navigator.storage.estimate = async () => ({ ...(await real()), quota });
  }, QUOTA);
  await page.goto(baseUrl);
  await waitForOfflineReady(page);
  await signIn(page, officer.username, officer.password, 'es');
});
afterAll(async () => {
  await context?.close();
});
afterEach(async (test) => screenshotOnFailure(test, page));

describe('a full device', () => {
  it('warns that storage is almost full before a save fails', async () => {
    await context.setOffline(true);
    await recordSeizure(page, 'es', 'QUOTA-KEPT', 'QK51820');
    const blocks = await fillStorage(page);
    expect(blocks).toBeGreaterThan(0);

    await page.reload();
    await unlock(page, 'es');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Almacenamiento casi lleno' }).count()).toBe(1);
  });

  it('says so when a save fails, keeps the seizure in the form, and damages nothing saved', async () => {
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    await field(page, t.caseNumber).fill('QUOTA-REFUSED');
    const gun = firearmCard(page, 'es', 1);
    await field(gun, t.type).selectOption('pistol');
    await pick(gun, t.manufacturer, 'taurus', /^Taurus$/);
    await field(gun, t.model).fill('G2C');
    await pick(gun, t.caliber, '9mm', /9 mm Luger/);
    await field(gun, t.serialNumber).fill('TQ88164');
    await page.getByRole('button', { name: t.saveDraft }).click();

    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'no tiene espacio de almacenamiento' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toMatch(/^\/new\/[0-9a-f-]{36}$/);
    expect(await field(page, t.caseNumber).inputValue()).toBe('QUOTA-REFUSED');
    expect(await field(gun, t.serialNumber).inputValue()).toBe('TQ88164');
    expect(await quotaCaseNumbers(page)).toEqual(['QUOTA-KEPT']);
  });

  it('still sends what waits, so the device can be emptied', async () => {
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await expect.poll(() => page.locator('.sync-waiting').textContent(), { timeout: 60_000 }).toBe('Nada pendiente de envío');
    const onServer = await serverRecords(baseUrl, officer.username, officer.password);
    expect(onServer.filter((c) => (c.record as { agency?: { caseNumber?: string } }).agency?.caseNumber === 'QUOTA-KEPT')).toHaveLength(1);
  });

  it('saves once space is freed, from the same form', async () => {
    await freeStorage(page);
    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: t.savedDraft }).count()).toBe(1);
    expect((await quotaCaseNumbers(page)).sort()).toEqual(['QUOTA-KEPT', 'QUOTA-REFUSED']);
  });
});
