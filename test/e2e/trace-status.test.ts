/**
 * Issue 14's trace status journey, on the production build: an officer records a seizure on a
 * phone in Spanish; a supervisor's phone receives it and, with no signal, records the trace
 * request and then its result on the record's page (a wrong request number and a time to crime
 * that does not match the dates are refused with their messages first). Meanwhile the officer
 * corrects the seizure's notes. When the supervisor's signal returns the result reaches the
 * server, and the officer's phone shows it, in Spanish, beside the notes edit: no conflict.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween } from '../../src/domain/trace-status';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, PHONE_TIME_ZONE, phoneContext, screenshotOnFailure } from './support/browser';
import { field, firearmCard, goTo, recordSeizure, signIn, TEXT, unlock, waitForOfflineReady } from './support/pages';
import { adminCli, freePort, newDataDir, serverRecords, startServer, type RunningServer } from './support/server';

const SUPERVISOR = { username: 'trace.supervisor', password: 'trace-supervisor-password' };
const OFFICER = { username: 'trace.officer', password: 'trace-officer-password-1' };
const SUPERVISOR_2 = { username: 'trace.supervisor2', password: 'trace-supervisor-2-password' };
const CASE = 'ATF-TRZ-1414';
const PURCHASE = '2025-03-10';
const dataDir = newDataDir();
let server: RunningServer;
let browser: Browser;
let supContext: BrowserContext;
let sup: Page;
let officer: Page;

beforeAll(async () => {
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', SUPERVISOR.username, '--role', 'supervisor'], SUPERVISOR.password);
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', OFFICER.username, '--role', 'officer'], OFFICER.password);
  adminCli(dataDir, ['user', 'add', '--agency', 'ATF', '--username', SUPERVISOR_2.username, '--role', 'supervisor'], SUPERVISOR_2.password);
  server = await startServer(dataDir, await freePort());
  browser = await launchChromium();
  officer = await (await phoneContext(browser, 'es-MX')).newPage();
  supContext = await phoneContext(browser, 'en-US');
  sup = await supContext.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, sup);
});

/** Ten days ago at 10:00 on the phones' clock: the recovery, as the Spanish form takes it, and its date. */
const RECOVERED = (() => {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: PHONE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  const part = Object.fromEntries(format.formatToParts(new Date(Date.now() - 10 * 86_400_000)).map((p) => [p.type, p.value]));
  return { typed: `${part.day}/${part.month}/${part.year} 10:00`, date: `${part.year}-${part.month}-${part.day}` };
})();

const caseLink = (page: Page) => page.getByRole('link', { name: new RegExp(CASE) });
const tracePanel = (page: Page, lang: 'en' | 'es') => firearmCard(page, lang, 1).getByRole('region', { name: lang === 'en' ? 'Trace status' : 'Estado del rastreo' });
/** Today on the phone (its time zone), as a date input holds it. */
const today = (page: Page) => page.evaluate(() => new Date().toLocaleDateString('en-CA'));

async function openOnline(page: Page, user: { username: string; password: string }, lang: 'en' | 'es') {
  await page.goto(server.url);
  await waitForOfflineReady(page);
  await signIn(page, user.username, user.password, lang);
}

