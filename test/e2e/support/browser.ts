/**
 * Debian's Chromium driven by playwright-core: no browser download, a fresh profile per launch,
 * and the flags that keep it from dialling out on a closed network.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraArgs`: a test's own flags, e.g. a fake camera (test/e2e/bag-codes.test.ts). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** The phone's time zone: the clock the officer reads and types times from. */
export const PHONE_TIME_ZONE = 'America/Hermosillo';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, timezoneId: PHONE_TIME_ZONE };

/** A mid-range phone held in one hand: 360 px wide, touch, in the given browser language. */
export function phoneContext(browser: Browser, locale: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...PHONE, locale, ...options });
}

/**
 * The same phone with its storage on disk, as on a real device: an incognito context keeps
 * IndexedDB in memory, where Chromium does not enforce an overridden quota. Closing the context
 * closes its browser.
 */
export function persistentPhoneContext(locale: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'traceready-phone-')), {
    ...PHONE,
    locale,
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Keeps a picture of the page when a step fails, under test-results/, to see what the officer saw. */
export async function screenshotOnFailure(test: TestContext, page: Page | undefined): Promise<void> {
  if (test.task.result?.state !== 'fail' || !page || page.isClosed()) return;
  const dir = path.resolve(import.meta.dirname, '../../../test-results');
  mkdirSync(dir, { recursive: true });
  const name = test.task.name.replace(/[^\w]+/g, '-').slice(0, 80);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
}
