/**
 * Evidence-bag codes and scanning in the browser, with the network off after the first sign-in
 * (docs/evidence-codes.md): a saved firearm shows its code, large and as a QR code; typing the
 * code on the list opens the record; a code with one wrong character is refused with the check
 * character's message, in English and in Spanish; a photo of the QR code (made here with the QR
 * library) read through the scanner's photo fallback opens the record, the ZXing .wasm served by
 * the service worker from its precache; the code is on the 3312.1 page; a case-file label held
 * up to the (fake) camera fills the case number, and a firearm's evidence tag number.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { BAG_CODE_ALPHABET } from '../../src/domain/bag-code';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { chooseLanguage, field, firearmCard, goTo, recordSeizure, signInThenOffline, TEXT } from './support/pages';
import { qrPng, qrY4m } from './support/qr-png';

const EVIDENCE = {
  en: {
    find: 'Find by bag code',
    check: 'This code has a typing mistake: its last character (the check character) does not match the others. Compare each character with the label.',
    scan: 'Scan a label',
    fromPhoto: 'Read the code from a photo',
    list: 'Seizures',
  },
  es: {
    find: 'Buscar por código de bolsa',
    check: 'Este código tiene un error de captura: su último carácter (el de verificación) no corresponde a los demás. Compare cada carácter con la etiqueta.',
    scan: 'Escanear una etiqueta',
    fromPhoto: 'Leer el código de una foto',
    list: 'Aseguramientos',
  },
} as const;

/** The code with one character replaced by another of the alphabet: a typing slip. */
function oneWrong(code: string, at: number): string {
  const current = code.charAt(at);
  const other = BAG_CODE_ALPHABET.charAt((BAG_CODE_ALPHABET.indexOf(current) + 7) % BAG_CODE_ALPHABET.length);
  return code.slice(0, at) + other + code.slice(at + 1);
}

/** The finder is folded on the list until opened (a phone's first screen is for the records). */
async function openFinder(page: Page, lang: 'en' | 'es'): Promise<void> {
  const input = field(page, EVIDENCE[lang].find);
  if (!(await input.isVisible())) await page.locator('summary', { hasText: EVIDENCE[lang].find }).click();
  await input.waitFor();
}

/** What the fake camera shows: a case file's printed label. */
const CASE_LABEL = 'FGR/SON/HMO/0417/2026';

