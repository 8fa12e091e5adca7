/**
 * Issue 14 item 1 in the browser, in each language, with no network at all: an officer records a
 * seizure of two firearms with the trace request's own fields (ORI, priority, crime, phone,
 * e-mail), opens its trace request from the detail screen and finds every field under its Form
 * 3312.1 label; printed, each firearm is a page of its own without the app around it; the PDF is
 * made on the phone and holds each serial on its own page; a PDF that cannot be made says so and
 * changes nothing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { pdfPageTexts } from '../support/pdf-text';
import { allA11yViolations } from './support/axe';
import { launchChromium, PHONE_TIME_ZONE, phoneContext, screenshotOnFailure } from './support/browser';
import { field, firearmCard, pick, signIn, TEXT, unlock, waitForOfflineReady, type Lang } from './support/pages';

const OUTPUT = path.resolve(import.meta.dirname, '../../test-results');

/** An hour ago on the phone's clock, as typed in each language (a day-old recovery would warn). */
function anHourAgo(lang: Lang): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: PHONE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const part = Object.fromEntries(format.formatToParts(new Date(Date.now() - 3_600_000)).map((p) => [p.type, p.value]));
  return `${lang === 'es' ? `${part.day}/${part.month}` : `${part.month}/${part.day}`}/${part.year} ${part.hour}:${part.minute}`;
}

const FORM = {
  es: {
    ori: 'ORI', priority: 'Prioridad del rastreo', urgentReason: 'Motivo de la urgencia', badge: 'Número de placa o gafete', phone: 'Teléfono del elemento',
    email: 'Correo electrónico del elemento', locality: 'Localidad o colonia', street: 'Calle', extNumber: 'Número exterior', postalCode: 'Código postal',
    circumstance: 'Circunstancia del aseguramiento', crime: 'Delito', serialLocation: 'Dónde se leyó la matrícula', action: 'Sistema de funcionamiento',
    people: 'Personas (0)', addPerson: 'Agregar una persona', role: 'Calidad', firstName: 'Nombre(s)', lastName: 'Apellido paterno', alias: 'Alias o apodo',
    open: 'Solicitud de rastreo (forma ATF 3312.1)', title: 'Solicitudes de rastreo', makePdf: 'Generar PDF',
  },
  en: {
    ori: 'ORI', priority: 'Trace priority', urgentReason: 'Reason it is urgent', badge: 'Badge number', phone: "Officer's phone",
    email: "Officer's e-mail", locality: 'City, locality or neighborhood', street: 'Street', extNumber: 'Street number', postalCode: 'ZIP or postal code',
    circumstance: 'How it was seized', crime: 'Crime', serialLocation: 'Where the serial was read', action: 'Action',
    people: 'People (0)', addPerson: 'Add a person', role: 'Role', firstName: 'First name(s)', lastName: 'Last name', alias: 'Alias',
    open: 'Trace request (ATF Form 3312.1)', title: 'Trace requests', makePdf: 'Make PDF',
  },
} as const;

