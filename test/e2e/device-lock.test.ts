/**
 * Issue #5, offline unlock and session lock: after the first online sign-in the officer chooses a
 * PIN; the app then opens with it and no signal, locks itself after the agency's idle limit
 * (LOCK_AFTER_MINUTES on the server, 5 here) without losing a half-filled form, counts wrong PINs
 * and erases the PIN at the limit, after which an online sign-in brings the same records back
 * under a new PIN. Sign-out with unsent records asks first. What IndexedDB holds has no case
 * number, serial or name in clear, and a second officer on the same phone sees none of the
 * first one's records. English, then Spanish.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { chooseLanguage, countInMenu, field, goTo, LOCK_TEXT, lockNow, PIN, recordSeizure, signIn, TEXT, unlock, waitForOfflineReady } from './support/pages';
import { adminCli, freePort, newDataDir, startServer, type RunningServer } from './support/server';
import { rawDatabaseText } from '../support/raw-database';

const OFFICER = { username: 'lock.officer', password: 'lock-officer-password-1' };
// Another agency's officer: nothing of the first officer's reaches them by sync either.
const SECOND = { username: 'lock.second', password: 'lock-second-password-2' };
const LOCK_AFTER_MINUTES = 5;
const dataDir = newDataDir();
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const listHeading = (lang: 'en' | 'es') => page.getByRole('heading', { name: TEXT[lang].listTitle });
const lockedHeading = (lang: 'en' | 'es') => page.getByRole('heading', { name: LOCK_TEXT[lang].locked });
const alertText = () => page.getByRole('alert').first().textContent();

/** Everything the device database holds, read around the app, bytes as text. */
const rawDatabase = () => page.evaluate(rawDatabaseText, 'traceready');

beforeAll(async () => {
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', OFFICER.username, '--role', 'officer'], OFFICER.password);
  adminCli(dataDir, ['user', 'add', '--agency', 'CBP', '--username', SECOND.username, '--role', 'officer'], SECOND.password);
  server = await startServer(dataDir, await freePort(), { LOCK_AFTER_MINUTES: String(LOCK_AFTER_MINUTES) });
  browser = await launchChromium();
  context = await phoneContext(browser, 'en-US');
  // The page's clock can be moved forward: the idle limit is minutes, the test is not.
  await context.clock.install();
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, page);
});

