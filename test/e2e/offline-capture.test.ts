/**
 * The capture journey of issue #2, in each language: first visit online, then no signal at all;
 * the officer switches language, records a seizure with two firearms finding every field by
 * its label, meets the serial and importer rules, saves, closes the page, and finds the seizure
 * again on a new page, still offline.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, PHONE_TIME_ZONE, phoneContext, screenshotOnFailure } from './support/browser';
import { chooseLanguage, field, firearmCard, issueText, pick, signIn, TEXT, unlock, waitForOfflineReady, type Lang } from './support/pages';

/**
 * Two hours ago on the phone's clock, as the officer types it in each language. Relative, not a
 * fixed date: a recovery entered more than 24 hours after it happened draws a late-entry warning
 * that must be confirmed before "ready", so a fixed date turned this journey red a day later.
 */
function twoHoursAgo(lang: Lang): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: PHONE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const part = Object.fromEntries(format.formatToParts(new Date(Date.now() - 2 * 3_600_000)).map((p) => [p.type, p.value]));
  const date = lang === 'es' ? `${part.day}/${part.month}/${part.year}` : `${part.month}/${part.day}/${part.year}`;
  return `${date} ${part.hour}:${part.minute}`;
}

const JOURNEYS = [
  {
    lang: 'es' as Lang,
    browserLocale: 'en-US',
    when: twoHoursAgo('es'),
    placeholderError: '«N/A» no es un número de serie',
    importerError: 'necesita el importador',
    agency: 'FGR',
    country: ['méx', 'México'],
    state: ['sono', 'Sonora'],
    municipality: ['hermo', 'Hermosillo'],
    gun1Country: ['estados', 'Estados Unidos'],
    gun2Country: ['ruma', 'Rumania'],
    typePistol: 'Pistola',
    typeRifle: 'Rifle',
  },
  {
    lang: 'en' as Lang,
    browserLocale: 'es-MX',
    when: twoHoursAgo('en'),
    placeholderError: '“N/A” is not a serial number',
    importerError: 'needs its importer',
    agency: 'CBP',
    country: ['united st', 'United States'],
    state: ['ariz', 'Arizona'],
    municipality: undefined,
    gun1Country: ['united st', 'United States'],
    gun2Country: ['roma', 'Romania'],
    typePistol: 'Pistol',
    typeRifle: 'Rifle',
  },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(JOURNEYS)('offline capture in $lang', (journey) => {
  const t = TEXT[journey.lang];
  const baseUrl = inject('baseUrl');
  const officer = inject('officer');
  const caseNumber = `CASE-${journey.lang.toUpperCase()}-${Date.now()}`;
  let context: BrowserContext;
  let page: Page;

  const cspViolations: string[] = [];
  beforeAll(async () => {
    context = await phoneContext(browser, journey.browserLocale);
    page = await context.newPage();
    // The server's Content Security Policy forbids inline script and eval: nothing the app does
    // may need them.
    context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('opens once online, in the browser language, signs in with a PIN and becomes ready for offline use', async () => {
    await page.goto(baseUrl);
    const browserLang: Lang = journey.lang === 'es' ? 'en' : 'es';
    await signIn(page, officer.username, officer.password, browserLang);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TEXT[browserLang].listTitle);
    await waitForOfflineReady(page);
  });

  it('reloads with no network at all, opens with the PIN and switches language', async () => {
    await context.setOffline(true);
    await page.reload();
    await unlock(page, journey.lang === 'es' ? 'en' : 'es');
    const reachable = await page.evaluate(() => fetch('/api/v1/health').then(() => true, () => false));
    expect(reachable).toBe(false);

    await chooseLanguage(page, journey.lang);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(t.listTitle);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(journey.lang === 'es' ? 'es-MX' : 'en-US');
  });

  it('records the agency, the place and the time, finding each field by its label', async () => {
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    await field(page, t.agency).selectOption(journey.agency);
    await field(page, t.caseNumber).fill(caseNumber);
    await field(page, t.officerFirstName).fill('Ana');
    await field(page, t.officerLastName).fill('Ruiz');
    await field(page, t.occurredAt).fill(journey.when);
    await pick(page, t.country, journey.country[0], journey.country[1]);
    await pick(page, t.state, journey.state[0], journey.state[1]);
    if (journey.municipality) await pick(page, t.municipality, journey.municipality[0], journey.municipality[1]);
    expect(await field(page, t.country).inputValue()).toBe(journey.country[1]);
  });

  it('refuses N/A as a serial number, in the officer’s language, as it is typed', async () => {
    const gun = firearmCard(page, journey.lang, 1);
    await field(gun, t.type).selectOption({ label: journey.typePistol });
    await pick(gun, t.manufacturer, 'S&W', 'Smith & Wesson');
    await field(gun, t.model).fill('M&P9');
    await pick(gun, t.caliber, '9mm', /9 mm Luger/);
    await field(gun, t.serialNumber).fill('N/A');
    await expect.poll(() => issueText(gun, t.serialNumber)).toContain(journey.placeholderError);

    await field(gun, t.serialNumber).fill('HXK4821');
    await expect.poll(() => issueText(gun, t.serialNumber)).toBe('');
    await pick(gun, t.countryOfOrigin, journey.gun1Country[0], journey.gun1Country[1]);
  });

  it('blocks "ready" for a foreign firearm without its importer, but saves it as a draft', async () => {
    await page.getByRole('button', { name: t.addFirearm }).click();
    const gun = firearmCard(page, journey.lang, 2);
    await field(gun, t.type).selectOption({ label: journey.typeRifle });
    await pick(gun, t.manufacturer, 'cugir', /Cugir/);
    await field(gun, t.model).fill('WASR-10');
    await pick(gun, t.caliber, '7.62x39', /7\.62×39/);
    await field(gun, t.serialNumber).fill('PM47113');
    await pick(gun, t.countryOfOrigin, journey.gun2Country[0], journey.gun2Country[1]);

    await page.getByRole('button', { name: t.saveReady }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain(journey.importerError);
    expect(await issueText(gun, t.importer)).toContain(journey.importerError);
    // Still on the same new seizure's form: nothing was saved, nothing moved.
    expect(new URL(page.url()).pathname).toMatch(/^\/new\/[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: t.saveDraft }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: t.savedDraft }).count()).toBe(1);
    expect(await page.getByText(t.draft, { exact: true }).count()).toBe(1);
    expect(await page.getByText(t.onDevice, { exact: true }).count()).toBe(1);
  });

  it('keeps the record and its outbox entry in IndexedDB, written together and sealed', async () => {
    const stored = await page.evaluate(
      (plain) =>
        new Promise<{ pending: number; outbox: number; inClear: boolean }>((resolve, reject) => {
          const request = indexedDB.open('traceready');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const tx = request.result.transaction(['seizures', 'syncStates', 'outbox'], 'readonly');
            const seizures = tx.objectStore('seizures').getAll();
            const states = tx.objectStore('syncStates').getAll();
            const outbox = tx.objectStore('outbox').getAll();
            tx.oncomplete = () => {
              // The device also holds the agency's synced records; this one is the only one waiting.
              const rows = states.result as { state: string }[];
              const bytes = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v);
              const raw = JSON.stringify([...seizures.result, ...states.result, ...outbox.result], (_k, v: unknown) => bytes(v));
              resolve({ pending: rows.filter((r) => r.state === 'pending').length, outbox: outbox.result.length, inClear: plain.some((p) => raw.includes(p)) });
              request.result.close();
            };
          };
        }),
      [caseNumber, 'HXK4821', 'PM47113'],
    );
    expect(stored).toEqual({ pending: 1, outbox: 1, inClear: false });
  });

  it('finds the seizure with both firearms on a new page opened with no network', async () => {
    await page.close();
    page = await context.newPage();
    await page.goto(baseUrl);
    await unlock(page, journey.lang);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(t.listTitle);

    await field(page, t.search).fill('hxk48');
    const item = page.getByRole('link', { name: new RegExp(caseNumber) });
    await expect.poll(() => item.count()).toBe(1);
    await item.click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(caseNumber);
    expect(await page.getByRole('region', { name: t.firearm(1) }).getByText('HXK4821').count()).toBe(1);
    expect(await page.getByRole('region', { name: t.firearm(2) }).getByText('PM47113').count()).toBe(1);
  });

  it('runs under the strict Content Security Policy without a single violation', () => {
    expect(cspViolations).toEqual([]);
  });

  it('becomes ready to trace once the importer is recorded, even with "ready" tapped the instant it is picked', async () => {
    await page.getByRole('link', { name: t.edit, exact: true }).click();
    const gun = firearmCard(page, journey.lang, 2);
    await field(gun, t.importer).fill('century');
    await gun.getByRole('option', { name: /Century International Arms/ }).first().waitFor();
    // The pick and the tap in one task, as a quick thumb on a slow phone: the checks on screen
    // trail the values a little (deferred rendering), and "ready" must be judged on the pick.
    await page.evaluate(
      ([importer, saveReady]) => {
        const option = [...document.querySelectorAll<HTMLElement>('[role="option"]')].find((o) => o.textContent?.startsWith(importer));
        const button = [...document.querySelectorAll<HTMLElement>('button')].find((b) => b.textContent === saveReady);
        if (!option || !button) throw new Error('no importer option or no save button');
        option.click();
        button.click();
      },
      ['Century International Arms', t.saveReady] as const,
    );
    await expect.poll(() => page.getByRole('status').filter({ hasText: t.savedReady }).count()).toBe(1);
    expect(await page.getByText(t.ready, { exact: true }).count()).toBe(1);
  });
});
