/**
 * A new app version must never reload the page under an officer who is typing: the update waits
 * until the open seizure is saved, then applies when the officer says so. A real new service
 * worker is produced by changing the served sw.js, exactly what a deployment does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { field, firearmCard, signIn, TEXT, unlock } from './support/pages';

const t = TEXT.en;
const swPath = path.resolve(import.meta.dirname, '../../dist/sw.js');
const baseUrl = inject('baseUrl');
const officer = inject('officer');
let originalSw: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  originalSw = readFileSync(swPath, 'utf8');
  browser = await launchChromium();
  page = await (await phoneContext(browser, 'en-US')).newPage();
});
afterAll(async () => {
  writeFileSync(swPath, originalSw);
  await browser?.close();
});
afterEach(async (test) => screenshotOnFailure(test, page));

const updateBanner = () => page.getByRole('status').filter({ hasText: 'A new version of the app is ready.' });
const updateButton = () => page.getByRole('button', { name: 'Update now' });

describe('app update while a seizure is being entered', () => {
  it('runs under a service worker that controls the page', async () => {
    await page.goto(baseUrl);
    await signIn(page, officer.username, officer.password);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await unlock(page, 'en');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  });

  it('announces a new version but will not apply it while the form has unsaved changes', async () => {
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    await field(page, t.caseNumber).fill('UPDATE-WAITS');
    await field(firearmCard(page, 'en', 1), t.serialNumber).fill('QPL5590');

    writeFileSync(swPath, `${originalSw}\n// deployed ${Date.now()}\n`);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await expect.poll(() => updateBanner().count()).toBe(1);
    expect(await updateBanner().textContent()).toContain('the update will wait');
    expect(await updateButton().isDisabled()).toBe(true);
    expect(await field(page, t.caseNumber).inputValue()).toBe('UPDATE-WAITS');
  });

  it('applies the update once the seizure is saved, and the seizure is still there after the reload', async () => {
    // No signal from here on: the saved seizure stays queued, and must still be after the update.
    await page.context().setOffline(true);
    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('UPDATE-WAITS');
    await expect.poll(() => updateButton().isEnabled()).toBe(true);

    const reloaded = page.waitForEvent('load');
    await updateButton().click();
    await reloaded;
    await unlock(page, 'en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('UPDATE-WAITS');
    expect(await updateBanner().count()).toBe(0);
    const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null);
    expect(waiting).toBeNull();
    // Offline: the record is still unsent, and the update kept it queued.
    expect(await page.locator('.sync-waiting').textContent()).toContain('1 record to send');
    const queued = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('traceready');
          open.onsuccess = () => {
            const count = open.result.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
    expect(queued).toBe(1);
  });
});
