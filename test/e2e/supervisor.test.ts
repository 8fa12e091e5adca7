/**
 * Issue 15's supervisor screens in the browser, on the production build: an ATF supervisor whose
 * phone is in Spanish finds a serial typed with O for 0 and opens the seizure, and one HSI
 * shares with ATF (marked shared, read-only); the dashboard shows what a fixture set seeded
 * through the API holds (worked out from it by the domain's own readiness rules); an ATF and an
 * HSI officer record the same gun and both agencies' supervisors get the alert, acknowledged
 * with a note; an officer sees no entry and is refused. Axe finds no serious violation on any
 * supervisor screen, and each fits a 360 px phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agencyNameOf, checkSeizure, traceReadiness, type Seizure } from '../../src/domain';
import { municipalityCatalogue } from '../../src/domain/vocab/municipalities';
import esSeizure from '../../src/i18n/locales/es/seizure.json';
import { freshSeizure, usPistol } from '../domain/fixtures';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { closeOfflineReady, countInMenu, field, goTo, recordSeizure, signIn, unlock } from './support/pages';
import { adminCli, freePort, newDataDir, startServer, type RunningServer } from './support/server';

const PASSWORD = 'supervisor-journey-password';
const USERS = {
  'atf.supervisor': ['ATF', 'supervisor'],
  'atf.officer': ['ATF', 'officer'],
  'hsi.officer': ['HSI', 'officer'],
  'hsi.supervisor': ['HSI', 'supervisor'],
} as const;
const HSI_CONTACT = 'HSI Tucson duty desk +1 520 555 0100';
const SEARCHED_SERIAL = 'LW-10200';
const SAME_GUN = 'KR-770015';
const SHARED_SERIAL = 'HS-4410';

const dataDir = newDataDir();
let server: RunningServer;
let browser: Browser;
let supervisor: Page;
let current: Page | undefined;

async function apiToken(username: string): Promise<string> {
  const answer = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await answer.json()) as { token: string }).token;
}

async function push(username: string, records: Seizure[]): Promise<void> {
  const answer = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await apiToken(username)}` },
    body: JSON.stringify({ deviceId: 'seed-script', mutations: records.map((record) => ({ mutationId: crypto.randomUUID(), recordId: record.id, baseRevision: null, record })) }),
  });
  const { results } = (await answer.json()) as { results: { status: string }[] };
  expect(results.map((r) => r.status)).toEqual(records.map(() => 'applied'));
}

/** ATF seizures recovered in October 2026: the dashboard's fixture set. */
function octoberSet(): Seizure[] {
  const at = (day: number) => ({
    recovery: { ...freshSeizure().recovery, occurredAt: `2026-10-${String(day).padStart(2, '0')}T10:00:00-07:00` },
    createdAt: `2026-10-${String(day).padStart(2, '0')}T18:00:00Z`,
    updatedAt: `2026-10-${String(day).padStart(2, '0')}T18:00:00Z`,
  });
  const complete = freshSeizure({ ...at(3), agency: { ...freshSeizure().agency, caseNumber: 'ATF-OCT-001' } }, { serialNumber: 'OCT0001' });
  // An Austrian pistol with no importer and no model: a draft, what traces lack.
  const lacking = freshSeizure({ ...at(9), status: 'draft', agency: { ...freshSeizure().agency, caseNumber: 'ATF-OCT-002' } }, { serialNumber: 'OCT0002', manufacturer: 'Glock', countryOfOrigin: 'AT' });
  delete lacking.firearms[0]!.model;
  const pair = freshSeizure({ ...at(20), agency: { ...freshSeizure().agency, caseNumber: 'ATF-OCT-003' } }, { serialNumber: 'OCT0003' });
  pair.firearms.push(usPistol({ id: crypto.randomUUID(), itemNumber: 2, serialNumber: 'OCT0004' }));
  return [complete, lacking, pair];
}

