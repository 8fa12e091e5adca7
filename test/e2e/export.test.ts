/**
 * Exports on the phone (docs/exports.md, "On the device"), on the production build with no
 * network: the list as searched and a ticked seizure, as CSV and JSON, in Spanish. The file the
 * browser downloads (Playwright's download event) parses back to the rows the domain's column
 * table makes from the records the phone holds (read around the app, with the PIN); an export
 * of nothing makes no file and says so; every export waits sealed in the export log.
 */
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { EXPORT_COLUMN_NAMES, rowsOf, type ExportRow } from '../../src/domain/export';
import type { Seizure } from '../../src/domain/schema';
import { municipalityCatalogue } from '../../src/domain/vocab/municipalities';
import { launchChromium, phoneContext, screenshotOnFailure } from './support/browser';
import { readDevice } from './support/device-reader';
import { field, recordSeizure, signIn, TEXT, unlock, waitForOfflineReady } from './support/pages';

const t = TEXT.es;
const stamp = Date.now();
// Text that must be quoted in CSV, and accents, in what the officer types.
const CASES = [`EXP-${stamp}-A, Hermosillo`, `EXP-${stamp}-B "Güero"`];
const SERIALS = [`EXA${stamp % 100000}`, `EXB${stamp % 100000}`];

let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  context = await phoneContext(browser, 'es-MX');
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});
afterEach(async (test) => screenshotOnFailure(test, page));

/** The file of one tap on the export button, as saved by the browser. */
async function exportTap(button: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])) as [Download, unknown];
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** The rows the column table makes, in Spanish, from the records as the phone holds them. */
async function expectedRows(caseNumbers: readonly string[]): Promise<ExportRow[]> {
  const device = await readDevice(page);
  const records = (device.seizures as unknown as { record: Seizure }[]).map((row) => row.record).filter((r) => caseNumbers.includes(r.agency.caseNumber ?? ''));
  expect(records).toHaveLength(caseNumbers.length);
  // The list's order: newest first.
  records.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return records.flatMap((record) => rowsOf(record, { lang: 'es', municipalities: municipalityCatalogue }));
}

const asText = (row: ExportRow) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]));

describe('exports on the phone, offline, in Spanish', () => {
  it('records two seizures with no network', async () => {
    await page.goto(inject('baseUrl'));
    await signIn(page, inject('officer').username, inject('officer').password, 'es');
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.reload();
    await unlock(page, 'es');
    // The phone speaks Spanish (es-MX), so the app does from the start.
    await page.getByRole('heading', { name: t.listTitle }).waitFor();
    for (const [i, caseNumber] of CASES.entries()) await recordSeizure(page, 'es', caseNumber, SERIALS[i]!);
    await page.getByRole('heading', { name: t.listTitle }).waitFor();
  });

  it('downloads the list as searched as a CSV that parses back to the same data', async () => {
    await field(page, t.search).fill(`EXP-${stamp}`);
    await expect.poll(() => page.getByRole('link', { name: new RegExp(`EXP-${stamp}`) }).count()).toBe(2);
    const file = await exportTap('Exportar la lista como está filtrada');
    expect(file.name).toMatch(/^traceready-firearms-\d{8}T\d{4}Z\.csv$/);
    expect(file.text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(file.text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(EXPORT_COLUMN_NAMES);
    expect(parsed.data).toEqual((await expectedRows(CASES)).map(asText));
    expect(parsed.data.map((r) => r.case_number).sort()).toEqual([...CASES].sort());
    expect(parsed.data[0]?.firearm_type_label).toBe('Pistola');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Archivo listo' }).textContent()).toContain('Armas: 2; aseguramientos: 2');
  });

  it('downloads only the ticked seizure as JSON', async () => {
    const box = page.getByRole('checkbox', { name: new RegExp(`^Seleccionar para exportar: EXP-${stamp}-B`) });
    await box.check();
    await page.getByRole('radio', { name: 'JSON (para otros sistemas)' }).check();
    const file = await exportTap('Exportar aseguramientos seleccionados (1)');
    expect(file.name).toMatch(/\.json$/);
    const json = JSON.parse(file.text) as { language: string; rows: ExportRow[] };
    expect(json.language).toBe('es');
    expect(json.rows).toEqual(await expectedRows([CASES[1]!]));
    // The selection is cleared once the file is made.
    expect(await box.isChecked()).toBe(false);
  });

  it('says so, and makes no file, when nothing matches', async () => {
    await field(page, t.search).fill('NO-EXISTE-9Z9Z9Z');
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Exportar la lista como está filtrada' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'No hay nada que exportar' }).count()).toBe(1);
    expect(downloads).toBe(0);
  });

  it('keeps both exports sealed in the export log until the next sync', async () => {
    const entries = await page.evaluate(
      () =>
        new Promise<{ count: number; raw: string }>((resolve, reject) => {
          const request = indexedDB.open('traceready');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const get = request.result.transaction('exportLog').objectStore('exportLog').getAll();
            get.onsuccess = () => {
              const bytes = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v);
              resolve({ count: get.result.length, raw: JSON.stringify(get.result, (_k, v: unknown) => bytes(v)) });
              request.result.close();
            };
          };
        }),
    );
    expect(entries.count).toBe(2);
    expect(entries.raw).not.toContain(`EXP-${stamp}`);
  });
});
