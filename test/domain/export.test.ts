import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMN_NAMES, exportFile, exportFileName, rowsOf, type ExportContext, type ExportRow } from '../../src/domain/export';
import type { Seizure } from '../../src/domain/schema';
import { municipalityCatalogue } from '../../src/domain/vocab/municipalities';
import { IDS, validSeizure, validSpanishSeizure } from './fixtures';

const es: ExportContext = { lang: 'es', municipalities: municipalityCatalogue };
const en: ExportContext = { lang: 'en', municipalities: municipalityCatalogue };

/** The Sonora seizure with every optional field filled, so every column has a value to check. */
function fullSeizure(): Seizure {
  const base = validSpanishSeizure({ revision: 3, notes: 'Aseguramiento en retén, km 12' });
  const [rifle, pistol] = base.firearms as [Seizure['firearms'][0], Seizure['firearms'][0]];
  return {
    ...base,
    agency: {
      ...base.agency,
      ori: 'MX026013A',
      priority: 'urgent',
      urgentReason: 'Arma usada en un homicidio',
      officer: { ...base.agency.officer, phone: '(662) 555 0100', email: 'mg.perez@fgr.example.mx' },
    },
    recovery: { ...base.recovery, intNumber: '4-B', geo: { lat: 29.0729, lon: -110.9559, accuracyM: 8, fixedAt: '2026-11-28T10:25:00.000Z' }, crimeCode: 'MX_PORTACION_EXCLUSIVO' },
    firearms: [
      {
        ...rifle,
        privatelyMade: false,
        convertedToAutomatic: true,
        barrelLengthMm: 415,
        otherMarkings: [{ text: 'CAI ST. ALBANS VT', location: 'receiver' }, { text: 'WASR-10' }],
        photos: [IDS.photo],
        notes: 'Culata con "cinta", rota\nsegunda línea',
      },
      { ...pistol, serialNumber: undefined, serialStatus: 'none_marked', noneMarkedReason: 'privately_made' },
    ],
  };
}

// Every column of the first row (the rifle) of fullSeizure, in Spanish.
const RIFLE_ES: ExportRow = {
  seizure_id: IDS.seizureEs,
  seizure_revision: 3,
  seizure_status: 'ready',
  shared_by: 'SEDENA',
  agency_code: 'FGR',
  agency_ori: 'MX026013A',
  case_number: 'FED/SON/HMO/0001234/2026',
  officer_first_name: 'María Guadalupe',
  officer_last_name: 'Pérez',
  officer_second_last_name: 'Núñez',
  officer_badge: 'AFI-2231',
  officer_phone: '(662) 555 0100',
  officer_email: 'mg.perez@fgr.example.mx',
  request_priority: 'urgent',
  request_priority_label: 'Urgente',
  urgent_reason: 'Arma usada en un homicidio',
  recovered_at: '2026-11-28T03:30:00-07:00',
  recovery_time_zone: 'America/Hermosillo',
  recovery_country: 'MX',
  recovery_country_label: 'México',
  recovery_state: '26',
  recovery_state_label: 'Sonora',
  recovery_municipality: '26030',
  recovery_municipality_label: 'Hermosillo',
  recovery_locality: 'Col. Centro',
  recovery_street: 'Blvd. Luis Encinas',
  recovery_ext_number: 'S/N',
  recovery_int_number: '4-B',
  recovery_postal_code: '83000',
  recovery_lat: 29.0729,
  recovery_lon: -110.9559,
  recovery_accuracy_m: 8,
  recovery_position_at: '2026-11-28T10:25:00.000Z',
  recovery_no_position: null,
  recovery_no_position_label: null,
  circumstance: 'checkpoint',
  circumstance_label: 'Revisión en punto de control',
  crime_code: 'MX_PORTACION_EXCLUSIVO',
  crime_code_label: 'Portación de arma de uso exclusivo del Ejército, Armada y Fuerza Aérea',
  crime_ncic: '5299',
  firearm_count: 2,
  firearm_id: IDS.firearm1,
  item_number: 1,
  firearm_type: 'rifle',
  firearm_type_label: 'Rifle',
  action: 'semi_automatic',
  action_label: 'Semiautomático',
  manufacturer: 'Cugir',
  manufacturer_code: 'ROMARM',
  importer: 'Century Arms',
  importer_code: 'CENTURY_ARMS',
  model: 'WASR-10',
  caliber: '7.62x39',
  caliber_code: '762X39',
  caliber_label: '7.62×39 mm',
  serial_number: 'AH7439-97',
  serial_status: 'legible',
  serial_status_label: 'Legible',
  serial_location: 'receiver',
  serial_location_label: 'Cajón de mecanismos',
  none_marked_reason: null,
  none_marked_reason_label: null,
  country_of_origin: 'RO',
  country_of_origin_label: 'Rumania',
  privately_made: false,
  converted_to_automatic: true,
  barrel_length_mm: 415,
  evidence_number: null,
  other_markings: 'CAI ST. ALBANS VT (Cajón de mecanismos) | WASR-10',
  photo_count: 1,
  firearm_notes: 'Culata con "cinta", rota\nsegunda línea',
  trace_status: 'not_requested',
  trace_status_label: 'No solicitado',
  trace_requested_at: null,
  trace_request_number: null,
  trace_purchaser_found: null,
  trace_purchaser_first_name: null,
  trace_purchaser_last_name: null,
  trace_purchaser_second_last_name: null,
  trace_purchaser_date_of_birth: null,
  trace_dealer_name: null,
  trace_dealer_ffl: null,
  trace_purchase_date: null,
  trace_time_to_crime_days: null,
  trace_not_traced_reason: null,
  trace_not_traced_reason_label: null,
  ammunition_quantity: 120,
  magazine_quantity: 4,
  possessor_count: 1,
  possessor_role: 'possessor',
  possessor_role_label: 'Poseedor (probable responsable)',
  possessor_first_name: 'José Luis',
  possessor_last_name: 'Ramírez',
  possessor_second_last_name: 'Quintero',
  possessor_alias: 'El Güero',
  possessor_date_of_birth: '1995-03-02',
  possessor_id_type: null,
  possessor_id_type_label: null,
  possessor_id_number: null,
  seizure_notes: 'Aseguramiento en retén, km 12',
  entry_language: 'es',
  vocabulary_version: validSpanishSeizure().vocabularyVersion,
  created_at: '2026-11-28T11:00:00Z',
  updated_at: '2026-11-28T11:00:00Z',
  created_by: 'mperez',
  device_id: 'device-son-07',
  clock_skew_minutes: null,
  clock_skew_measured_by: null,
};

