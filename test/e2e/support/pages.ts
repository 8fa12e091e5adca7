/**
 * Page models: what an officer does, in the words of the language on screen. Every field is
 * found by its visible label, as a screen reader user would find it.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export type Lang = 'en' | 'es';

export const TEXT = {
  en: {
    listTitle: 'Seizures on this device',
    newSeizure: 'New seizure',
    agency: 'Agency',
    caseNumber: 'Case number',
    officerFirstName: "Officer's first name(s)",
    officerLastName: "Officer's last name",
    occurredAt: 'Date and time of seizure',
    country: 'Country of seizure',
    state: 'State',
    municipality: 'Municipality',
    type: 'Firearm type',
    manufacturer: 'Manufacturer',
    model: 'Model',
    caliber: 'Caliber',
    serialNumber: 'Serial number',
    serialStatus: 'Serial number status',
    countryOfOrigin: 'Country of manufacture',
    importer: 'Importer',
    addFirearm: 'Add another firearm',
    saveDraft: 'Save draft',
    saveReady: 'Save as ready to trace',
    firearm: (item: number) => `Firearm – item ${item}`,
    savedDraft: 'Saved on this device as a draft.',
    savedReady: 'Saved on this device, ready to trace.',
    draft: 'Draft',
    ready: 'Ready to trace',
    onDevice: 'Saved on device',
    edit: 'Edit',
    search: 'Search by serial number or case number',
    languageButton: 'English',
  },
  es: {
    listTitle: 'Aseguramientos en este dispositivo',
    newSeizure: 'Nuevo aseguramiento',
    agency: 'Dependencia',
    caseNumber: 'Carpeta de investigación',
    officerFirstName: 'Nombre(s) del elemento',
    officerLastName: 'Apellido paterno del elemento',
    occurredAt: 'Fecha y hora del aseguramiento',
    country: 'País del aseguramiento',
    state: 'Entidad federativa',
    municipality: 'Municipio',
    type: 'Tipo de arma',
    manufacturer: 'Marca',
    model: 'Modelo',
    caliber: 'Calibre',
    serialNumber: 'Número de serie',
    serialStatus: 'Estado del número de serie',
    countryOfOrigin: 'País de fabricación',
    importer: 'Importador',
    addFirearm: 'Agregar otra arma',
    saveDraft: 'Guardar borrador',
    saveReady: 'Guardar como listo para rastreo',
    firearm: (item: number) => `Arma – indicio ${item}`,
    savedDraft: 'Guardado en este dispositivo como borrador.',
    savedReady: 'Guardado en este dispositivo, listo para rastreo.',
    draft: 'Borrador',
    ready: 'Listo para rastreo',
    onDevice: 'Guardado en el dispositivo',
    edit: 'Editar',
    search: 'Buscar por número de serie o carpeta de investigación',
    languageButton: 'Español',
  },
} as const;

export const field = (scope: Page | Locator, label: string): Locator => scope.getByLabel(label, { exact: true });

/** Types part of a name into a typeahead and picks the option the officer means. */
export async function pick(scope: Page | Locator, label: string, typed: string, option: string | RegExp): Promise<void> {
  const input = field(scope, label);
  await input.fill(typed);
  await scope.getByRole('option', { name: option }).first().click();
  // Fail here, naming the field, if the pick did not land (rather than later in a summary).
  await expect.poll(() => input.inputValue(), { message: `${label}: "${typed}" did not pick ${String(option)}` }).toMatch(option);
}

/** The issues shown with one field, as text: the element its aria-describedby points to. */
export async function issueText(scope: Page | Locator, label: string): Promise<string> {
  const id = await field(scope, label).getAttribute('id');
  const page = 'page' in scope ? scope.page() : scope;
  return (await page.locator(`[id="${id}-issues"]`).textContent()) ?? '';
}

export function firearmCard(page: Page, lang: Lang, item: number): Locator {
  return page.getByRole('region', { name: TEXT[lang].firearm(item) });
}

/** Waits until the service worker is active, i.e. the app shell is precached for offline use. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state;
  });
}

/** The "ready to work with no signal" message floats over the header on a first visit: close it as an officer would. */
export async function closeOfflineReady(page: Page, lang: Lang): Promise<void> {
  await waitForOfflineReady(page);
  await page
    .getByRole('button', { name: lang === 'es' ? 'Cerrar' : 'Dismiss', exact: true })
    .click({ timeout: 10_000 })
    .catch(() => undefined); // an app version that does not show it
}

/**
 * Records a minimal seizure with one US-made pistol and saves it as a draft. `alreadyOpen`: the
 * caller opened the new seizure's form and filled some fields first.
 */
export async function recordSeizure(page: Page, lang: Lang, caseNumber: string, serial: string, { alreadyOpen = false } = {}): Promise<void> {
  const t = TEXT[lang];
  if (!alreadyOpen) await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
  await field(page, t.caseNumber).fill(caseNumber);
  const gun = firearmCard(page, lang, 1);
  await field(gun, t.type).selectOption('pistol');
  await pick(gun, t.manufacturer, 'ruger', /^Ruger$/);
  await field(gun, t.model).fill('LCP');
  await pick(gun, t.caliber, '380', /\.380 ACP/);
  await field(gun, t.serialNumber).fill(serial);
  await page.getByRole('button', { name: t.saveDraft }).click();
  await page.getByRole('status').filter({ hasText: t.savedDraft }).waitFor();
  await goTo(page, lang === 'en' ? 'Seizures' : 'Aseguramientos');
}

