/**
 * Issue #4, browser side: the page is closed at the worst moments (during a save, during a push,
 * during a pull) and reopened; two tabs sync at once. Whatever happens, a record is either fully
 * on the device with its outbox entry or still in the form's autosave, and the server ends with
 * each record exactly once. The device's database is read around the app, opened with the PIN.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { field, firearmCard, pick, recordSeizure, signIn, TEXT, unlock, waitForOfflineReady } from './support/pages';
import { readDevice } from './support/device-reader';
import { serverRecords } from './support/server';

const t = TEXT.en;
const baseUrl = inject('baseUrl');
const officer = inject('officer');
let browser: Browser;
let context: BrowserContext;
let page: Page;

interface DeviceState {
  rows: { id: string; caseNumber?: string; syncState: string }[];
  outbox: { recordId: string }[];
  drafts: { id: string; values: { agency?: { caseNumber?: string } } }[];
}

/** What the device holds, opened with the officer's PIN around the app (support/device-reader.ts). */
async function deviceState(p: Page): Promise<DeviceState> {
  const device = await readDevice(p);
  return { rows: device.seizures.map((r) => ({ id: r.id, caseNumber: r.record.agency.caseNumber, syncState: r.syncState })), outbox: device.outbox, drafts: device.drafts };
}

async function reopen(): Promise<Page> {
  page = await context.newPage();
  await page.goto(baseUrl);
  await unlock(page);
  return page;
}

const waitingText = (p: Page) => p.locator('.sync-waiting').textContent();

/** A phone of its own for each test, signed in once online, so one test's crash can't leak into the next. */
async function freshDevice() {
  await context?.close();
  context = await phoneContext(browser, 'en-US');
  page = await context.newPage();
  await page.goto(baseUrl);
  await waitForOfflineReady(page);
  await signIn(page, officer.username, officer.password);
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page && !page.isClosed()) {
    console.log('web locks at failure:', JSON.stringify(await page.evaluate(() => navigator.locks.query())));
  }
  await screenshotOnFailure(test, page);
});

describe('closing the page at the worst moment', () => {
  it('during a save: the record is either saved with its outbox entry, or still in the autosave', async () => {
    await freshDevice();
    await context.setOffline(true);
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    await field(page, t.caseNumber).fill('CRASH-SAVE');
    const gun = firearmCard(page, 'en', 1);
    await field(gun, t.type).selectOption('pistol');
    await pick(gun, t.manufacturer, 'colt', /^Colt$/);
    await field(gun, t.model).fill('1911');
    await pick(gun, t.caliber, '45', /\.45 ACP/);
    await field(gun, t.serialNumber).fill('CS48213');
    await expect.poll(async () => (await deviceState(page)).drafts.some((d) => d.values.agency?.caseNumber === 'CRASH-SAVE')).toBe(true);

    await page.getByRole('button', { name: t.saveDraft }).click({ noWaitAfter: true });
    await page.close({ runBeforeUnload: false });
    const state = await deviceState(await reopen());

    const saved = state.rows.filter((r) => r.caseNumber === 'CRASH-SAVE');
    const inDraft = state.drafts.filter((d) => d.values.agency?.caseNumber === 'CRASH-SAVE');
    if (saved.length === 1) {
      expect(state.outbox.filter((e) => e.recordId === saved[0]!.id)).toHaveLength(1);
      expect(inDraft).toHaveLength(0);
    } else {
      expect(saved).toHaveLength(0);
      expect(inDraft).toHaveLength(1);
    }
  });

  it.each(['push', 'pull'])('during a %s: nothing is lost and the server gets each record once', async (kind) => {
    await freshDevice();
    await context.setOffline(true);
    const cases = [1, 2].map((n) => `CRASH-${kind.toUpperCase()}-${n}`);
    for (const [i, caseNumber] of cases.entries()) await recordSeizure(page, 'en', caseNumber, `CP${kind === 'push' ? 7 : 8}${i}4419`);

    // Hold the requests at the server's door, then close the page while they are in flight.
    const held: (() => void)[] = [];
    const inFlight = new Promise<void>((resolve) => {
      void context.route(`**/api/v1/sync/${kind}**`, async (route) => {
        resolve();
        await new Promise<void>((release) => held.push(release));
        await route.continue().catch(() => undefined);
      });
    });
    await context.setOffline(false); // "online": the app starts a run by itself
    await inFlight;
    await page.close({ runBeforeUnload: false });
    held.forEach((release) => release());
    await context.unroute(`**/api/v1/sync/${kind}**`);

    const reopened = await reopen(); // the app syncs at start
    await expect.poll(() => waitingText(reopened), { timeout: 60_000 }).toBe('Nothing waiting to send');
    const state = await deviceState(reopened);
    expect(state.outbox).toEqual([]);
    expect(state.rows.filter((r) => cases.includes(r.caseNumber ?? '')).map((r) => r.syncState)).toEqual(['synced', 'synced']);
    const onServer = (await serverRecords(baseUrl, officer.username, officer.password)).filter((c) => cases.includes((c.record as { agency?: { caseNumber?: string } }).agency?.caseNumber ?? ''));
    expect(onServer).toHaveLength(2);
    expect(onServer.every((c) => c.revision === 1)).toBe(true);
  });
});

describe('two tabs open at once', () => {
  it('only one uploads: every record is pushed once and stored once', async () => {
    await freshDevice();
    await context.setOffline(true);
    const cases = [1, 2, 3].map((n) => `TWO-TABS-${n}`);
    for (const [i, caseNumber] of cases.entries()) await recordSeizure(page, 'en', caseNumber, `TT${i}90${i}31`);
    const second = await context.newPage();
    await second.goto(baseUrl);
    await unlock(second);

    const pushedIds: string[] = [];
    // Which tab sent each push and how it ended: said if the assertion below fails, so a double
    // push can be told apart (a retry after a failed answer, a second tab, a service worker).
    const pushes: string[] = [];
    const tabOf = (request: Request) => {
      try {
        return request.frame().page() === page ? 'tab 1' : 'tab 2';
      } catch {
        return 'service worker'; // its requests have no frame
      }
    };
    const onRequest = (request: Request) => {
      if (!request.url().endsWith('/api/v1/sync/push')) return;
      const body = request.postDataJSON() as { mutations: { recordId: string }[] };
      pushedIds.push(...body.mutations.map((m) => m.recordId));
      void request.response().then(
        (response) => pushes.push(`${tabOf(request)}: ${body.mutations.length} mutations -> ${response?.status() ?? 'no answer'}`),
        (error: Error) => pushes.push(`${tabOf(request)}: ${body.mutations.length} mutations -> ${error.message}`),
      );
    };
    context.on('request', onRequest);
    await context.setOffline(false); // both tabs hear "online" and try at once
    await expect.poll(() => waitingText(page), { timeout: 60_000 }).toBe('Nothing waiting to send');
    await expect.poll(() => waitingText(second), { timeout: 60_000 }).toBe('Nothing waiting to send');
    context.off('request', onRequest);

    const ids = (await deviceState(page)).rows.filter((r) => cases.includes(r.caseNumber ?? '')).map((r) => r.id);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(pushedIds.filter((p) => p === id), pushes.join('; ')).toHaveLength(1);
    const onServer = (await serverRecords(baseUrl, officer.username, officer.password)).filter((c) => ids.includes(c.recordId));
    expect(onServer.map((c) => c.revision)).toEqual([1, 1, 1]);
    await second.close();
  });
});
