/**
 * The position button with a faked GPS (Playwright's geolocation and permissions), offline: a fix
 * in Guadalajara with Sonora chosen warns in the officer's language and suggests Jalisco and its
 * nearest municipalities from the bundled boundaries; a refused permission records its reason,
 * which the server accepts with the record.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { allA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { LOCK_TEXT, TEXT, field, goTo, pick, signIn, unlock, waitForOfflineReady, type Lang } from './support/pages';
import { serverRecords } from './support/server';

const GUADALAJARA = { latitude: 20.6767, longitude: -103.3475, accuracy: 15 };

const WORDS = {
  en: {
    browserLocale: 'en-US',
    mexico: ['mexi', /^Mexico$/],
    sonora: ['sono', 'Sonora'],
    record: 'Record my position',
    warning: /The recorded position is about \d+ km outside Sonora/,
    suggestions: 'From the position',
    jalisco: 'State: Jalisco',
    useJalisco: 'Use Jalisco',
    useGuadalajara: 'Use Guadalajara',
    municipality: 'Municipality',
    attribution: /Source: INEGI, Marco Geoestadístico/,
    denied: 'Location permission denied: no position recorded.',
    fixedAt: /accurate to 15 m\) · Position taken \d\d\/\d\d\/\d{4}/,
  },
  es: {
    browserLocale: 'es-MX',
    mexico: ['méx', /^México$/],
    sonora: ['sono', 'Sonora'],
    record: 'Registrar mi ubicación',
    warning: /La ubicación registrada está a unos \d+ km fuera de Sonora/,
    suggestions: 'Según la ubicación',
    jalisco: 'Entidad: Jalisco',
    useJalisco: 'Usar Jalisco',
    useGuadalajara: 'Usar Guadalajara',
    municipality: 'Municipio',
    attribution: /Fuente: INEGI, Marco Geoestadístico/,
    denied: 'Permiso de ubicación negado: no se registró la ubicación.',
    fixedAt: /precisión de 15 m\) · Ubicación tomada \d\d\/\d\d\/\d{4}/,
  },
} as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Script chunks the page has fetched so far (from the network or the service worker). */
const fetchedScripts = (page: Page): Promise<string[]> =>
  page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((p) => p.endsWith('.js')));

describe.each(['en', 'es'] as Lang[])('the position, offline, in %s', (lang) => {
  const w = WORDS[lang];
  const t = TEXT[lang];
  const baseUrl = inject('baseUrl');
  const officer = inject('officer');
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser, w.browserLocale, { geolocation: GUADALAJARA, permissions: ['geolocation'] });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('signs in online, then opens the capture form with no network', async () => {
    await page.goto(baseUrl);
    await signIn(page, officer.username, officer.password, lang);
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.reload();
    await unlock(page, lang);
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    await field(page, t.caseNumber).waitFor();
  });

  it('a fix in Guadalajara with Sonora chosen warns, and suggests Jalisco and its municipalities', async () => {
    await pick(page, t.country, w.mexico[0], w.mexico[1]);
    await pick(page, t.state, w.sonora[0], w.sonora[1]);
    // The boundaries are not part of the form: they arrive with the first fix.
    expect((await fetchedScripts(page)).filter((p) => p.includes('mx-geo'))).toEqual([]);

    await page.getByRole('button', { name: w.record, exact: true }).click();
    const issues = page.locator('#f-recovery-geo-issues');
    await expect.poll(() => issues.textContent()).toMatch(w.warning);
    await page.getByText(w.fixedAt).waitFor();
    expect((await fetchedScripts(page)).filter((p) => p.includes('mx-geo'))).toHaveLength(1);

    const suggestions = page.getByRole('region', { name: w.suggestions });
    await suggestions.getByText(w.jalisco).waitFor();
    await suggestions.getByRole('button', { name: w.useJalisco }).waitFor();
    // Names come from Jalisco's municipality chunk, precached like the rest.
    await suggestions.getByRole('button', { name: w.useGuadalajara }).waitFor();
    expect(await suggestions.getByRole('listitem').count()).toBe(3);
    await expect.poll(() => suggestions.textContent()).toMatch(w.attribution);
    // Labelled, legible and within the phone's 360 px, warning and suggestions included.
    expect(await allA11yViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await suggestions.getByRole('button', { name: w.useGuadalajara }).click();
    await expect.poll(() => field(page, t.state).inputValue()).toBe('Jalisco');
    await expect.poll(() => field(page, w.municipality).inputValue()).toBe('Guadalajara');
    await expect.poll(() => issues.textContent()).toBe('');
  });
});

describe('a refused location permission', () => {
  const baseUrl = inject('baseUrl');
  const officer = inject('officer');
  const caseNumber = `GEO-DENIED-${Date.now()}`;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser, 'en-US');
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('says so, records the reason, and the server keeps it with the record', async () => {
    await page.goto(baseUrl);
    await signIn(page, officer.username, officer.password, 'en');
    await page.getByRole('link', { name: TEXT.en.newSeizure, exact: true }).click();
    await field(page, TEXT.en.caseNumber).fill(caseNumber);
    await context.clearPermissions();
    await page.getByRole('button', { name: WORDS.en.record, exact: true }).click();
    await page.getByRole('status').filter({ hasText: WORDS.en.denied }).waitFor();

    await page.getByRole('button', { name: TEXT.en.saveDraft }).click();
    await page.getByRole('status').filter({ hasText: TEXT.en.savedDraft }).waitFor();
    await page.getByRole('button', { name: LOCK_TEXT.en.syncNow }).click();
    const stored = async () =>
      (await serverRecords(baseUrl, officer.username, officer.password))
        .map((change) => change.record as { agency?: { caseNumber?: string }; recovery?: { geo?: unknown; geoMissing?: string } })
        .find((record) => record.agency?.caseNumber === caseNumber);
    await expect.poll(async () => (await stored())?.recovery, { timeout: 20_000 }).toEqual(expect.objectContaining({ geoMissing: 'denied' }));
    expect((await stored())?.recovery?.geo).toBeUndefined();

    // The record's screen says why there is no position.
    await goTo(page, 'Seizures');
    await page.getByRole('link', { name: new RegExp(caseNumber) }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(caseNumber);
    await page.locator('.detail-row').filter({ hasText: 'GPS position' }).filter({ hasText: WORDS.en.denied }).waitFor();
  });
});