const MENU_BUTTON = /^(Menu|Menú)$/;

/** The header's menu, opened if it is not: the screens, the language switch and "Lock" are in it. */
export async function openMenu(page: Page): Promise<Locator> {
  const menu = page.locator('#app-menu');
  if (!(await menu.isVisible())) await page.getByRole('button', { name: MENU_BUTTON }).click();
  await menu.waitFor();
  return menu;
}

/** Opens a screen from the header's menu, by its link's name. */
export async function goTo(page: Page, screen: string): Promise<void> {
  await (await openMenu(page)).getByRole('link', { name: screen, exact: true }).click();
}

/** Taps English or Español in the header's menu. */
export async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  await (await openMenu(page)).getByRole('button', { name: TEXT[lang].languageButton, exact: true }).click();
}

/** Taps "Lock" / "Bloquear" in the header's menu. */
export async function lockNow(page: Page, name = 'Lock'): Promise<void> {
  await (await openMenu(page)).getByRole('button', { name, exact: true }).click();
}

/** How many such controls the header's menu holds (0 when there is no header to open). */
export async function countInMenu(page: Page, role: 'button' | 'link', name: string): Promise<number> {
  if ((await page.getByRole('button', { name: MENU_BUTTON }).count()) === 0) return 0;
  return (await openMenu(page)).getByRole(role, { name, exact: true }).count();
}

/** The PIN the test officers choose on their phones. */
export const PIN = '482916';

export const LOCK_TEXT = {
  en: { choosePin: 'Choose a PIN', pin: 'PIN', repeatPin: 'Repeat the PIN', savePin: 'Save PIN', locked: 'TraceReady is locked', open: 'Open', syncNow: 'Sync now', signIn: 'Sign in', username: 'Username', password: 'Password' },
  es: { choosePin: 'Elija un NIP', pin: 'NIP', repeatPin: 'Repita el NIP', savePin: 'Guardar NIP', locked: 'TraceReady está bloqueado', open: 'Abrir', syncNow: 'Sincronizar ahora', signIn: 'Iniciar sesión', username: 'Usuario', password: 'Contraseña' },
} as const;

/** The PIN screen that follows a first sign-in on a phone. */
export async function choosePin(page: Page, lang: Lang = 'en', pin = PIN): Promise<void> {
  const t = LOCK_TEXT[lang];
  await page.getByRole('heading', { name: t.choosePin }).waitFor();
  await field(page, t.pin).fill(pin);
  await field(page, t.repeatPin).fill(pin);
  await page.getByRole('button', { name: t.savePin }).click();
  await page.getByRole('button', { name: t.syncNow }).waitFor();
}

/**
 * Opens the app that a reload or a new tab locked (the keys live in each page's memory), in the
 * language the lock screen speaks (the officer's choice) unless told.
 */
export async function unlock(page: Page, lang?: Lang, pin = PIN): Promise<void> {
  await page.getByRole('heading', { name: lang ? LOCK_TEXT[lang].locked : new RegExp(`^(${LOCK_TEXT.en.locked}|${LOCK_TEXT.es.locked})$`) }).waitFor();
  const t = LOCK_TEXT[lang ?? ((await page.evaluate(() => document.documentElement.lang)) === 'es-MX' ? 'es' : 'en')];
  await field(page, t.pin).fill(pin);
  await page.getByRole('button', { name: t.open, exact: true }).click();
  await page.getByRole('button', { name: t.syncNow }).waitFor();
}

/**
 * Signs in online (from the first screen of a phone nobody signed in on, or from the header's
 * link) and, on a phone signed in for the first time, chooses the PIN.
 */
export async function signIn(page: Page, username: string, password: string, lang: Lang = 'en'): Promise<void> {
  const t = LOCK_TEXT[lang];
  const form = field(page, t.username);
  await form.or(page.getByRole('link', { name: t.signIn }).first()).first().waitFor();
  if (!(await form.isVisible())) await page.getByRole('link', { name: t.signIn }).first().click();
  await field(page, t.username).fill(username);
  await field(page, t.password).fill(password);
  await page.getByRole('button', { name: t.signIn }).click();
  // The form goes once the sign-in is kept and the device lock has decided; only then is it
  // known whether a PIN is asked ("Sync now" shows earlier, as soon as the session is saved).
  await field(page, t.username).waitFor({ state: 'hidden' });
  const pinScreen = page.getByRole('heading', { name: t.choosePin });
  await pinScreen.or(page.getByRole('button', { name: t.syncNow })).first().waitFor();
  if (await pinScreen.isVisible()) await choosePin(page, lang);
}

/**
 * As in the field: signed in once with a connection until the app is precached, then with the
 * network off, the page reloaded (so it runs from the service worker's copy) and unlocked.
 */
export async function signInThenOffline(page: Page, account: { username: string; password: string }, lang: Lang = 'en'): Promise<void> {
  await signIn(page, account.username, account.password, lang);
  await waitForOfflineReady(page);
  await page.context().setOffline(true);
  await page.reload();
  await unlock(page, lang);
}