describe('device lock, in English', () => {
  it('asks for a PIN after the first online sign-in and refuses weak or mistyped ones', async () => {
    await page.goto(server.url);
    await waitForOfflineReady(page);
    // Nothing of the app before the first sign-in: its records could not be protected.
    await page.getByRole('heading', { name: 'Sign in to start' }).waitFor();
    expect(await page.getByRole('link', { name: TEXT.en.newSeizure }).count()).toBe(0);
    await field(page, 'Username').fill(OFFICER.username);
    await field(page, 'Password').fill(OFFICER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a PIN' }).waitFor();
    expect(await field(page, 'PIN').getAttribute('inputmode')).toBe('numeric');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await field(page, 'PIN').fill('123456');
    await field(page, 'Repeat the PIN').fill('123456');
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await expect.poll(alertText).toBe('Choose a PIN that is not one digit repeated or a run like 123456.');

    await field(page, 'PIN').fill(PIN);
    await field(page, 'Repeat the PIN').fill('482917');
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await expect.poll(alertText).toBe('The two PINs are not the same. Type them again.');
    expect(await field(page, 'Repeat the PIN').inputValue()).toBe('');

    await field(page, 'Repeat the PIN').fill(PIN);
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await page.getByRole('button', { name: 'Sync now' }).waitFor();
    await goTo(page, 'Seizures');
    await listHeading('en').waitFor();
  });

  it('keeps no case number, serial number or name in clear in IndexedDB', async () => {
    await goTo(page, 'Settings');
    await field(page, TEXT.en.officerFirstName).fill('Dolores');
    await field(page, TEXT.en.officerLastName).fill('Quintanilla');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.getByRole('status').filter({ hasText: 'Your details are saved on this device.' }).waitFor();
    await goTo(page, 'Seizures');
    await recordSeizure(page, 'en', 'LOCK-EN-1', 'LKE40917');
    await expect.poll(() => page.getByRole('link', { name: /LOCK-EN-1/ }).count()).toBe(1);
    const raw = await rawDatabase();
    expect(raw.length).toBeGreaterThan(1000);
    for (const plain of ['LOCK-EN-1', 'LOCKEN1', 'LKE40917', 'LKE409', 'Quintanilla']) expect(raw).not.toContain(plain);
  });

  it('locks after the idle limit, hides everything, and keeps a half-filled form', async () => {
    await page.getByRole('link', { name: TEXT.en.newSeizure, exact: true }).click();
    await field(page, TEXT.en.caseNumber).fill('LOCK-EN-HALF');

    await page.clock.fastForward(`0${LOCK_AFTER_MINUTES - 1}:00`);
    expect(await lockedHeading('en').count()).toBe(0);
    await page.clock.fastForward('01:30');
    await lockedHeading('en').waitFor();
    expect(await page.getByText('Locked because the app was not used for a while.').count()).toBe(1);
    // Nothing of the records or the form is shown or reachable while locked.
    expect(await page.getByRole('textbox', { name: TEXT.en.caseNumber }).count()).toBe(0);
    expect(await countInMenu(page, 'button', 'Lock')).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await field(page, 'PIN').fill(PIN);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => field(page, TEXT.en.caseNumber).inputValue()).toBe('LOCK-EN-HALF');
  });

  it('opens with the PIN and no signal after a reload, counting a wrong PIN', async () => {
    await context.setOffline(true);
    await page.goto(server.url);
    await lockedHeading('en').waitFor();
    await field(page, 'PIN').fill('000000');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(alertText).toBe('Wrong PIN. Attempts left before the PIN is erased: 4.');
    expect(await field(page, 'PIN').inputValue()).toBe('');

    await field(page, 'PIN').fill(PIN);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await listHeading('en').waitFor();
    await expect.poll(() => page.getByRole('link', { name: /LOCK-EN-1/ }).count()).toBe(1);
  });

  it('locks at once on "Lock"', async () => {
    await lockNow(page);
    await lockedHeading('en').waitFor();
    expect(await listHeading('en').count()).toBe(0);
    await unlock(page);
  });

  it('survives a save in another tab while this one is locked, and shows it after the PIN', async () => {
    await lockNow(page);
    await lockedHeading('en').waitFor();
    const other = await context.newPage();
    await other.goto(server.url);
    await unlock(other, 'en');
    await recordSeizure(other, 'en', 'LOCK-EN-TAB2', 'LKT40918');
    await other.close();

    await unlock(page, 'en');
    await listHeading('en').waitFor();
    await expect.poll(() => page.getByRole('link', { name: /LOCK-EN-TAB2/ }).count()).toBe(1);
  });

  it('locks every open tab on "Lock" in one of them', async () => {
    const other = await context.newPage();
    await other.goto(server.url);
    await unlock(other, 'en');
    await other.getByRole('heading', { name: TEXT.en.listTitle }).waitFor();

    await lockNow(page);
    await other.getByRole('heading', { name: LOCK_TEXT.en.locked }).waitFor();
    expect(await other.getByRole('heading', { name: TEXT.en.listTitle }).count()).toBe(0);
    expect(await countInMenu(other, 'button', 'Lock')).toBe(0);
    await other.close();
    await unlock(page, 'en');
  });
});