/** A row as CSV holds it: every cell as text, an empty value as "". */
const asText = (row: ExportRow): Record<string, string> => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]));

function parseCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual(EXPORT_COLUMN_NAMES);
  return parsed.data;
}

describe('export columns', () => {
  it('write every column of a firearm row, codes with their Spanish labels', () => {
    const [rifle] = rowsOf(fullSeizure(), es, 'SEDENA');
    expect(Object.keys(RIFLE_ES)).toEqual(EXPORT_COLUMN_NAMES);
    expect(rifle).toEqual(RIFLE_ES);
  });

  it("write each firearm's trace status, only one filed under its own seizure", () => {
    const seizure = fullSeizure();
    const [rifle, second] = seizure.firearms;
    const traced = {
      firearmId: rifle!.id,
      seizureId: seizure.id,
      status: 'traced' as const,
      requestedAt: '2026-11-29',
      requestNumber: 'T20260012345',
      result: { purchaserFound: true, purchaserFirstName: 'Rubén', purchaserLastName: 'Ochoa', purchaserDateOfBirth: '1990-05-01', dealerName: 'Guns & Co, "Tucson"', dealerFfl: '1-23-456-78-9A-12345', purchaseDate: '2025-11-28', timeToCrimeDays: 365 },
      updatedAt: '2026-11-30T10:00:00Z',
    };
    const elsewhere = { firearmId: second?.id ?? 'none', seizureId: crypto.randomUUID(), status: 'not_traced' as const, requestedAt: '2026-11-29', notTracedReason: 'obliterated_serial' as const, updatedAt: '2026-11-30T10:00:00Z' };
    const rows = rowsOf(seizure, es, undefined, new Map([traced, elsewhere].map((t) => [t.firearmId, t])));
    expect(rows[0]).toMatchObject({
      trace_status: 'traced',
      trace_status_label: 'Rastreado',
      trace_requested_at: '2026-11-29',
      trace_request_number: 'T20260012345',
      trace_purchaser_found: true,
      trace_purchaser_first_name: 'Rubén',
      trace_purchaser_last_name: 'Ochoa',
      trace_purchaser_second_last_name: null,
      trace_purchaser_date_of_birth: '1990-05-01',
      trace_dealer_name: 'Guns & Co, "Tucson"',
      trace_dealer_ffl: '1-23-456-78-9A-12345',
      trace_purchase_date: '2025-11-28',
      trace_time_to_crime_days: 365,
      trace_not_traced_reason: null,
    });
    expect(rows[1]).toMatchObject({ trace_status: 'not_requested', trace_not_traced_reason: null });
  });

  it('change only the label columns with the language', () => {
    const [rifle] = rowsOf(fullSeizure(), en, 'SEDENA');
    const changed = Object.keys(RIFLE_ES).filter((name) => rifle?.[name] !== RIFLE_ES[name]);
    expect(changed.every((name) => name.endsWith('_label') || name === 'other_markings')).toBe(true);
    expect(rifle).toMatchObject({
      recovery_country_label: 'Mexico',
      circumstance_label: 'Checkpoint',
      action_label: 'Semi-automatic',
      serial_location_label: 'Receiver',
      country_of_origin_label: 'Romania',
      possessor_role_label: 'Possessor',
      other_markings: 'CAI ST. ALBANS VT (Receiver) | WASR-10',
      // Proper nouns and catalogue names are the same in both languages.
      recovery_state_label: 'Sonora',
      recovery_municipality_label: 'Hermosillo',
      caliber_label: '7.62×39 mm',
    });
  });

  it('make one row per firearm, with the seizure fields repeated', () => {
    const rows = rowsOf(fullSeizure(), es);
    expect(rows.map((r) => [r.item_number, r.firearm_id, r.serial_number])).toEqual([
      [1, IDS.firearm1, 'AH7439-97'],
      [2, IDS.firearm2, null],
    ]);
    for (const name of ['seizure_id', 'case_number', 'recovered_at', 'recovery_municipality', 'possessor_last_name', 'seizure_notes'] as const) {
      expect(rows[1]?.[name]).toBe(rows[0]?.[name]);
    }
    expect(rows[1]).toMatchObject({ serial_status: 'none_marked', none_marked_reason: 'privately_made', none_marked_reason_label: 'Arma hechiza (fabricación casera)', shared_by: null });
    // Nothing of item 1 is linked to item 2.
    expect(rows[1]).toMatchObject({ ammunition_quantity: null, magazine_quantity: null });
  });

  it('name a US state by its USPS code and name, and leave a code outside the catalogues without a label', () => {
    const [row] = rowsOf(validSeizure({ firearms: [{ ...validSeizure().firearms[0]!, caliber: 'calibre raro', countryOfOrigin: 'ZZ' }] }), es);
    expect(row).toMatchObject({ recovery_state: 'AZ', recovery_state_label: 'Arizona', recovery_municipality: null, recovery_municipality_label: null });
    expect(row).toMatchObject({ caliber: 'calibre raro', caliber_code: null, caliber_label: null, country_of_origin: 'ZZ', country_of_origin_label: null });
  });

  it('keep a stored date and time with its offset', () => {
    const [row] = rowsOf(fullSeizure(), es);
    for (const name of ['recovered_at', 'created_at', 'updated_at'] as const) expect(row?.[name]).toMatch(/T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
  });
});

describe('CSV', () => {
  const rows = [...rowsOf(fullSeizure(), es, 'SEDENA'), ...rowsOf(validSeizure(), es)];
  const csv = exportFile('csv', 'es', rows);

  it('starts with a byte-order mark and the header, and ends every line with CRLF', () => {
    expect(csv.startsWith(`\uFEFF${EXPORT_COLUMN_NAMES.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // The only bare LF is the one inside the quoted notes.
    expect(csv.replace(/\r\n/g, '').match(/\n/g)).toHaveLength(1);
  });

  it('quotes commas, quotes and newlines as RFC 4180 says, and keeps accents', () => {
    expect(csv).toContain('"Culata con ""cinta"", rota\nsegunda línea"');
    expect(csv).toContain(',"Aseguramiento en retén, km 12",');
    expect(csv).toContain(',Revisión en punto de control,');
    expect(csv).toContain(',El Güero,');
  });

  it('writes an empty value as an empty field', () => {
    const [, pistol] = parseCsv(csv);
    expect(pistol?.serial_number).toBe('');
    expect(pistol?.firearm_notes).toBe('');
  });

  it('parses back to the same data, one row per firearm', () => {
    expect(parseCsv(csv)).toEqual(rows.map(asText));
  });

  it('escapes text a spreadsheet would run as a formula, never numbers', () => {
    const [row] = rowsOf(validSeizure({ notes: '=HYPERLINK("http://x")', recovery: { ...validSeizure().recovery, geo: { lat: -31.3, lon: -110.9 } } }), en);
    const [back] = parseCsv(exportFile('csv', 'en', [row!]));
    expect(back?.seizure_notes).toBe('\'=HYPERLINK("http://x")');
    expect(back?.recovery_lat).toBe('-31.3');
  });

  it('of nothing is the header alone', () => {
    expect(exportFile('csv', 'en', [])).toBe(`\uFEFF${EXPORT_COLUMN_NAMES.join(',')}\r\n`);
  });
});

describe('JSON', () => {
  it('holds one object per firearm with every column, null where empty, and parses back to the same data', () => {
    const rows = [...rowsOf(fullSeizure(), es, 'SEDENA'), ...rowsOf(validSeizure(), es)];
    const file = JSON.parse(exportFile('json', 'es', rows)) as { format: string; version: number; language: string; columns: string[]; rows: ExportRow[] };
    expect(file).toMatchObject({ format: 'traceready-firearms', version: 1, language: 'es', columns: EXPORT_COLUMN_NAMES });
    expect(file.rows).toEqual(rows);
    expect(file.rows[1]?.serial_number).toBeNull();
  });

  it('of nothing has no rows', () => {
    expect(JSON.parse(exportFile('json', 'en', []))).toMatchObject({ rows: [] });
  });
});

it('names the file by format and UTC minute', () => {
  expect(exportFileName('csv', new Date('2026-11-28T14:30:59Z'))).toBe('traceready-firearms-20261128T1430Z.csv');
});

it('docs/exports.md documents every column', () => {
  const doc = readFileSync(new URL('../../docs/exports.md', import.meta.url), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]));
  expect(EXPORT_COLUMN_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  expect([...documented].filter((name) => !EXPORT_COLUMN_NAMES.includes(name!))).toEqual([]);
});
