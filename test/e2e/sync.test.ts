/**
 * Issue #3's journey: device A records three seizures with no signal; when the signal returns
 * they reach the server by themselves, exactly once, and A shows them synced; device B of the
 * same agency receives them. Then the server dies in the middle of a push and comes back:
 * nothing is lost and nothing is doubled.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { seriousA11yViolations } from './support/axe';
import { field, goTo, recordSeizure, signIn, waitForOfflineReady } from './support/pages';
import { adminCli, freePort, newDataDir, serverRecords, startServer, type RunningServer } from './support/server';

const A = { username: 'officer.a', password: 'officer-a-password-1' };
const B = { username: 'officer.b', password: 'officer-b-password-2' };
const dataDir = newDataDir();
let port: number;
let server: RunningServer;
let browser: Browser;
let deviceA: BrowserContext;
let pageA: Page;
let pageB: Page | undefined;

const waitingText = (page: Page) => page.locator('.sync-waiting').textContent();
const badgeCount = (page: Page, text: string) => page.locator('.badge').filter({ hasText: text }).count();

beforeAll(async () => {
  for (const user of [A, B]) adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', user.username, '--role', 'officer'], user.password);
  port = await freePort();
  server = await startServer(dataDir, port);
  browser = await launchChromium();
  deviceA = await phoneContext(browser, 'en-US');
  pageA = await deviceA.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, pageA);
});

describe('sync when connectivity returns', () => {
  it('device A signs in once, online', async () => {
    await pageA.goto(server.url);
    await waitForOfflineReady(pageA);
    await signIn(pageA, A.username, A.password);
    await expect.poll(() => waitingText(pageA)).toBe('Nothing waiting to send');
  });

  it('records three seizures with no signal; they wait on the device', async () => {
    await deviceA.setOffline(true);
    for (const n of [1, 2, 3]) await recordSeizure(pageA, 'en', `SYNC-A-${n}`, `KRT${n}0${n}5`);
    await expect.poll(() => waitingText(pageA)).toContain('3 records to send');
    await expect.poll(() => badgeCount(pageA, 'Saved on device')).toBe(3);
    expect(await serverRecords(server.url, A.username, A.password)).toEqual([]);
  });

  it('sends them by itself when the signal returns, exactly once each', async () => {
    await deviceA.setOffline(false);
    await expect.poll(() => waitingText(pageA), { timeout: 60_000 }).toBe('Nothing waiting to send');
    await expect.poll(() => badgeCount(pageA, 'Synced (revision 1)')).toBe(3);

    const onServer = await serverRecords(server.url, A.username, A.password);
    expect(onServer.map((c) => c.record.firearms[0]?.serialNumber).sort()).toEqual(['KRT1015', 'KRT2025', 'KRT3035']);
    expect(onServer.every((c) => c.revision === 1)).toBe(true);
  });

  it('device B of the same agency receives them', async () => {
    pageB = await (await phoneContext(browser, 'en-US')).newPage();
    await pageB.goto(server.url);
    await signIn(pageB, B.username, B.password);
    for (const n of [1, 2, 3]) {
      await expect.poll(() => pageB!.getByRole('link', { name: new RegExp(`SYNC-A-${n}`) }).count(), { timeout: 60_000 }).toBe(1);
    }
    await expect.poll(() => badgeCount(pageB!, 'Synced (revision 1)')).toBe(3);
  });

  it('loses and doubles nothing when the server dies in the middle of a push', async () => {
    await deviceA.setOffline(true);
    for (const n of [4, 5, 6, 7, 8]) await recordSeizure(pageA, 'en', `SYNC-A-${n}`, `KRT${n}0${n}5`);

    let killed: Promise<void> | undefined;
    // On the context, not the page: the push may come from the service worker's Background Sync.
    deviceA.on('request', (request) => {
      if (!killed && request.url().endsWith('/api/v1/sync/push')) killed = server.kill('SIGKILL');
    });
    await deviceA.setOffline(false);
    await expect.poll(() => killed !== undefined, { timeout: 60_000 }).toBe(true);
    await killed;
    server = await startServer(dataDir, port);

    await expect.poll(() => waitingText(pageA), { timeout: 90_000 }).toBe('Nothing waiting to send');
    const onServer = await serverRecords(server.url, A.username, A.password);
    expect(onServer).toHaveLength(8);
    expect(new Set(onServer.map((c) => c.recordId)).size).toBe(8);
    expect(onServer.every((c) => c.revision === 1)).toBe(true);
    await expect.poll(() => badgeCount(pageA, 'Synced (revision 1)')).toBe(8);
  });

  it('shows a conflict instead of overwriting when two devices change the same seizure, and lets the officer choose', async () => {
    const editNotes = async (page: Page, notes: string) => {
      await goTo(page, 'Seizures');
      await page.getByRole('link', { name: /SYNC-A-1\b/ }).click();
      await page.getByRole('link', { name: 'Edit', exact: true }).click();
      await field(page, 'Notes').fill(notes);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved on this device as a draft.' }).waitFor();
    };
    await deviceA.setOffline(true);
    await editNotes(pageA, 'Serial re-read on the frame (A)');
    await editNotes(pageB!, 'Importer stamp found (B)');
    await expect.poll(() => badgeCount(pageB!, 'Synced (revision 2)'), { timeout: 60_000 }).toBe(1);

    await deviceA.setOffline(false);
    await expect.poll(() => badgeCount(pageA, 'Conflict'), { timeout: 60_000 }).toBe(1);
    await pageA.getByRole('link', { name: 'Compare versions' }).click();
    const notesRow = pageA.getByRole('row', { name: /^Notes/ });
    await expect.poll(() => notesRow.getByRole('cell').allTextContents()).toEqual(['Serial re-read on the frame (A)', 'Importer stamp found (B)']);
    expect(await seriousA11yViolations(pageA)).toEqual([]);
    const onServer = await serverRecords(server.url, A.username, A.password);
    expect(onServer.find((c) => c.revision === 2)).toBeDefined();

    await pageA.getByRole('button', { name: 'Keep this device’s version' }).click();
    await expect.poll(() => badgeCount(pageA, 'Synced (revision 3)'), { timeout: 60_000 }).toBe(1);
    await pageB!.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => pageB!.getByText('Serial re-read on the frame (A)').count(), { timeout: 60_000 }).toBeGreaterThan(0);
  });
});