describe('device lock, in Spanish', () => {
  it('erases the PIN after five wrong ones and tells the officer how to get back in', async () => {
    await chooseLanguage(page, 'es');
    await page.goto(server.url);
    await lockedHeading('es').waitFor();
    for (let left = 4; left >= 1; left--) {
      await field(page, 'NIP').fill('000000');
      await page.getByRole('button', { name: 'Abrir', exact: true }).click();
      await expect.poll(alertText).toBe(`NIP incorrecto. Intentos restantes antes de borrar el NIP: ${left}.`);
    }
    await field(page, 'NIP').fill('000000');
    await page.getByRole('button', { name: 'Abrir', exact: true }).click();
    await page.getByRole('heading', { name: 'Inicie sesión para abrir TraceReady' }).waitFor();
    await expect.poll(alertText).toContain('El NIP se borró por demasiados intentos fallidos. Sus registros siguen en este teléfono');

    // A reload does not bring the PIN back.
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Inicie sesión para abrir TraceReady' }).waitFor();
    expect(await field(page, 'NIP').count()).toBe(0);
  });

  it('after an online sign-in takes a new PIN and shows the same records', async () => {
    await context.setOffline(false);
    expect(await field(page, 'Usuario').inputValue()).toBe(OFFICER.username);
    await field(page, 'Contraseña').fill(OFFICER.password);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Elija un NIP nuevo' }).waitFor();
    await field(page, 'NIP').fill('730155');
    await field(page, 'Repita el NIP').fill('730155');
    await page.getByRole('button', { name: 'Guardar NIP' }).click();
    await listHeading('es').waitFor();
    await expect.poll(() => page.getByRole('link', { name: /LOCK-EN-1/ }).count()).toBe(1);
    // Online again: what waited (the English records) goes out.
    await expect.poll(() => page.locator('.sync-waiting').textContent(), { timeout: 60_000 }).toBe('Nada pendiente de envío');

    await page.goto(server.url);
    await unlock(page, 'es', '730155');
  });

  it('asks before signing out with unsent records, changes nothing on "Cancelar", and locks the other tabs', async () => {
    await context.setOffline(true);
    await recordSeizure(page, 'es', 'LOCK-ES-UNSENT', 'LKS50918');
    await goTo(page, 'Configuración');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('Registros sin enviar: 1. Si cierra sesión ahora se quedan en este teléfono');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    expect(await page.getByText(`Sesión iniciada como ${OFFICER.username}`, { exact: false }).count()).toBe(1);

    // A second tab open on the records locks when this one signs out.
    const other = await context.newPage();
    await other.goto(server.url);
    await unlock(other, 'es', '730155');
    await other.getByRole('heading', { name: TEXT.es.listTitle }).waitFor();

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cerrar sesión de todos modos' }).click();
    await page.getByRole('heading', { name: 'Inicie sesión para comenzar' }).waitFor();
    expect(await countInMenu(page, 'button', 'Bloquear')).toBe(0);
    expect(await page.getByRole('link', { name: /LOCK-ES-UNSENT/ }).count()).toBe(0);
    await other.getByRole('heading', { name: LOCK_TEXT.es.locked }).waitFor();
    expect(await other.getByRole('link', { name: /LOCK-ES-UNSENT/ }).count()).toBe(0);
    await other.close();
  });

  it('shows a second officer on the same phone none of the first one’s records', async () => {
    await context.setOffline(false);
    await signIn(page, SECOND.username, SECOND.password, 'es');
    await listHeading('es').waitFor();
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await expect.poll(() => page.locator('.sync-waiting').textContent()).toBe('Nada pendiente de envío');
    expect(await page.getByRole('link', { name: /LOCK-/ }).count()).toBe(0);
    await field(page, TEXT.es.search).fill('LKS5');
    expect(await page.getByRole('link', { name: /LOCK-/ }).count()).toBe(0);
  });

  it('gives the first officer everything back at the next sign-in, and sends what waited', async () => {
    await goTo(page, 'Configuración');
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await signIn(page, OFFICER.username, OFFICER.password, 'es');
    await listHeading('es').waitFor();
    await expect.poll(() => page.getByRole('link', { name: /LOCK-ES-UNSENT/ }).count()).toBe(1);
    await expect.poll(() => page.locator('.sync-waiting').textContent(), { timeout: 60_000 }).toBe('Nada pendiente de envío');
  });
});