const JOURNEYS = [
  {
    lang: 'es' as Lang, locale: 'es-MX', agency: 'FGR', ori: 'MXFGR0001', reason: 'Detenido en flagrancia; plazo de 48 horas', email: 'ana.ruiz@fgr.org.mx',
    country: ['méx', 'México'], state: ['sono', 'Sonora'], municipality: ['hermo', 'Hermosillo'], locality: 'Col. Centro', street: 'Blvd. Luis Encinas', extNumber: 'S/N', postalCode: '83000',
    crime: 'Portación de arma de uso exclusivo del Ejército, Armada y Fuerza Aérea', gun1Country: ['estados', 'Estados Unidos'], gun2Country: ['ruma', 'Rumania'],
    noSpace: 'No queda espacio suficiente en este dispositivo para generar el PDF. No se modificó nada',
    expected: (caseNumber: string, when: string) => ({
      shared: [
        ['Prioridad', 'Urgente'], ['Motivo de la urgencia', 'Detenido en flagrancia; plazo de 48 horas'],
        ['Delito (código NCIC)', '5299 – Portación de arma de uso exclusivo del Ejército, Armada y Fuerza Aérea'],
        ['Dependencia o corporación', 'Fiscalía General de la República (FGR)'], ['Identificador de la dependencia (ORI)', 'MXFGR0001'],
        ['Carpeta de investigación o número de caso', caseNumber], ['Nombre del elemento', 'Ruiz, Ana'], ['Número de placa o gafete', 'AFI-2231'],
        ['Teléfono', '+52 662 123 4567'], ['Correo electrónico', 'ana.ruiz@fgr.org.mx'],
        ['Fecha y hora del aseguramiento', `${when} (UTC-07:00, ${PHONE_TIME_ZONE})`], ['País', 'México'], ['Entidad federativa', 'Sonora (26)'],
        ['Municipio o alcaldía', 'Hermosillo (26030)'], ['Localidad o colonia', 'Col. Centro'], ['Calle y número', 'Blvd. Luis Encinas S/N'], ['Código postal', '83000'],
        ['Coordenadas', 'no se registró'], ['Circunstancia del aseguramiento', 'Revisión en punto de control'],
        ['Calidad', 'Poseedor (probable responsable)'], ['Nombre (apellido paterno, materno, nombre)', 'Ramírez, José Luis'], ['Alias o sobrenombre', 'El Güero'],
      ],
      guns: [
        [['Número de indicio', '1'], ['Número de serie (del armazón o cajón de mecanismos)', 'HXK4821'], ['Estado del número de serie (¿limado o borrado?)', 'Legible; limado o borrado: No'],
          ['Dónde se leyó la matrícula', 'Armazón'], ['Marca o fabricante', 'Smith & Wesson'], ['Modelo', 'M&P9'], ['Calibre', /^9 mm Luger/], ['Tipo de arma', 'Pistola'],
          ['Sistema de funcionamiento', 'Semiautomático'], ['País de fabricación', 'Estados Unidos'], ['Importador', 'no se requiere: fabricada en Estados Unidos']],
        [['Número de indicio', '2'], ['Número de serie (del armazón o cajón de mecanismos)', 'PM47113'], ['Dónde se leyó la matrícula', 'Cajón de mecanismos'],
          ['Marca o fabricante', 'Romarm (Cugir)'], ['Modelo', 'WASR-10'], ['Calibre', '7.62×39 mm'], ['Tipo de arma', 'Rifle'], ['País de fabricación', 'Rumania'],
          ['Importador', 'Century International Arms']],
      ],
    }),
  },
  {
    lang: 'en' as Lang, locale: 'en-US', agency: 'CBP', ori: 'AZ0230000', reason: 'Suspect in custody, 48 hours to charge', email: 'ana.ruiz@cbp.dhs.gov',
    country: ['united st', 'United States'], state: ['ariz', 'Arizona'], municipality: undefined, locality: 'Nogales', street: 'W Mariposa Rd', extNumber: '200', postalCode: '85621',
    crime: 'Weapon offense', gun1Country: ['united st', 'United States'], gun2Country: ['roma', 'Romania'],
    noSpace: 'There is not enough storage left on this device to make the PDF. Nothing was changed',
    expected: (caseNumber: string, when: string) => ({
      shared: [
        ['Priority', 'Urgent'], ['Reason for urgent request', 'Suspect in custody, 48 hours to charge'], ['NCIC crime code', '5299 – Weapon offense'],
        ['Requesting agency', 'Customs and Border Protection (CBP)'], ['ORI number', 'AZ0230000'], ['Agency case number', caseNumber], ['Officer name', 'Ruiz, Ana'],
        ['Badge number', 'AFI-2231'], ['Phone', '+52 662 123 4567'], ['E-mail', 'ana.ruiz@cbp.dhs.gov'],
        ['Recovery date and time', `${when} (UTC-07:00, ${PHONE_TIME_ZONE})`], ['Country of recovery', 'United States'], ['State', 'Arizona (AZ)'],
        ['Municipality / county', 'not recorded'], ['Locality / neighborhood', 'Nogales'], ['Street and number', 'W Mariposa Rd 200'], ['ZIP / postal code', '85621'],
        ['GPS position', 'not recorded'], ['How recovered', 'Checkpoint'],
        ['Possessor or associate', 'Possessor'], ['Name (last, second last, first)', 'Ramírez, José Luis'], ['Alias', 'El Güero'],
      ],
      guns: [
        [['Item / evidence number', '1'], ['Serial number (frame or receiver)', 'HXK4821'], ['Serial number status / obliterated', 'Legible; obliterated: No'],
          ['Where the serial was read', 'Frame'], ['Manufacturer', 'Smith & Wesson'], ['Model', 'M&P9'], ['Caliber / gauge', /^9 mm Luger/], ['Type of firearm', 'Pistol'],
          ['Action', 'Semi-automatic'], ['Country of manufacture', 'United States'], ['Importer', 'not needed: made in the United States']],
        [['Item / evidence number', '2'], ['Serial number (frame or receiver)', 'PM47113'], ['Where the serial was read', 'Receiver'],
          ['Manufacturer', 'Romarm (Cugir)'], ['Model', 'WASR-10'], ['Caliber / gauge', '7.62×39 mm'], ['Type of firearm', 'Rifle'], ['Country of manufacture', 'Romania'],
          ['Importer', 'Century International Arms']],
      ],
    }),
  },
] as const;

