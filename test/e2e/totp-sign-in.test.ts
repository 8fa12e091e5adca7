/**
 * An officer with a second factor signs in on a phone in Spanish: the password first, then the
 * code their authenticator app shows (computed here from the secret the admin CLI printed at
 * enrolment, as the app on their phone would). A wrong code is refused with a clear message and
 * the form keeps what was typed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { totpCode } from '../../src/server/auth/totp';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { choosePin, field } from './support/pages';

const baseUrl = inject('baseUrl');
const officer = inject('totpOfficer');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await phoneContext(browser, 'es-MX')).newPage();
});
afterAll(async () => browser?.close());
afterEach(async (test) => screenshotOnFailure(test, page));

const codeField = () => field(page, 'Código de verificación');
const submit = () => page.getByRole('button', { name: 'Iniciar sesión' });

describe('sign-in with a verification code (TOTP)', () => {
  it('asks for the code after the password, keeping the username and password', async () => {
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Inicie sesión para comenzar' }).waitFor();
    expect(await codeField().count()).toBe(0);
    await field(page, 'Usuario').fill(officer.username);
    await field(page, 'Contraseña').fill(officer.password);
    await submit().click();

    await codeField().waitFor();
    expect(await codeField().getAttribute('inputmode')).toBe('numeric');
    expect(await codeField().getAttribute('autocomplete')).toBe('one-time-code');
    expect(await field(page, 'Usuario').inputValue()).toBe(officer.username);
    expect(await field(page, 'Contraseña').inputValue()).toBe(officer.password);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await submit().isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('refuses a wrong code with a message in Spanish and clears it', async () => {
    const right = totpCode(officer.secret, new Date());
    await codeField().fill(right === '000000' ? '111111' : '000000');
    await submit().click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Código de verificación incorrecto o ya usado');
    expect(await codeField().inputValue()).toBe('');
    expect(await field(page, 'Usuario').inputValue()).toBe(officer.username);
  });

  it('signs in with the code the authenticator app shows now', async () => {
    await codeField().fill(totpCode(officer.secret, new Date()));
    await submit().click();
    await choosePin(page, 'es');
    expect(await codeField().count()).toBe(0);
  });
});
