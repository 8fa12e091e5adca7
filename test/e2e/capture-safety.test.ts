/**
 * What protects an officer's work beyond the happy path: autosave across a closed tab, a value
 * no record can hold, the warning for a gun already recorded on this device, keyboard use of the
 * typeaheads, and accessibility of every screen in both languages at phone width.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { chooseLanguage, field, firearmCard, issueText, pick, signIn, TEXT, unlock } from './support/pages';

const t = TEXT.en;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const baseUrl = inject('baseUrl');
const officer = inject('officer');

/** Opens a screen of the app by its address, as after a reload: locked, then the PIN. */
async function openAt(path: string) {
  await page.goto(`${baseUrl}${path}`);
  await unlock(page);
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await phoneContext(browser, 'en-US');
  page = await context.newPage();
  await page.goto(baseUrl);
  await signIn(page, officer.username, officer.password);
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async (test) => screenshotOnFailure(test, page));

/** When each autosaved draft was written: the drafts themselves are sealed on the device. */
async function draftTimes(p: Page): Promise<string[]> {
  return p.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('traceready');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const get = request.result.transaction('drafts').objectStore('drafts').getAll();
          get.onsuccess = () => {
            resolve(get.result.map((d: { savedAt: string }) => d.savedAt));
            request.result.close();
          };
        };
      }),
  );
}

async function fillMinimalFirearm(p: Page, serial: string) {
  const gun = firearmCard(p, 'en', 1);
  await field(gun, t.type).selectOption({ label: 'Pistol' });
  await pick(gun, t.manufacturer, 'glock', /^Glock$/);
  await field(gun, t.model).fill('G17');
  await pick(gun, t.caliber, '9mm', /9 mm Luger/);
  await field(gun, t.serialNumber).fill(serial);
}

describe('autosave', () => {
  it('keeps what was typed when the tab is closed before saving, and offers to continue', async () => {
    await openAt('/new');
    await field(page, t.caseNumber).fill('AUTOSAVE-1');
    await fillMinimalFirearm(page, 'RTZ7781');
    const typed = await page.evaluate(() => new Date().toISOString());
    // Autosaved after the last keystroke.
    await expect.poll(async () => (await draftTimes(page)).some((savedAt) => savedAt >= typed)).toBe(true);

    await page.close();
    page = await context.newPage();
    await openAt('/');
    await page.getByRole('link', { name: 'Continue it' }).click();
    await expect.poll(() => field(page, t.caseNumber).inputValue()).toBe('AUTOSAVE-1');
    expect(await field(firearmCard(page, 'en', 1), t.serialNumber).inputValue()).toBe('RTZ7781');
    expect(await page.getByText('Unsaved entries from your last session were restored.').count()).toBe(1);

    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: t.savedDraft }).count()).toBe(1);
    expect(await draftTimes(page)).toEqual([]);
  });
});

describe('a value no record can hold', () => {
  it('is not saved, even as a draft: the first such field takes the focus, and the save goes through once it is fixed', async () => {
    await openAt('/new');
    await field(page, t.caseNumber).fill('C'.repeat(100));
    await page.getByLabel('Notes', { exact: true }).fill('n'.repeat(2100));
    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-agency-caseNumber');

    await field(page, t.caseNumber).fill('SHAPE-1');
    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-notes');
    expect(await page.getByRole('status').filter({ hasText: t.savedDraft }).count()).toBe(0);

    await page.getByLabel('Notes', { exact: true }).fill('Recovered from a vehicle.');
    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: t.savedDraft }).count()).toBe(1);
  });
});

describe('a gun already recorded on this device', () => {
  it('warns when the same maker and serial number are typed into another seizure', async () => {
    await openAt('/new');
    await field(page, t.caseNumber).fill('SECOND-ENTRY');
    // Same Glock as the autosave test, typed with a space and lower case.
    await fillMinimalFirearm(page, 'rtz 7781');
    await expect
      .poll(() => issueText(firearmCard(page, 'en', 1), t.serialNumber))
      .toContain('already recorded on this device (case: AUTOSAVE-1');
  });
});

describe('keyboard use', () => {
  it('picks from a typeahead with the arrow keys and Enter', async () => {
    await openAt('/new');
    const maker = field(firearmCard(page, 'en', 1), t.manufacturer);
    await maker.focus();
    await page.keyboard.type('sturm');
    await expect.poll(() => maker.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    expect(await maker.inputValue()).toBe('Ruger');
    expect(await maker.getAttribute('aria-expanded')).toBe('false');
  });
});

describe.each(['en', 'es'] as const)('accessibility in %s at 360 px', (lang) => {
  it.each(['/', '/new', '/settings'])('%s has no serious or critical axe violation', async (path) => {
    await openAt(path);
    if ((await page.evaluate(() => document.documentElement.lang)) !== (lang === 'es' ? 'es-MX' : 'en-US')) {
      await chooseLanguage(page, lang);
    }
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (path === '/new') {
      // Show the form with live issues on it, as an officer would see it.
      await field(firearmCard(page, lang, 1), TEXT[lang].serialNumber).fill('N/A');
      await page.getByRole('button', { name: TEXT[lang].saveReady }).click();
      await page.getByRole('alert').first().waitFor();
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