/** Each line of each sheet as the page renders it: [label in the officer's language, English label beside it, value]. */
function renderedLines(page: Page): Promise<[string, string, string][][]> {
  return page.locator('.trace-sheet').evaluateAll((sheets) =>
    sheets.map((sheet) =>
      [...sheet.querySelectorAll('.trace-line')].map((line): [string, string, string] => {
        const dt = line.querySelector('dt')?.cloneNode(true) as HTMLElement;
        const english = dt.querySelector('.trace-en')?.textContent ?? '';
        dt.querySelectorAll('.trace-en, .trace-ref').forEach((e) => e.remove());
        return [dt.textContent ?? '', english, (line.querySelector('dd') as HTMLElement).innerText];
      }),
    ),
  );
}

/** The device's stored rows, sealed as they are: equal before and after means nothing was written. */
const storedRows = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const request = indexedDB.open('traceready');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const tx = request.result.transaction(['seizures', 'outbox'], 'readonly');
          const rows = [tx.objectStore('seizures').getAll(), tx.objectStore('outbox').getAll()];
          tx.oncomplete = () => {
            resolve(JSON.stringify(rows.map((r) => r.result), (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v).join(',') : v)));
            request.result.close();
          };
        };
      }),
  );

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(OUTPUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe.each(JOURNEYS)('the trace request in $lang, offline', (journey) => {
  const t = TEXT[journey.lang];
  const f = FORM[journey.lang];
  const caseNumber = `TR-${journey.lang.toUpperCase()}-${Date.now()}`;
  const when = anHourAgo(journey.lang);
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser, journey.locale);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(async (test) => screenshotOnFailure(test, page));

  it('signs in once online, then works with no network at all', async () => {
    const officer = inject('officer');
    await page.goto(inject('baseUrl'));
    await signIn(page, officer.username, officer.password, journey.lang);
    await waitForOfflineReady(page);
    await context.setOffline(true);
    await page.reload();
    await unlock(page, journey.lang);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(t.listTitle);
  });

  it('records a seizure of two firearms with the request fields, each found by its label', async () => {
    await page.getByRole('link', { name: t.newSeizure, exact: true }).click();
    await field(page, t.agency).selectOption(journey.agency);
    await field(page, t.caseNumber).fill(caseNumber);
    await field(page, f.ori).fill(journey.ori);
    await field(page, f.priority).selectOption('urgent');
    await field(page, f.urgentReason).fill(journey.reason);
    await field(page, t.officerFirstName).fill('Ana');
    await field(page, t.officerLastName).fill('Ruiz');
    await field(page, f.badge).fill('AFI-2231');
    await field(page, f.phone).fill('+52 662 123 4567');
    await field(page, f.email).fill(journey.email);
    await field(page, t.occurredAt).fill(when);
    await pick(page, t.country, journey.country[0], journey.country[1]);
    await pick(page, t.state, journey.state[0], journey.state[1]);
    if (journey.municipality) await pick(page, t.municipality, journey.municipality[0], journey.municipality[1]);
    await field(page, f.locality).fill(journey.locality);
    await field(page, f.street).fill(journey.street);
    await field(page, f.extNumber).fill(journey.extNumber);
    await field(page, f.postalCode).fill(journey.postalCode);
    await field(page, f.circumstance).selectOption('checkpoint');
    await field(page, f.crime).selectOption({ label: journey.crime });

    const gun1 = firearmCard(page, journey.lang, 1);
    await field(gun1, t.type).selectOption('pistol');
    await pick(gun1, t.manufacturer, 'S&W', 'Smith & Wesson');
    await field(gun1, t.model).fill('M&P9');
    await pick(gun1, t.caliber, '9mm', /9 mm Luger/);
    await field(gun1, t.serialNumber).fill('HXK4821');
    await field(gun1, f.serialLocation).selectOption('frame');
    await pick(gun1, t.countryOfOrigin, journey.gun1Country[0], journey.gun1Country[1]);
    await field(gun1, f.action).selectOption('semi_automatic');

    await page.getByRole('button', { name: t.addFirearm }).click();
    const gun2 = firearmCard(page, journey.lang, 2);
    await field(gun2, t.type).selectOption('rifle');
    await pick(gun2, t.manufacturer, 'cugir', /Cugir/);
    await field(gun2, t.model).fill('WASR-10');
    await pick(gun2, t.caliber, '7.62x39', /7\.62×39/);
    await field(gun2, t.serialNumber).fill('PM47113');
    await field(gun2, f.serialLocation).selectOption('receiver');
    await pick(gun2, t.countryOfOrigin, journey.gun2Country[0], journey.gun2Country[1]);
    await pick(gun2, t.importer, 'century', /Century International Arms/);

    await page.locator('summary', { hasText: f.people }).click();
    await page.getByRole('button', { name: f.addPerson }).click();
    await field(page, f.role).selectOption('possessor');
    await field(page, f.firstName).fill('José Luis');
    await field(page, f.lastName).fill('Ramírez');
    await field(page, f.alias).fill('El Güero');

    await page.getByRole('button', { name: t.saveReady }).click();
    await page.getByRole('status').filter({ hasText: t.savedReady }).waitFor();
  });

  it('opens the trace request from the detail screen: every field under its 3312.1 label, one sheet per firearm', async () => {
    await page.getByRole('link', { name: f.open }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(f.title);
    const expected = journey.expected(caseNumber, when);
    const sheets = await renderedLines(page);
    expect(sheets).toHaveLength(2);
    sheets.forEach((lines, i) => {
      const byLabel = new Map(lines.map(([label, , value]) => [label, value]));
      for (const [label, value] of [...expected.shared, ...(expected.guns[i] ?? [])] as [string, string | RegExp][]) {
        expect(byLabel.get(label), `${label} on sheet ${i + 1}`).toMatch(typeof value === 'string' ? new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : value);
      }
      // In Spanish the NTC's English field name is beside every label; in English it is not repeated.
      expect(lines.filter(([, english]) => (journey.lang === 'es' ? english === '' : english !== ''))).toEqual([]);
    });
    const headers = await page.locator('.trace-page-header').allInnerTexts();
    expect(headers.map((h) => h.replace(/\s+/g, ' '))).toEqual([expect.stringContaining(caseNumber), expect.stringContaining(caseNumber)]);
    expect(headers[1]).toMatch(journey.lang === 'es' ? /Indicio 2/ : /Item 2/);
    expect(await allA11yViolations(page)).toEqual([]);
  });

  it('prints one firearm per page, without the app around it', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: f.makePdf }).isVisible()).toBe(false);
      expect(await page.locator('.trace-sheet').evaluateAll((sheets) => sheets.map((s) => getComputedStyle(s).breakAfter))).toEqual(['page', 'auto']);
      await page.screenshot({ path: path.join(OUTPUT, `trace-request-print-${journey.lang}.png`), fullPage: true });
      const printed = await page.pdf({ preferCSSPageSize: true, path: path.join(OUTPUT, `trace-request-print-${journey.lang}.pdf`) });
      expect((await PDFDocument.load(printed)).getPageCount()).toBe(2);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('makes the PDF on the phone, offline: one page per firearm, each with its serial', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: f.makePdf }).click()]);
    const pages = await pdfPageTexts(readFileSync(await download.path()));
    expect(pages).toHaveLength(2);
    expect([pages[0]?.includes('HXK4821'), pages[0]?.includes('PM47113'), pages[1]?.includes('PM47113')]).toEqual([true, false, true]);
    expect(pages[1]).toContain(caseNumber);
    expect(pages[0]).toContain(journey.lang === 'es' ? 'Fiscalía General de la República' : 'Customs and Border Protection');
  });

  it('a PDF that cannot be made (no space left) says so and changes nothing', async () => {
    const before = await storedRows(page);
    await page.evaluate(() => {
      URL.createObjectURL = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.getByRole('button', { name: f.makePdf }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(journey.noSpace);
    expect(await storedRows(page)).toBe(before);
  });
});