let browser: Browser;
beforeAll(async () => {
  const video = path.join(mkdtempSync(path.join(os.tmpdir(), 'traceready-camera-')), 'label.y4m');
  writeFileSync(video, qrY4m(CASE_LABEL));
  // The camera is there for every page, but only a context granted it may open it (the case-number test).
  browser = await launchChromium(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
});
afterAll(async () => {
  await browser?.close();
});

describe('evidence-bag codes, offline', () => {
  const baseUrl = inject('baseUrl');
  const officer = inject('officer');
  const caseNumber = `BAG-${Date.now()}`;
  let context: BrowserContext;
  let page: Page;
  let code = '';
  let recordUrl = '';
  const wasmFromWorker: boolean[] = [];

  beforeAll(async () => {
    context = await phoneContext(browser, 'en-US');
    page = await context.newPage();
    page.on('response', (response) => {
      if (response.url().endsWith('.wasm')) wasmFromWorker.push(response.fromServiceWorker());
    });
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('shows a saved firearm its bag code, large and as a QR code, with the network off', async () => {
    await page.goto(baseUrl);
    await signInThenOffline(page, officer, 'en');

    await recordSeizure(page, 'en', caseNumber, 'LKQ8842197');
    await page.getByRole('link', { name: new RegExp(caseNumber) }).click();
    await page.waitForURL(/\/seizures\/[0-9a-f-]+$/);
    recordUrl = page.url();
    const shown = (await page.getByTestId('bag-code').textContent()) ?? '';
    expect(shown).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$/);
    code = shown.replace('-', '');
    await page.getByRole('img', { name: `QR code of bag code ${shown}` }).waitFor();
    await page.getByRole('button', { name: 'Print the label' }).waitFor();
  });

  it('opens the record when its code is typed on the list, however it is typed', async () => {
    await goTo(page, EVIDENCE.en.list);
    await openFinder(page, 'en');
    // Lower case with a hyphen, as an officer copies it from the bag.
    await field(page, EVIDENCE.en.find).fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4).toLowerCase()}`);
    await page.waitForURL(recordUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(caseNumber);
  });

  it.each(['en', 'es'] as const)('refuses a code with one wrong character, saying the check character failed (%s)', async (lang) => {
    // Each starts on the list: the English one from the record the last test opened.
    if (lang === 'en') await goTo(page, EVIDENCE.en.list);
    else await chooseLanguage(page, 'es');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TEXT[lang].listTitle);
    await openFinder(page, lang);
    for (const at of [0, 4, 8]) {
      await field(page, EVIDENCE[lang].find).fill(oneWrong(code, at));
      await expect.poll(() => page.getByRole('alert').filter({ hasText: EVIDENCE[lang].check }).count()).toBe(1);
      expect(page.url()).not.toBe(recordUrl);
    }
    // Two neighbours swapped: caught the same way.
    const swapAt = [...code].findIndex((c, i) => i < 8 && c !== code.charAt(i + 1));
    await field(page, EVIDENCE[lang].find).fill(code.slice(0, swapAt) + code.charAt(swapAt + 1) + code.charAt(swapAt) + code.slice(swapAt + 2));
    await expect.poll(() => page.getByRole('alert').filter({ hasText: EVIDENCE[lang].check }).count()).toBe(1);
  });

  it('opens the record from a photo of its QR code, the scanner loaded from the precache', async () => {
    await goTo(page, EVIDENCE.es.list);
    await openFinder(page, 'es');
    await page.getByRole('button', { name: EVIDENCE.es.scan }).click();
    await field(page, EVIDENCE.es.fromPhoto).setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: qrPng(code) });
    await page.waitForURL(recordUrl, { timeout: 30_000 });
    expect(page.url()).toBe(recordUrl);
    // Offline all along: the reader's WebAssembly came from the service worker's precache.
    expect(wasmFromWorker.length).toBeGreaterThan(0);
    expect(wasmFromWorker.every(Boolean)).toBe(true);
  });

  it('prints the bag code, with its QR code, on the firearm\'s 3312.1 page', async () => {
    await page.getByRole('link', { name: 'Solicitud de rastreo (forma ATF 3312.1)' }).click();
    const formatted = `${code.slice(0, 4)}-${code.slice(4)}`;
    await expect.poll(() => page.locator('.trace-bag-code').textContent()).toContain(`Código de bolsa: ${formatted}`);
    await page.locator('.trace-bag-code').getByRole('img', { name: `Código QR del código de bolsa ${formatted}` }).waitFor();
  });

  it('fills the case number and a firearm\'s evidence tag number from a label held up to the camera', async () => {
    await context.grantPermissions(['camera']);
    await goTo(page, EVIDENCE.es.list);
    await page.getByRole('link', { name: TEXT.es.newSeizure, exact: true }).click();
    await page.getByRole('button', { name: 'Escanear la carpeta de investigación' }).click();
    await expect.poll(() => field(page, TEXT.es.caseNumber).inputValue(), { timeout: 20_000 }).toBe(CASE_LABEL);
    // The camera is let go once the code is read.
    await expect.poll(() => page.locator('video').count()).toBe(0);
    // The same label read into the firearm's evidence tag number.
    const gun = firearmCard(page, 'es', 1);
    await gun.getByRole('button', { name: 'Escanear la etiqueta de embalaje' }).click();
    await expect.poll(() => field(gun, 'Folio de la etiqueta de embalaje').inputValue(), { timeout: 20_000 }).toBe(CASE_LABEL);
    await expect.poll(() => page.locator('video').count()).toBe(0);
  });
});