describe('trace status across devices', () => {
  it('the officer records a seizure and it reaches the server', async () => {
    await openOnline(officer, OFFICER, 'es');
    await officer.getByRole('link', { name: TEXT.es.newSeizure, exact: true }).click();
    await field(officer, TEXT.es.occurredAt).fill(RECOVERED.typed);
    await recordSeizure(officer, 'es', CASE, 'LCP52114', { alreadyOpen: true });
    await expect.poll(() => caseLink(officer).locator('.badge').filter({ hasText: 'Sincronizado (versión 1)' }).count(), { timeout: 60_000 }).toBe(1);
  });

  it('the supervisor, with no signal, is refused a wrong request number, then records the request', async () => {
    await openOnline(sup, SUPERVISOR, 'en');
    await expect.poll(() => caseLink(sup).count(), { timeout: 60_000 }).toBe(1);
    await supContext.setOffline(true);
    await caseLink(sup).click();
    const panel = tracePanel(sup, 'en');
    await expect.poll(() => panel.textContent()).toContain('Not requested');
    await panel.getByRole('button', { name: 'Record trace status' }).click();
    await field(panel, 'Trace status').selectOption('requested');
    await field(panel, 'Date requested').fill(await today(sup));
    await field(panel, 'eTrace request number').fill('T123');
    await panel.getByRole('button', { name: 'Save trace status' }).click();
    await panel.getByText('An eTrace request number is T, the year and seven digits (T20260012345).').waitFor();
    expect(await sup.evaluate(() => document.activeElement?.id)).toMatch(/requestNumber$/);
    expect(await panel.getByText('Waiting to be sent').count()).toBe(0);

    await field(panel, 'eTrace request number').fill('T20260012345');
    await panel.getByRole('button', { name: 'Save trace status' }).click();
    await panel.getByRole('status').filter({ hasText: 'Trace status saved on this device.' }).waitFor();
    await expect.poll(() => panel.textContent()).toContain('Waiting to be sent');
    expect(await seriousA11yViolations(sup)).toEqual([]);
  });

  it('records the result offline: a time to crime that does not match the dates is refused', async () => {
    const panel = tracePanel(sup, 'en');
    await panel.getByRole('button', { name: 'Change trace status' }).click();
    await field(panel, 'Trace status').selectOption('traced');
    await panel.getByLabel('Purchaser found').check();
    await field(panel, "Purchaser's first name(s)").fill('Rubén');
    await field(panel, "Purchaser's last name").fill('Ochoa');
    await field(panel, "Purchaser's date of birth").fill('1990-05-01');
    await field(panel, 'Dealer FFL number').fill('1-23-456-78-9A-12345');
    await field(panel, 'Purchase date').fill(PURCHASE);
    const days = daysBetween(PURCHASE, RECOVERED.date);
    await field(panel, 'Time to crime (days)').fill(String(days + 3));
    await panel.getByRole('button', { name: 'Save trace status' }).click();
    await panel.getByText(`From the purchase date to the recovery: ${days} days.`).waitFor();
    await panel.getByText(`Time to crime does not match the two dates: it should be ${days} days.`).waitFor();
    await field(panel, 'Time to crime (days)').fill(String(days));
    await panel.getByRole('button', { name: 'Save trace status' }).click();
    await panel.getByRole('status').filter({ hasText: 'Trace status saved on this device.' }).waitFor();
    await expect.poll(() => panel.textContent()).toContain(`Traced · Requested`);
    await expect.poll(() => panel.textContent()).toContain(`Time to crime: ${days} days`);
    // Dates in the officer's language, never as ISO.
    expect(await panel.textContent()).toContain('Purchaser: Rubén Ochoa, born May 1, 1990');
    expect(await panel.textContent()).toContain('Bought Mar 10, 2025');
  });

  it('meanwhile the officer corrects the notes of the same seizure', async () => {
    await caseLink(officer).click();
    await officer.getByRole('link', { name: 'Editar', exact: true }).click();
    await field(officer, 'Observaciones').fill('Número de serie releído en el armazón');
    await officer.getByRole('button', { name: 'Guardar borrador' }).click();
    await officer.getByRole('status').filter({ hasText: 'Guardado en este dispositivo como borrador.' }).waitFor();
    await goTo(officer, 'Aseguramientos');
    await expect.poll(() => caseLink(officer).locator('.badge').filter({ hasText: 'Sincronizado (versión 2)' }).count(), { timeout: 60_000 }).toBe(1);
  });

  it('back online, the result reaches the server and the officer sees it in Spanish beside the notes', async () => {
    await supContext.setOffline(false);
    const panel = tracePanel(sup, 'en');
    await expect.poll(() => panel.textContent(), { timeout: 60_000 }).toContain('On the server');

    await officer.getByRole('button', { name: 'Sincronizar ahora' }).click();
    await caseLink(officer).click();
    const seen = tracePanel(officer, 'es');
    await expect.poll(() => seen.textContent(), { timeout: 60_000 }).toContain('Rastreado');
    expect(await seen.textContent()).toContain('eTrace T20260012345');
    expect(await seen.textContent()).toContain('Se identificó al comprador');
    expect(await seen.textContent()).toMatch(/Comprador: Rubén Ochoa, nacido el 1 (de )?may(o|\.)? (de )?1990/);
    expect(await seen.textContent()).not.toContain('2025-03-10');
    // Officers of this agency may not record: the form is not offered, and it says why.
    expect(await seen.getByRole('button').count()).toBe(0);
    expect(await seen.textContent()).toContain('En su dependencia solo un supervisor registra el estado del rastreo.');
    await officer.getByText('Número de serie releído en el armazón').waitFor();
    expect(await officer.getByRole('link', { name: 'Comparar versiones' }).count()).toBe(0);

    // The list says where the traces stand; with no ready seizure there is nothing for its filter to keep.
    await goTo(officer, 'Aseguramientos');
    await expect.poll(() => caseLink(officer).textContent()).toContain('Rastreo: 1 rastreado(s)');
    expect(await officer.getByLabel('Solo aseguramientos listos con rastreo sin solicitar').count()).toBe(0);

    const onServer = await serverRecords(server.url, SUPERVISOR.username, SUPERVISOR.password);
    expect(onServer.map((c) => [c.revision, (c.record as { notes?: string }).notes])).toEqual([[2, 'Número de serie releído en el armazón']]);
  });

  it("the record's history shows the two trace status changes", async () => {
    await sup.reload();
    await unlock(sup, 'en');
    const history = sup.getByRole('region', { name: 'History on the server' });
    await history.getByRole('button', { name: 'Show history' }).click();
    const table = history.getByRole('table', { name: 'Trace status changes: 2' });
    await table.waitFor();
    expect(await table.getByRole('row').nth(2).getByRole('cell').allInnerTexts()).toEqual(['Requested', 'Traced', expect.any(String), SUPERVISOR.username]);
  });

  it('two supervisors changing the same firearm meet in a conflict that is shown, never overwritten', async () => {
    const otherContext = await phoneContext(browser, 'en-US');
    const other = await otherContext.newPage();
    await openOnline(other, SUPERVISOR_2, 'en');
    await expect.poll(() => caseLink(other).count(), { timeout: 60_000 }).toBe(1);
    await caseLink(other).click();
    const theirs = tracePanel(other, 'en');
    await expect.poll(() => theirs.textContent(), { timeout: 60_000 }).toContain('On the server');

    // The second supervisor, offline, adds a note; the first, online, takes the result back to "requested".
    await otherContext.setOffline(true);
    await theirs.getByRole('button', { name: 'Change trace status' }).click();
    await field(theirs, 'Trace note').fill('Dealer called back (second supervisor)');
    await theirs.getByRole('button', { name: 'Save trace status' }).click();
    await theirs.getByRole('status').filter({ hasText: 'Trace status saved on this device.' }).waitFor();

    const mine = tracePanel(sup, 'en');
    await mine.getByRole('button', { name: 'Change trace status' }).click();
    await field(mine, 'Trace status').selectOption('requested');
    await mine.getByRole('button', { name: 'Save trace status' }).click();
    await expect.poll(() => mine.textContent(), { timeout: 60_000 }).toMatch(/^Trace statusRequested.*On the server/);

    await otherContext.setOffline(false);
    await other.getByRole('button', { name: 'Sync now' }).click();
    await theirs.getByText("Someone else changed this firearm's trace status").waitFor({ timeout: 60_000 });
    expect(await theirs.textContent()).toContain('On the server: Requested');
    expect(await theirs.textContent()).toContain('Yours: Traced');
    expect(await seriousA11yViolations(other)).toEqual([]);
    await theirs.getByRole('button', { name: 'Take theirs' }).click();
    await expect.poll(() => theirs.textContent()).toMatch(/^Trace statusRequested.*On the server/);
    expect(await theirs.textContent()).not.toContain('Dealer called back');
  });
});
