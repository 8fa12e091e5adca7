/**
 * A new officer on a 360 × 740 phone, in each language (issue 21): the form gets most of the
 * screen, the header always says when there is no connection, problems show as they arise and in
 * plain words, names fit, plurals are real, a blocked "ready" keeps the officer where they were,
 * and no screen has an axe violation of any kind, colour contrast included.
 *
 * With SCREENS_DIR set (`npm run screens`), every screen is also written there as a PNG: the
 * README's pictures (docs/screens/).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { allA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { field, firearmCard, goTo, issueText, LOCK_TEXT, lockNow, pick, signIn, TEXT, unlock, waitForOfflineReady, type Lang } from './support/pages';

const baseUrl = inject('baseUrl');
const officer = inject('officer');
const HEIGHT = 740;

const WORDS = {
  en: {
    offline: 'Offline',
    lock: 'Lock',
    signInTitle: 'Sign in',
    importerError: 'A firearm made outside the US needs its importer',
    lookAlike: 'Check the letter O in position 3 and the digit 0 in position 6',
    newTitle: 'New seizure',
    notSaved: 'Nothing is saved yet',
    waitingShort: (n: number) => `${n} to send`,
    waitingLong: (n: number) => (n === 1 ? '1 record to send, saved less than a minute ago' : `${n} records to send, the oldest saved less than a minute ago`),
    agencyHint: 'Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)',
    country: ['roma', /Romania/],
  },
  es: {
    offline: 'Sin conexión',
    lock: 'Bloquear',
    signInTitle: 'Iniciar sesión',
    importerError: 'Un arma fabricada fuera de EE. UU. necesita el importador',
    lookAlike: 'Verifique la letra O en la posición 3 y el número 0 en la posición 6',
    newTitle: 'Nuevo aseguramiento',
    notSaved: 'Todavía no se guardó nada',
    waitingShort: (n: number) => `${n} por enviar`,
    waitingLong: (n: number) => (n === 1 ? '1 registro por enviar, guardado hace menos de un minuto' : `${n} registros por enviar; el más antiguo, guardado hace menos de un minuto`),
    agencyHint: 'Oficina de Alcohol, Tabaco, Armas de Fuego y Explosivos (ATF)',
    country: ['ruma', /Rumania/],
  },
} as const;

describe.each(['en', 'es'] as const)('a new officer on a 360 × 740 phone, in %s', (lang: Lang) => {
  const t = TEXT[lang];
  const w = WORDS[lang];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const shot = async (name: string) => {
    const dir = process.env.SCREENS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${lang}-${name}.png`) });
  };
  /** No axe violation of any impact on the screen as it is, and nothing wider than the phone. */
  const expectAccessible = async () => {
    expect(await allA11yViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  };
  const summaryText = () => page.locator('.sync-summary').textContent();
  const waitingLine = () => page.locator('.sync-waiting').textContent();

  beforeAll(async () => {
    browser = await launchChromium();
    context = await phoneContext(browser, lang === 'es' ? 'es-MX' : 'en-US');
    page = await context.newPage();
    await page.goto(baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('signs in and locks on screens without an axe violation', async () => {
    await field(page, LOCK_TEXT[lang].username).waitFor();
    await expectAccessible();
    await shot('sign-in');
    await signIn(page, officer.username, officer.password, lang);
    await waitForOfflineReady(page);
    await lockNow(page, w.lock);
    await page.getByRole('heading', { name: LOCK_TEXT[lang].locked }).waitFor();
    await expectAccessible();
    await shot('lock');
    await unlock(page, lang);
  });

  it('says "offline" in the header with nothing waiting to be sent', async () => {
    await page.getByRole('heading', { name: t.listTitle }).waitFor();
    await expect.poll(waitingLine).not.toBe('');
    await context.setOffline(true);
    await expect.poll(summaryText).toBe(w.offline);
    await expectAccessible();
  });

  it('puts the first field of the form in the top 40 % of the screen', async () => {
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    const agency = field(page, t.agency);
    await agency.waitFor();
    const box = await agency.boundingBox();
    expect(box?.y).toBeLessThan(0.4 * HEIGHT);
    await expectAccessible();
    await shot('form');
  });

  it('shows every agency whole in its picker, and the full name beside it', async () => {
    await expect.poll(() => page.locator('.field', { has: field(page, t.agency) }).locator('.hint').textContent()).toBe(w.agencyHint);
    const overflowing = await field(page, t.agency).evaluate((select: HTMLSelectElement) => {
      const style = getComputedStyle(select);
      const measure = document.createElement('canvas').getContext('2d')!;
      measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // The room for the text: the content box less the drop-down arrow.
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      return [...select.options].filter((option) => measure.measureText(option.text).width > room).map((option) => option.text);
    });
    expect(overflowing).toEqual([]);
  });

  it('shows the missing importer under its field as soon as the country makes it required', async () => {
    const gun = firearmCard(page, lang, 1);
    await pick(gun, t.countryOfOrigin, w.country[0], w.country[1]);
    await expect.poll(() => issueText(gun, t.importer)).toContain(w.importerError);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('opens a typeahead’s options above the sticky save bar, never under it', async () => {
    const gun = firearmCard(page, lang, 1);
    await field(gun, t.importer).fill('cent');
    const options = page.getByRole('listbox').filter({ has: page.getByRole('option') });
    await options.waitFor();
    await expect
      .poll(async () => {
        const list = await options.boundingBox();
        const bar = await page.locator('.action-bar').boundingBox();
        return list && bar ? list.y + list.height <= bar.y + 1 : false;
      })
      .toBe(true);
    await field(gun, t.importer).press('Escape');
  });

  it('says which look-alike character stands where, in words', async () => {
    const gun = firearmCard(page, lang, 1);
    await field(gun, t.serialNumber).fill('PMO3K0K47');
    await expect.poll(() => issueText(gun, t.serialNumber)).toContain(w.lookAlike);
  });

  it('keeps the officer on the new seizure when "ready" is blocked, with the problems listed', async () => {
    const address = new URL(page.url()).pathname;
    await page.getByRole('button', { name: t.saveReady }).click();
    const summary = page.getByRole('alert').filter({ hasText: w.notSaved });
    await summary.waitFor();
    expect(new URL(page.url()).pathname).toBe(address);
    expect(address).toMatch(/^\/new\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(w.newTitle);
    await expectAccessible();
    await shot('form-errors');
  });

  it('counts what waits with real plurals, and shows the saved record above the "new" button', async () => {
    for (const n of [1, 2]) {
      if (n === 2) await goTo(page, t.newSeizure);
      await field(page, t.caseNumber).fill(`PHONE-${lang.toUpperCase()}-${n}/2026`);
      await page.getByRole('button', { name: t.saveDraft }).click();
      await page.getByRole('status').filter({ hasText: t.savedDraft }).waitFor();
      await expect.poll(summaryText).toBe(`${w.offline} · ${w.waitingShort(n)}`);
      await expect.poll(waitingLine).toBe(w.waitingLong(n));
    }
    await expectAccessible();
    await shot('record');

    await goTo(page, lang === 'en' ? 'Seizures' : 'Aseguramientos');
    const newest = page.getByRole('link', { name: new RegExp(`PHONE-${lang.toUpperCase()}-2`) });
    await newest.waitFor();
    const item = await newest.boundingBox();
    const button = await page.locator('.action-bar').getByRole('link', { name: t.newSeizure, exact: true }).boundingBox();
    expect(item && button && item.y + item.height).toBeLessThanOrEqual(button?.y ?? 0);
    expect((item?.y ?? HEIGHT) + (item?.height ?? 0)).toBeLessThanOrEqual(HEIGHT);
    await expectAccessible();
    await shot('list');
  });

  it('starts the settings at the agency the account names', async () => {
    await goTo(page, lang === 'en' ? 'Settings' : 'Configuración');
    await expect.poll(() => field(page, t.agency).inputValue()).toBe('ATF');
    await expectAccessible();
    await shot('settings');
    await context.setOffline(false);
  });
});
