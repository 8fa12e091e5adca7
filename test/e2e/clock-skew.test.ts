/**
 * Issue 17 item 5 in the browser: the server's answers say its clock is 10 minutes behind the
 * phone's; after a sync the header warns, a record saved then says so on its page, and a sync
 * with the clocks agreeing again clears the warning.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { recordSeizure, signIn } from './support/pages';

const WARNING = /This phone's clock is 10 minutes off the server's/;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let serverOffsetMs = -10 * 60_000;
/** What the pushes' x-device-time header says, as a phone clock this far off would send it. */
let deviceTimeOffsetMs = 0;

beforeAll(async () => {
  browser = await launchChromium();
  // Sync's requests must reach the route below, not a service worker's fetch handler.
  context = await phoneContext(browser, 'en-US', { serviceWorkers: 'block' });
  // The server's Date as a server with a wrong clock would send it.
  await context.route('**/api/v1/sync/**', async (route) => {
    const sent = route.request().headers()['x-device-time'];
    const headers = sent && deviceTimeOffsetMs ? { ...route.request().headers(), 'x-device-time': new Date(Date.parse(sent) + deviceTimeOffsetMs).toISOString() } : undefined;
    const response = await route.fetch(headers ? { headers } : {});
    await route.fulfill({ response, headers: { ...response.headers(), date: new Date(Date.now() + serverOffsetMs).toUTCString() } });
  });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (test) => {
  await screenshotOnFailure(test, page);
});

describe('clock skew', () => {
  it('warns in the header after a sync finds the clocks 10 minutes apart', async () => {
    const { username, password } = inject('officer');
    await page.goto(inject('baseUrl'));
    await signIn(page, username, password);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: WARNING }).count(), { timeout: 60_000 }).toBe(1);
  });

  it('flags a record saved meanwhile, on its page', async () => {
    await recordSeizure(page, 'en', 'CLOCK-1', 'CLK1015');
    await page.getByRole('link', { name: /CLOCK-1/ }).click();
    await expect.poll(() => page.getByRole('note').filter({ hasText: /Saved while this phone's clock was 10 minutes off/ }).count()).toBe(1);
  });

  it('clears the warning once a sync finds the clocks agreeing', async () => {
    serverOffsetMs = 0;
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: WARNING }).count(), { timeout: 60_000 }).toBe(0);
  });

  it('a record pushed by a phone whose clock went wrong before it could know comes back flagged by the server', async () => {
    // Only the push's own clock is off: no answer has told the phone yet, so its save carries no flag.
    deviceTimeOffsetMs = 12 * 60_000;
    await recordSeizure(page, 'en', 'CLOCK-2', 'CLK2026');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('link', { name: /CLOCK-2/ }).click();
    await expect
      .poll(() => page.getByRole('note').filter({ hasText: /When this record reached the server .*, the phone that sent it had its clock 12 minutes off/ }).count(), { timeout: 60_000 })
      .toBe(1);
    deviceTimeOffsetMs = 0;
  });
});
