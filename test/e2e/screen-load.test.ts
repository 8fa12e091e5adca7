/**
 * A screen whose code or strings cannot be fetched (no signal before the service worker has
 * cached the app: here there is no service worker at all, and the requests are cut) must not
 * take the app down: the officer is told, in their language, and can try again. A language whose
 * strings cannot be fetched is not half-switched to.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { chooseLanguage, choosePin, countInMenu, field, LOCK_TEXT, signIn, TEXT, type Lang } from './support/pages';

const baseUrl = inject('baseUrl');
const officer = inject('officer');

const FORM_CHUNK = /\/assets\/EditSeizurePage-[^/]+\.js$/;

const FAILED = {
  en: { nav: 'Seizures', screen: 'This screen could not be opened.', retry: 'Try again', language: "Can't switch to Español on this phone yet" },
  es: { nav: 'Aseguramientos', screen: 'No se pudo abrir esta pantalla.', retry: 'Reintentar', language: 'Todavía no se puede cambiar a English en este teléfono' },
} as const;

describe.each(['en', 'es'] as const)('a screen that cannot be fetched, in %s', (lang: Lang) => {
  const t = TEXT[lang];
  const other: Lang = lang === 'en' ? 'es' : 'en';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await phoneContext(browser, lang === 'es' ? 'es-MX' : 'en-US', { serviceWorkers: 'block' });
    page = await context.newPage();
    // Cut before the sign-in: the form's code is fetched ahead while the PIN is typed.
    await context.route(FORM_CHUNK, (route) => route.abort('internetdisconnected'));
    await page.goto(baseUrl);
    await signIn(page, officer.username, officer.password, lang);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('says so in the officer’s language, keeps the app usable, and opens the screen on a second try', async () => {
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: FAILED[lang].screen });
    await alert.waitFor();
    // The rest of the app is still there: the header's navigation, the language switch.
    expect(await countInMenu(page, 'link', FAILED[lang].nav)).toBe(1);
    expect(await countInMenu(page, 'button', TEXT[other].languageButton)).toBe(1);

    await context.unroute(FORM_CHUNK);
    await page.getByRole('button', { name: FAILED[lang].retry }).click();
    await field(page, t.caseNumber).waitFor();
    expect(await alert.count()).toBe(0);
  });

  it('stays in its language, and says why, when the other language’s strings cannot be fetched', async () => {
    await context.route(/\/assets\/screens-[^/]+\.js$/, (route) => route.abort('internetdisconnected'));
    await chooseLanguage(page, other);
    await page.getByRole('alert').filter({ hasText: FAILED[lang].language }).waitFor();
    expect(await field(page, t.caseNumber).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang === 'es' ? 'es-MX' : 'en-US');

    await context.unroute(/\/assets\/screens-[^/]+\.js$/);
    await chooseLanguage(page, other);
    await field(page, TEXT[other].caseNumber).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: FAILED[lang].language }).count()).toBe(0);
  });
});

describe('the capture form, after the PIN', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is fetched while the PIN is chosen, so "New seizure" opens it without fetching its code', async () => {
    const context = await phoneContext(browser, 'en-US', { serviceWorkers: 'block' });
    const page = await context.newPage();
    const formRequests: string[] = [];
    page.on('request', (request) => {
      if (FORM_CHUNK.test(new URL(request.url()).pathname)) formRequests.push(request.url());
    });
    await page.goto(baseUrl);
    await field(page, LOCK_TEXT.en.username).fill(officer.username);
    await field(page, LOCK_TEXT.en.password).fill(officer.password);
    // Nothing of the form before an officer can open the app: the sign-in screen stays light.
    expect(formRequests).toEqual([]);
    await page.getByRole('button', { name: LOCK_TEXT.en.signIn }).click();
    await page.getByRole('heading', { name: LOCK_TEXT.en.choosePin }).waitFor();
    await expect.poll(() => formRequests.length).toBe(1);
    await choosePin(page, 'en');
    await page.getByRole('link', { name: TEXT.en.newSeizure, exact: true }).click();
    await field(page, TEXT.en.caseNumber).waitFor();
    expect(formRequests).toHaveLength(1);
    await context.close();
  });
});