/** What the dashboard must say about a set, by the domain's readiness rules (the checklist the officer sees). */
function expectedOf(records: Seizure[]) {
  const gaps = new Map<string, number>();
  let ready = 0;
  for (const record of records) {
    const issues = checkSeizure(record, { now: new Date(), municipalities: municipalityCatalogue });
    record.firearms.forEach((firearm, index) => {
      const readiness = traceReadiness(firearm, index, issues);
      if (readiness.complete) ready++;
      for (const item of readiness.items) {
        if (item.state !== 'missing' && item.state !== 'invalid') continue;
        const label = `${esSeizure.field[item.field]}: ${esSeizure.readiness.state[item.state]}`;
        gaps.set(label, (gaps.get(label) ?? 0) + 1);
      }
    });
  }
  return { total: records.reduce((n, r) => n + r.firearms.length, 0), ready, gaps };
}

/** A table's rows as [header, first cell] pairs. */
async function tableRows(page: Page, caption: string): Promise<[string, string][]> {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  const rows = await table.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => [(await row.locator('th').innerText()).trim(), (await row.locator('td').first().innerText()).trim()] as [string, string]));
}

/** Axe finds nothing serious, and the screen fits the 360 px phone with no sideways scrolling. */
async function expectUsable(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function phone(locale: string, username: string, lang: 'en' | 'es'): Promise<Page> {
  const page = await (await phoneContext(browser, locale)).newPage();
  current = page;
  await page.goto(server.url);
  await signIn(page, username, PASSWORD, lang);
  await closeOfflineReady(page, lang);
  return page;
}

const october = octoberSet();

beforeAll(async () => {
  for (const [username, [agency, role]] of Object.entries(USERS)) adminCli(dataDir, ['user', 'add', '--agency', agency, '--username', username, '--role', role], PASSWORD);
  adminCli(dataDir, ['agency', 'contact', '--agency', 'HSI', '--contact', HSI_CONTACT]);
  server = await startServer(dataDir, await freePort());
  const searched = freshSeizure({ agency: { ...freshSeizure().agency, caseNumber: 'ATF-SERIE-0042' } }, { serialNumber: SEARCHED_SERIAL });
  await push('atf.officer', [searched, ...october]);
  // An HSI seizure HSI shares with ATF: ATF's supervisor finds it and opens it, read-only.
  const shared = freshSeizure({ agency: { ...freshSeizure().agency, code: 'HSI', caseNumber: 'HSI-COMP-0007' } }, { serialNumber: SHARED_SERIAL });
  await push('hsi.officer', [shared]);
  const share = await fetch(`${server.url}/api/v1/shares`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await apiToken('hsi.supervisor')}` },
    body: JSON.stringify({ toAgency: 'ATF', recordId: shared.id }),
  });
  expect(share.status).toBeLessThan(300);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, current);
});

describe('the supervisor screens', () => {
  it('a supervisor in Spanish finds a serial typed with O for 0 and opens the seizure', async () => {
    supervisor = await phone('es-MX', 'atf.supervisor', 'es');
    // The seizures come to the supervisor's phone with the sign-in's sync.
    await expect.poll(() => supervisor.getByRole('link', { name: /ATF-SERIE-0042/ }).count(), { timeout: 60_000 }).toBe(1);
    await goTo(supervisor, 'Supervisión');
    await supervisor.getByRole('heading', { name: 'Búsqueda por serie', level: 1 }).waitFor();

    // A period that ends before it starts is refused, in Spanish, before anything is asked.
    await field(supervisor, 'Asegurada desde').fill('2026-11-30');
    await field(supervisor, 'Asegurada hasta').fill('2026-11-01');
    await supervisor.getByRole('button', { name: 'Buscar', exact: true }).click();
    await supervisor.getByRole('alert').filter({ hasText: 'El periodo termina antes de empezar: revise ambas fechas.' }).waitFor();
    await field(supervisor, 'Asegurada desde').fill('');
    await field(supervisor, 'Asegurada hasta').fill('');

    await field(supervisor, 'Número de serie').fill('lw 1O2OO');
    await supervisor.getByRole('button', { name: 'Buscar', exact: true }).click();
    await supervisor.getByRole('heading', { name: '1 arma mostrada' }).waitFor();
    await expectUsable(supervisor);
    await supervisor.getByRole('link', { name: new RegExp(SEARCHED_SERIAL) }).click();
    await supervisor.getByRole('heading', { name: /ATF-SERIE-0042/, level: 1 }).waitFor();
    expect(await supervisor.locator('.detail-row').filter({ has: supervisor.locator('dt', { hasText: /^Número de serie$/ }) }).locator('dd').innerText()).toBe(SEARCHED_SERIAL);
  });

  it('finds a seizure another agency shares, marked as such, and opens it read-only', async () => {
    await goTo(supervisor, 'Supervisión');
    await field(supervisor, 'Número de serie').fill('hs 441o');
    await supervisor.getByRole('button', { name: 'Buscar', exact: true }).click();
    const hit = supervisor.getByRole('link', { name: new RegExp(SHARED_SERIAL) });
    await hit.getByText(`Compartido por ${agencyNameOf('HSI', 'es')}`).waitFor();
    await hit.click();
    await supervisor.getByRole('heading', { name: /HSI-COMP-0007/, level: 1 }).waitFor();
    await supervisor.getByRole('note').filter({ hasText: 'puede consultarlo, pero no modificarlo' }).waitFor();
  });

  it('opens a hit the phone does not hold yet (saved after its last sync), bringing it from the server', async () => {
    const late = freshSeizure({ agency: { ...freshSeizure().agency, caseNumber: 'ATF-TARDE-0099' } }, { serialNumber: 'LW-77123' });
    await push('atf.officer', [late]);
    await goTo(supervisor, 'Supervisión');
    await field(supervisor, 'Número de serie').fill('LW-77123');
    await supervisor.getByRole('button', { name: 'Buscar', exact: true }).click();
    await supervisor.getByRole('link', { name: /LW-77123/ }).click();
    await supervisor.getByRole('heading', { name: /ATF-TARDE-0099/, level: 1 }).waitFor({ timeout: 60_000 });
    expect(await supervisor.getByText('Este aseguramiento no está en este dispositivo.').count()).toBe(0);
  });

  it('the dashboard shows what the fixture set holds', async () => {
    await supervisor.goto(`${server.url}/supervisor/dashboard`);
    await unlock(supervisor, 'es');
    await field(supervisor, 'Periodo').selectOption('custom');
    await field(supervisor, 'Desde').fill('2026-10-01');
    await field(supervisor, 'Hasta').fill('2026-10-31');
    await supervisor.getByRole('button', { name: 'Mostrar', exact: true }).click();

    const expected = expectedOf(october);
    await supervisor.getByText(`Armas en el periodo: ${expected.total}.`, { exact: false }).waitFor();
    const status = Object.fromEntries(await tableRows(supervisor, 'Armas por estado del rastreo'));
    // No trace was asked for any of them yet.
    expect(status).toEqual({ 'Listas para rastreo': String(expected.ready), 'No solicitado': String(expected.total), Solicitado: '0', Rastreada: '0', 'No rastreada': '0' });
    const gaps = await tableRows(supervisor, 'Campos faltantes o incorrectos, los más frecuentes primero');
    expect(new Map(gaps.map(([label, count]) => [label, Number(count)]))).toEqual(expected.gaps);
    expect(expected.gaps.size).toBeGreaterThan(0);
    // The ready records' trace-ready firearms wait to be requested, oldest first.
    const waiting = supervisor.getByRole('heading', { name: 'Listas pero sin solicitar, las más antiguas primero' }).locator('xpath=following-sibling::ol[1]/li');
    const lines = await waiting.allInnerTexts();
    expect(lines[0]).toMatch(/^Indicio 1, asegurada el 3 oct/);
    expect(lines.slice(1).sort()).toEqual([expect.stringMatching(/^Indicio 1, asegurada el 20 oct/), expect.stringMatching(/^Indicio 2, asegurada el 20 oct/)]);
    await expectUsable(supervisor);
  });

  it('devices list each phone with its officer and what it holds unsent', async () => {
    await supervisor.getByRole('link', { name: 'Dispositivos', exact: true }).click();
    const rows = await tableRows(supervisor, 'Dispositivos, primero los que llevan más tiempo con registros');
    expect(rows.map(([officer]) => officer)).toContain('atf.supervisor');
    const mine = supervisor.getByRole('row').filter({ has: supervisor.getByRole('rowheader', { name: 'atf.supervisor' }) });
    expect(await mine.getByRole('cell').allInnerTexts()).toEqual([expect.any(String), expect.any(String), 'Nada sin enviar', '0']);
    await expectUsable(supervisor);

    // With no connection the screens say so rather than show old numbers.
    await supervisor.context().setOffline(true);
    await supervisor.getByRole('link', { name: 'Listas para rastreo', exact: true }).click();
    await supervisor.getByRole('alert').filter({ hasText: 'Estas pantallas consultan el servidor y necesitan conexión.' }).waitFor();
    await expectUsable(supervisor);
    await supervisor.context().setOffline(false);
  });

  it('an ATF and an HSI officer record the same gun: both supervisors are alerted', async () => {
    for (const username of ['atf.officer', 'hsi.officer']) {
      const officer = await phone('en-US', username, 'en');
      const caseNumber = `${username.slice(0, 3).toUpperCase()}-SAME-1`;
      await recordSeizure(officer, 'en', caseNumber, SAME_GUN);
      const saved = officer.getByRole('link', { name: new RegExp(caseNumber) });
      await expect.poll(() => saved.locator('.badge').filter({ hasText: /^Synced/ }).count(), { timeout: 60_000 }).toBe(1);
      await officer.context().close();
    }
    current = supervisor;
    await supervisor.goto(server.url);
    await unlock(supervisor, 'es');
    await supervisor.getByRole('link', { name: '1 alerta por atender' }).click();
    const alert = supervisor.getByRole('article', { name: `Otra dependencia tiene esta arma: ${agencyNameOf('HSI', 'es')}` });
    await alert.waitFor();
    await alert.getByText(`Contacto: ${HSI_CONTACT}`).waitFor();
    await expectUsable(supervisor);
    await field(alert, 'Nota (opcional)').fill('Llamé a HSI Tucson: es la misma arma.');
    await alert.getByRole('button', { name: 'Marcar como atendida' }).click();
    await alert.getByText('Nota: Llamé a HSI Tucson: es la misma arma.').waitFor();
    await supervisor.getByRole('status').filter({ hasText: '0 alertas por atender' }).waitFor();
    await expect.poll(() => supervisor.getByRole('link', { name: /alerta.* por atender/ }).count()).toBe(0);

    const hsi = await phone('en-US', 'hsi.supervisor', 'en');
    await hsi.getByRole('link', { name: '1 alert to acknowledge' }).click();
    const theirs = hsi.getByRole('article', { name: `Another agency holds this firearm: ${agencyNameOf('ATF', 'en')}` });
    await theirs.waitFor();
    // A pointer only: the ATF seizure is not HSI's to open.
    expect(await theirs.getByRole('link', { name: 'Open the other seizure' }).count()).toBe(0);
    await expectUsable(hsi);
    await hsi.context().close();
  });

  it('an officer sees no supervisor entry and is refused by address and by the server', async () => {
    const officer = await phone('en-US', 'atf.officer', 'en');
    expect(await countInMenu(officer, 'link', 'Supervisor')).toBe(0);
    await officer.goto(`${server.url}/supervisor`);
    await unlock(officer, 'en');
    await officer.getByRole('alert').filter({ hasText: 'Only supervisors and administrators can open these screens.' }).waitFor();
    await expectUsable(officer);
    const answer = await fetch(`${server.url}/api/v1/supervisor/firearms?serial=LW10200`, { headers: { authorization: `Bearer ${await apiToken('atf.officer')}` } });
    expect(answer.status).toBe(403);
  });
});
