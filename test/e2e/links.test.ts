/**
 * Issue 16's link view in the browser, on the production build: a ring seeded through the API
 * (two possessors written differently who are one person, near-consecutive serials of one maker
 * and model, one dealer in trace results with short times to crime, two recoveries 300 m and two
 * days apart; the shape of test/server/links.test.ts's fixture). An ATF supervisor whose phone is
 * in Spanish finds the ring among the possible rings, opens the link view of one of its seizures:
 * its links by reason with their details in Spanish, the graph drawn (a screenshot kept, the
 * canvas not blank), the CSV of edges downloaded and parsed, the PNG downloaded, a seizure
 * expanded adds seizures two steps out, a reason filter narrows the view. In English the same
 * view reads in English, and a search hit opens a firearm's links. Axe finds nothing serious and
 * each screen fits a 360 px phone.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain';
import { freshSeizure } from '../domain/fixtures';
import { seriousA11yViolations } from './support/axe';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { closeOfflineReady, field, goTo, signIn, unlock } from './support/pages';
import { adminCli, freePort, newDataDir, startServer, type RunningServer } from './support/server';

const PASSWORD = 'links-journey-password';
const USERS = { 'atf.supervisor': ['ATF', 'supervisor'], 'atf.officer': ['ATF', 'officer'] } as const;
const OUTPUT = path.resolve(import.meta.dirname, '../../test-results');
const FFL = '9-86-019-01-2K-05501';

const dataDir = newDataDir();
let server: RunningServer;
let browser: Browser;
let current: Page | undefined;

async function apiToken(username: string): Promise<string> {
  const answer = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await answer.json()) as { token: string }).token;
}

async function api(username: string, url: string, body: unknown): Promise<unknown> {
  const answer = await fetch(`${server.url}/api/v1${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await apiToken(username)}` }, body: JSON.stringify(body) });
  expect(answer.status, url).toBe(200);
  return answer.json();
}

/** A seizure of the ring: its own case number, place and possessor unless given, so only what is planted links. */
let made = 0;
function seizureOf(day: number, parts: { serial?: string; possessor?: Seizure['possessors'][number]; at?: [number, number]; street?: string }): Seizure {
  made += 1;
  const base = freshSeizure();
  return freshSeizure(
    {
      agency: { ...base.agency, caseNumber: `ATF-RED-${String(made).padStart(3, '0')}` },
      recovery: {
        ...base.recovery,
        occurredAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00-07:00`,
        street: parts.street ?? `Calle ${made}`,
        ...(parts.street && { extNumber: '12' }),
        // 11 km apart unless placed: no place link by accident.
        geo: { lat: parts.at?.[0] ?? 31 + made * 0.1, lon: parts.at?.[1] ?? -110.96, accuracyM: 10 },
      },
      possessors: parts.possessor ? [{ role: 'possessor', ...parts.possessor }] : [],
    },
    { manufacturer: 'Colt', model: 'M4 Carbine', serialNumber: parts.serial ?? `ZQ${made}X${made}` },
  );
}

const person = { firstName: 'María de la Luz', lastName: 'Pérez', secondLastName: 'Núñez', dateOfBirth: '1984-03-12' };
const a1 = seizureOf(20, { serial: 'LW-4417', possessor: person, at: [31.34, -110.96] });
const a2 = seizureOf(21, { serial: 'LW-4419', possessor: { firstName: 'MARIA LUZ', lastName: 'NUNEZ', secondLastName: 'PEREZ', dateOfBirth: '1984-03-12' } });
const a3 = seizureOf(22, { serial: 'LW-4425' });
// Three hundred metres north of a1, two days later.
const a4 = seizureOf(22, { at: [31.34 + 0.0027, -110.96] });
// Only the dealer ties it, to a3 and a4: two steps from a1.
const a5 = seizureOf(25, {});
const ring = [a1, a2, a3, a4, a5];
const caseOf = (record: Seizure) => record.agency.caseNumber!;

async function trace(record: Seizure, purchaseDate: string): Promise<void> {
  const firearmId = record.firearms[0]!.id;
  const requested = { firearmId, seizureId: record.id, status: 'requested', requestedAt: '2026-11-28', requestNumber: 'T20260012345', updatedAt: '2026-11-28T12:00:00Z' };
  const changes = [
    { mutationId: crypto.randomUUID(), recordId: record.id, firearmId, baseRevision: null, status: requested },
    { mutationId: crypto.randomUUID(), recordId: record.id, firearmId, baseRevision: 1, status: { ...requested, status: 'traced', result: { purchaserFound: true, dealerFfl: FFL, purchaseDate } } },
  ];
  const answer = (await api('atf.supervisor', '/sync/trace-push', { deviceId: 'seed-script', changes })) as { results: { status: string }[] };
  expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied']);
}

async function expectUsable(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function phone(locale: string, lang: 'en' | 'es'): Promise<Page> {
  const page = await (await phoneContext(browser, locale, { acceptDownloads: true })).newPage();
  current = page;
  await page.goto(server.url);
  await signIn(page, 'atf.supervisor', PASSWORD, lang);
  await closeOfflineReady(page, lang);
  return page;
}

/** The graph's text summary, as numbers. */
async function graphCounts(page: Page, lang: 'en' | 'es'): Promise<Record<string, number>> {
  const words = lang === 'es' ? ['Aseguramientos', 'Personas', 'Vendedores', 'Armas', 'Vínculos'] : ['Seizures', 'Persons', 'Dealers', 'Firearms', 'Links'];
  const text = await page.getByText(new RegExp(`^${words[0]}: \\d+`)).innerText();
  return Object.fromEntries(words.map((word) => [word, Number(new RegExp(`${word}: (\\d+)`).exec(text)?.[1])]));
}

/** How many of the graph canvases' pixels are drawn (not transparent and not white). */
const drawnPixels = (page: Page) =>
  page.locator('.link-graph canvas').evaluateAll((canvases) =>
    (canvases as HTMLCanvasElement[]).reduce((sum, canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return sum;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let drawn = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) drawn += 1;
      return sum + drawn;
    }, 0),
  );

async function downloaded(page: Page, button: string): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return download;
}

beforeAll(async () => {
  for (const [username, [agency, role]] of Object.entries(USERS)) adminCli(dataDir, ['user', 'add', '--agency', agency, '--username', username, '--role', role], PASSWORD);
  server = await startServer(dataDir, await freePort());
  const pushed = (await api('atf.officer', '/sync/push', { deviceId: 'seed-script', mutations: ring.map((record) => ({ mutationId: crypto.randomUUID(), recordId: record.id, baseRevision: null, record })) })) as { results: { status: string }[] };
  expect(pushed.results.map((r) => r.status)).toEqual(ring.map(() => 'applied'));
  // Bought weeks before the recoveries: short times to crime, one dealer.
  await trace(a3, '2026-10-01');
  await trace(a4, '2026-09-15');
  await trace(a5, '2026-10-20');
  browser = await launchChromium();
  mkdirSync(OUTPUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});
afterEach(async (test) => {
  await screenshotOnFailure(test, current);
});

describe('the link view', () => {
  let page: Page;

  it('a supervisor in Spanish finds the ring among the possible rings and opens a seizure\'s links by reason', async () => {
    page = await phone('es-MX', 'es');
    await goTo(page, 'Supervisión');
    await page.getByRole('link', { name: 'Posibles redes', exact: true }).click();
    const lead = page.getByRole('article', { name: /^5 aseguramientos vinculados, el más reciente asegurado el 25 nov/ });
    await lead.waitFor();
    await lead.getByText(/^Vinculados por: .*Mismo poseedor \(1\), Números de serie casi consecutivos \(3\), Mismo vendedor \(FFL\) \(3\)/).waitFor();
    await expectUsable(page);
    await lead.getByRole('link', { name: new RegExp(`^Vínculos de ${caseOf(a1)}`) }).click();

    await page.getByRole('heading', { name: 'Vínculos', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Mismo poseedor: 1 aseguramiento', level: 3 }).waitFor();
    const serial = page.getByRole('region', { name: 'Números de serie casi consecutivos' });
    await serial.getByRole('heading', { name: 'Números de serie casi consecutivos: 2 aseguramientos' }).waitFor();
    const serialLines = await serial.locator('.link-item').allInnerTexts();
    expect(serialLines[0]).toContain(caseOf(a2));
    expect(serialLines[0]).toContain('Números de serie a 2 de distancia, modelo M4 Carbine');
    expect(serialLines[0]).toContain('Vínculo fuerte');
    expect(serialLines[1]).toContain(caseOf(a3));
    expect(serialLines[1]).toContain('Números de serie a 8 de distancia');
    expect(serialLines[1]).toContain('Vínculo medio');
    // a3 was bought weeks before its recovery: a short time to crime.
    expect(serialLines[1]).toContain('Poco tiempo entre compra y delito');
    const place = page.getByRole('region', { name: 'Asegurados cerca y con pocos días de diferencia' });
    await place.getByText('A 300 m y 2 días de distancia').waitFor();
    expect(await page.getByRole('region', { name: 'Mismo vendedor (FFL)' }).count()).toBe(0);
  });

  it('draws the graph: a labelled picture with a text summary, not blank', async () => {
    const graph = page.getByRole('img', { name: /^Gráfica de los vínculos/ });
    await graph.locator('canvas').first().waitFor();
    expect(await graphCounts(page, 'es')).toEqual({ Aseguramientos: 4, Personas: 1, Vendedores: 0, Armas: 3, Vínculos: 4 });
    await expect.poll(() => drawnPixels(page)).toBeGreaterThan(500);
    await graph.screenshot({ path: path.join(OUTPUT, 'links-graph-es.png') });
    await expectUsable(page);
  });

  it('downloads the edges as a CSV that parses, and the graph as a PNG', async () => {
    const csv = await downloaded(page, 'Descargar los vínculos (CSV)');
    expect(csv.suggestedFilename()).toBe(`traceready-vinculos-${a1.id.slice(0, 8)}.csv`);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((row) => `${row.to_record}|${row.reason}|${row.strength}|${row.serial_distance}`).sort()).toEqual(
      [`${a2.id}|person|strong|`, `${a2.id}|serial|strong|2`, `${a3.id}|serial|medium|8`, `${a4.id}|place|weak|`].sort(),
    );
    expect(rows.every((row) => row.from_record === a1.id)).toBe(true);
    await page.getByRole('status').filter({ hasText: `Descargado: traceready-vinculos-${a1.id.slice(0, 8)}.csv` }).waitFor();

    const png = await downloaded(page, 'Descargar la gráfica (PNG)');
    expect(png.suggestedFilename()).toBe(`traceready-grafica-vinculos-${a1.id.slice(0, 8)}.png`);
    const bytes = readFileSync(await png.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(2000);
  });

  it('expanding a seizure adds its own links: the dealer and a seizure two steps out', async () => {
    await page.getByRole('button', { name: new RegExp(`^Agregar sus vínculos a la gráfica: ${caseOf(a3)}`) }).click();
    await page.getByRole('heading', { name: new RegExp(`^Vínculos de ${caseOf(a3)}`), level: 2 }).waitFor();
    await expect.poll(() => graphCounts(page, 'es')).toMatchObject({ Aseguramientos: 5, Vendedores: 1 });
    const dealer = page.getByRole('region', { name: 'Mismo vendedor (FFL)' });
    await dealer.getByText(`Vendida por la armería FFL ${FFL}; poco tiempo entre compra y delito en ambas`).first().waitFor();
    expect(await dealer.locator('.link-item').allInnerTexts()).toEqual([expect.stringContaining(caseOf(a5)), expect.stringContaining(caseOf(a4))]);
    // a5 is two steps out: it cannot be expanded further.
    expect(await page.getByRole('button', { name: new RegExp(`^Agregar sus vínculos a la gráfica: ${caseOf(a5)}`) }).count()).toBe(0);
    await graphCountsStable(page);
    await page.locator('.link-graph').screenshot({ path: path.join(OUTPUT, 'links-graph-expanded-es.png') });
    await expectUsable(page);
  });

  it('a reason filter narrows the view to that reason', async () => {
    await page.getByRole('checkbox', { name: 'Números de serie casi consecutivos', exact: true }).check();
    await page.getByRole('button', { name: 'Aplicar filtros', exact: true }).click();
    await expect.poll(() => graphCounts(page, 'es').catch(() => ({}))).toMatchObject({ Aseguramientos: 3, Personas: 0 });
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Números de serie casi consecutivos: 2 aseguramientos']);
    await page.context().close();
  });

  it('reads in English, and a search hit opens the firearm\'s links', async () => {
    page = await phone('en-US', 'en');
    await page.goto(`${server.url}/supervisor/links/seizures/${a1.id}`);
    await unlock(page, 'en');
    await page.getByRole('heading', { name: 'Links', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Same possessor: 1 seizure', level: 3 }).waitFor();
    await page.getByRole('heading', { name: 'Near-consecutive serial numbers: 2 seizures', level: 3 }).waitFor();
    await page.getByText('Serial numbers 2 apart, model M4 Carbine').waitFor();
    await page.getByText('300 m and 2 days apart').waitFor();
    await page.getByRole('img', { name: /^Graph of the links/ }).locator('canvas').first().waitFor();
    await expect.poll(() => drawnPixels(page)).toBeGreaterThan(500);
    await page.getByRole('img', { name: /^Graph of the links/ }).screenshot({ path: path.join(OUTPUT, 'links-graph-en.png') });
    await expectUsable(page);

    await goTo(page, 'Supervisor');
    await field(page, 'Serial number').fill('LW-4419');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page.getByRole('link', { name: 'Links of this firearm', exact: true });
    expect(await hit.getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).innerText())).toMatch(/^LW-4419 · /);
    await hit.click();
    await page.getByText('Links of one firearm', { exact: false }).waitFor();
    // The firearm's own keys only: its serial series (a1 two apart, a3 six apart), no person.
    await page.getByRole('heading', { name: 'Near-consecutive serial numbers: 2 seizures', level: 3 }).waitFor();
    expect(await page.getByRole('heading', { name: /^Same possessor/ }).count()).toBe(0);
    await expectUsable(page);
  });
});

/** Waits until the graph's summary stops changing (the layout has run on the last answer). */
async function graphCountsStable(page: Page): Promise<void> {
  let last = '';
  await expect.poll(async () => {
    const now = JSON.stringify(await graphCounts(page, 'es'));
    const same = now === last;
    last = now;
    return same;
  }).toBe(true);
}
