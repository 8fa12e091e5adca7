/**
 * A possessor's identity document in the form (domain/identity-document.ts, issue 16): a CURP
 * with one misread character is refused as it is typed, in English and in Spanish; the right
 * CURP clears it, is saved with the record and is shown on the record's page. Offline after the
 * first sign-in, as in the field.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { chooseLanguage, field, goTo, issueText, signInThenOffline, TEXT, unlock } from './support/pages';

const CURP = 'BOXW310820HNERXN09';
const MISREAD = 'BOXW310820HNERXN08';

const FORM = {
  en: {
    addPerson: 'Add a person',
    idType: 'Identity document',
    idNumber: 'Document number',
    curp: 'CURP (Mexico)',
    checkDigit: 'The CURP’s last digit does not match the rest: one character was probably misread.',
  },
  es: {
    addPerson: 'Agregar una persona',
    idType: 'Documento de identificación',
    idNumber: 'Número o clave del documento',
    curp: 'CURP',
    checkDigit: 'El último dígito de la CURP no corresponde con el resto: probablemente se leyó mal un carácter.',
  },
} as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a possessor’s identity document', () => {
  const baseUrl = inject('baseUrl');
  const officer = inject('officer');
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

  it('refuses a misread CURP in both languages and keeps the right one with the record, offline', async () => {
    await page.goto(baseUrl);
    await signInThenOffline(page, officer, 'en');

    await page.getByRole('link', { name: TEXT.en.newSeizure, exact: true }).click();
    const caseNumber = `CURP-${Date.now()}`;
    await field(page, TEXT.en.caseNumber).fill(caseNumber);
    const people = page.locator('summary', { hasText: /^People/ });
    await people.click();
    await page.getByRole('button', { name: FORM.en.addPerson }).click();
    await field(page, FORM.en.idType).selectOption({ label: FORM.en.curp });
    await field(page, FORM.en.idNumber).fill(MISREAD);
    await field(page, FORM.en.idNumber).blur();
    await expect.poll(() => issueText(page, FORM.en.idNumber)).toContain(FORM.en.checkDigit);

    await chooseLanguage(page, 'es');
    await expect.poll(() => issueText(page, FORM.es.idNumber)).toContain(FORM.es.checkDigit);
    expect(await field(page, FORM.es.idType).locator('option:checked').textContent()).toBe(FORM.es.curp);

    await field(page, FORM.es.idNumber).fill(CURP.toLowerCase());
    await expect.poll(() => issueText(page, FORM.es.idNumber)).not.toContain(FORM.es.checkDigit);
    await page.getByRole('button', { name: TEXT.es.saveDraft }).click();
    await page.getByRole('status').filter({ hasText: TEXT.es.savedDraft }).waitFor();

    await page.reload();
    await unlock(page, 'es');
    await goTo(page, 'Aseguramientos');
    await page.getByRole('link', { name: new RegExp(caseNumber) }).click();
    await page.waitForURL(/\/seizures\/[0-9a-f-]+$/);
    await expect.poll(() => page.locator('main').textContent()).toContain(`CURP ${CURP.toLowerCase()}`);
  });
});
