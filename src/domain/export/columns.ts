/**
 * The export's column table (docs/exports.md): one row per firearm, its seizure's fields
 * repeated on each. Column names are stable English snake_case, whatever the language of the
 * export; only the `_label` columns change with it. A field added to the record is one line
 * here (and one in docs/exports.md, which a test keeps complete).
 *
 * Codes are written as stored (INEGI state and municipio, ISO 3166 country, catalogue codes) and,
 * where a person reads them, followed by a label column in the chosen language. The labels come
 * from the domain's own data (vocab/), so the server writes the same words as the app.
 */
import { findCrimeCode } from '../vocab/crimes';
import type { Firearm, Seizure } from '../schema';
import type { TraceStatus } from '../trace-status';
import {
  findCaliber,
  findCountry,
  findMaker,
  findMxState,
  findUsState,
  vocabLabel,
  type Lang,
  type MunicipalityCatalogue,
  type VocabList,
} from '../vocab';

/** One cell: null is an empty value (an empty CSV field, JSON null). */
export type Cell = string | number | boolean | null;

/** What one row is made from: a firearm of a seizure, and who shares that seizure with us. */
export interface ExportSource {
  seizure: Seizure;
  firearm: Firearm;
  /** The agency that shares this record with the exporting one; absent for its own records. */
  sharedBy?: string;
  /** The firearm's trace status; absent when none was recorded (not requested). */
  trace?: TraceStatus;
}

export interface ExportContext {
  lang: Lang;
  /** For municipio names; the app loads it lazily, the server imports it. */
  municipalities: MunicipalityCatalogue;
}

export interface Column {
  name: string;
  cell(source: ExportSource, ctx: ExportContext): Cell;
}

type Get = (source: ExportSource, ctx: ExportContext) => Cell | undefined;

/**
 * A catalogue lookup normalises its text each time; an export asks the same few makers and
 * calibres thousands of times, so the answers are kept (a bounded map: typed text is open-ended).
 */
function remembered<T>(lookup: (value: string) => T): (value: string | undefined) => T | undefined {
  const known = new Map<string, T>();
  return (value) => {
    if (value === undefined) return undefined;
    if (known.has(value)) return known.get(value);
    if (known.size >= 10_000) known.clear();
    const found = lookup(value);
    known.set(value, found);
    return found;
  };
}
const caliberOf = remembered(findCaliber);
const makerOf = remembered(findMaker);

const column = (name: string, get: Get): Column => ({ name, cell: (source, ctx) => get(source, ctx) ?? null });
const ofSeizure = (name: string, get: (seizure: Seizure) => Cell | undefined): Column => column(name, ({ seizure }) => get(seizure));
const ofFirearm = (name: string, get: (firearm: Firearm) => Cell | undefined): Column => column(name, ({ firearm }) => get(firearm));

/** A code and, after it, its label in the export's language (`<name>_label`). */
function coded(name: string, code: (source: ExportSource) => string | undefined, label: (code: string, ctx: ExportContext, source: ExportSource) => string | undefined): Column[] {
  return [
    column(name, (source) => code(source)),
    column(`${name}_label`, (source, ctx) => {
      const value = code(source);
      return value === undefined ? undefined : label(value, ctx, source);
    }),
  ];
}

/** A code of one of the fixed lists (vocab/labels.ts) with its label. */
const listed = (name: string, list: VocabList, code: (source: ExportSource) => string | undefined): Column[] =>
  coded(name, code, (value, { lang }) => vocabLabel(list, value, lang));

const countryName = (code: string, { lang }: ExportContext) => findCountry(code)?.name[lang];

/** A Mexican state is an INEGI code, a US one a USPS code; the recovery country says which. */
function stateName(code: string, { lang }: ExportContext, { seizure }: ExportSource): string | undefined {
  if (seizure.recovery.country === 'MX') return findMxState(code)?.name;
  if (seizure.recovery.country === 'US') return findUsState(code)?.name[lang];
  return undefined;
}

const firstPossessor = (seizure: Seizure) => seizure.possessors[0];
const linkedTotal = (rows: readonly { quantity?: number | undefined; linkedItem?: number | undefined }[], item: number): number | undefined => {
  const linked = rows.filter((row) => row.linkedItem === item);
  return linked.length === 0 ? undefined : linked.reduce((sum, row) => sum + (row.quantity ?? 0), 0);
};

// The table. Order is the file's column order; names never change once released (docs/exports.md).
const TABLE: readonly (Column | Column[])[] = [
  ofSeizure('seizure_id', (s) => s.id),
  ofSeizure('seizure_revision', (s) => s.revision),
  ofSeizure('seizure_status', (s) => s.status),
  column('shared_by', ({ sharedBy }) => sharedBy),
  ofSeizure('agency_code', (s) => s.agency.code),
  ofSeizure('agency_ori', (s) => s.agency.ori),
  ofSeizure('case_number', (s) => s.agency.caseNumber),
  ofSeizure('officer_first_name', (s) => s.agency.officer.firstName),
  ofSeizure('officer_last_name', (s) => s.agency.officer.lastName),
  ofSeizure('officer_second_last_name', (s) => s.agency.officer.secondLastName),
  ofSeizure('officer_badge', (s) => s.agency.officer.badge),
  ofSeizure('officer_phone', (s) => s.agency.officer.phone),
  ofSeizure('officer_email', (s) => s.agency.officer.email),
  listed('request_priority', 'priority', ({ seizure }) => seizure.agency.priority),
  ofSeizure('urgent_reason', (s) => s.agency.urgentReason),
  ofSeizure('recovered_at', (s) => s.recovery.occurredAt),
  ofSeizure('recovery_time_zone', (s) => s.recovery.timeZone),
  coded('recovery_country', ({ seizure }) => seizure.recovery.country, countryName),
  coded('recovery_state', ({ seizure }) => seizure.recovery.state, stateName),
  coded('recovery_municipality', ({ seizure }) => seizure.recovery.municipality, (code, { municipalities }) => municipalities.find(code)?.name),
  ofSeizure('recovery_locality', (s) => s.recovery.locality),
  ofSeizure('recovery_street', (s) => s.recovery.street),
  ofSeizure('recovery_ext_number', (s) => s.recovery.extNumber),
  ofSeizure('recovery_int_number', (s) => s.recovery.intNumber),
  ofSeizure('recovery_postal_code', (s) => s.recovery.postalCode),
  ofSeizure('recovery_lat', (s) => s.recovery.geo?.lat),
  ofSeizure('recovery_lon', (s) => s.recovery.geo?.lon),
  ofSeizure('recovery_accuracy_m', (s) => s.recovery.geo?.accuracyM),
  ofSeizure('recovery_position_at', (s) => s.recovery.geo?.fixedAt),
  listed('recovery_no_position', 'geoMissing', ({ seizure }) => seizure.recovery.geoMissing),
  listed('circumstance', 'circumstance', ({ seizure }) => seizure.recovery.circumstance),
  // The catalogue code (or free text typed before the catalogue), its label and its NCIC code.
  coded('crime_code', ({ seizure }) => seizure.recovery.crimeCode, (code, { lang }) => findCrimeCode(code)?.label[lang]),
  ofSeizure('crime_ncic', (s) => findCrimeCode(s.recovery.crimeCode)?.ncic),
  ofSeizure('firearm_count', (s) => s.firearms.length),
  ofFirearm('firearm_id', (f) => f.id),
  ofFirearm('item_number', (f) => f.itemNumber),
  listed('firearm_type', 'firearmType', ({ firearm }) => firearm.type),
  listed('action', 'action', ({ firearm }) => firearm.action),
  ofFirearm('manufacturer', (f) => f.manufacturer),
  ofFirearm('manufacturer_code', (f) => makerOf(f.manufacturer)?.code),
  ofFirearm('importer', (f) => f.importer),
  ofFirearm('importer_code', (f) => makerOf(f.importer)?.code),
  ofFirearm('model', (f) => f.model),
  ofFirearm('caliber', (f) => f.caliber),
  ofFirearm('caliber_code', (f) => caliberOf(f.caliber)?.code),
  column('caliber_label', ({ firearm }, { lang }) => caliberOf(firearm.caliber)?.label[lang]),
  ofFirearm('serial_number', (f) => f.serialNumber),
  listed('serial_status', 'serialStatus', ({ firearm }) => firearm.serialStatus),
  listed('serial_location', 'serialLocation', ({ firearm }) => firearm.serialLocation),
  listed('none_marked_reason', 'noneMarkedReason', ({ firearm }) => firearm.noneMarkedReason),
  coded('country_of_origin', ({ firearm }) => firearm.countryOfOrigin, countryName),
  ofFirearm('privately_made', (f) => f.privatelyMade),
  ofFirearm('converted_to_automatic', (f) => f.convertedToAutomatic),
  ofFirearm('barrel_length_mm', (f) => f.barrelLengthMm),
  ofFirearm('evidence_number', (f) => f.evidenceNumber),
  column('other_markings', ({ firearm }, { lang }) => {
    const markings = firearm.otherMarkings ?? [];
    if (markings.length === 0) return undefined;
    return markings.map((m) => (m.location ? `${m.text} (${vocabLabel('serialLocation', m.location, lang) ?? m.location})` : m.text)).join(' | ');
  }),
  ofFirearm('photo_count', (f) => f.photos?.length ?? 0),
  ofFirearm('firearm_notes', (f) => f.notes),
  // Where the firearm's trace stands (trace-status.ts): a firearm never given a status is not requested.
  listed('trace_status', 'traceState', ({ trace }) => trace?.status ?? 'not_requested'),
  column('trace_requested_at', ({ trace }) => trace?.requestedAt),
  column('trace_request_number', ({ trace }) => trace?.requestNumber),
  column('trace_purchaser_found', ({ trace }) => trace?.result?.purchaserFound),
  column('trace_purchaser_first_name', ({ trace }) => trace?.result?.purchaserFirstName),
  column('trace_purchaser_last_name', ({ trace }) => trace?.result?.purchaserLastName),
  column('trace_purchaser_second_last_name', ({ trace }) => trace?.result?.purchaserSecondLastName),
  column('trace_purchaser_date_of_birth', ({ trace }) => trace?.result?.purchaserDateOfBirth),
  column('trace_dealer_name', ({ trace }) => trace?.result?.dealerName),
  column('trace_dealer_ffl', ({ trace }) => trace?.result?.dealerFfl),
  column('trace_purchase_date', ({ trace }) => trace?.result?.purchaseDate),
  column('trace_time_to_crime_days', ({ trace }) => trace?.result?.timeToCrimeDays),
  listed('trace_not_traced_reason', 'notTracedReason', ({ trace }) => trace?.notTracedReason),
  column('ammunition_quantity', ({ seizure, firearm }) => linkedTotal(seizure.ammunition, firearm.itemNumber)),
  column('magazine_quantity', ({ seizure, firearm }) => linkedTotal(seizure.magazines, firearm.itemNumber)),
  ofSeizure('possessor_count', (s) => s.possessors.length),
  listed('possessor_role', 'possessorRole', ({ seizure }) => firstPossessor(seizure)?.role),
  ofSeizure('possessor_first_name', (s) => firstPossessor(s)?.firstName),
  ofSeizure('possessor_last_name', (s) => firstPossessor(s)?.lastName),
  ofSeizure('possessor_second_last_name', (s) => firstPossessor(s)?.secondLastName),
  ofSeizure('possessor_alias', (s) => firstPossessor(s)?.alias),
  ofSeizure('possessor_date_of_birth', (s) => firstPossessor(s)?.dateOfBirth),
  listed('possessor_id_type', 'idType', ({ seizure }) => firstPossessor(seizure)?.idType),
  ofSeizure('possessor_id_number', (s) => firstPossessor(s)?.idNumber),
  ofSeizure('seizure_notes', (s) => s.notes),
  ofSeizure('entry_language', (s) => s.entryLanguage),
  ofSeizure('vocabulary_version', (s) => s.vocabularyVersion),
  ofSeizure('created_at', (s) => s.createdAt),
  ofSeizure('updated_at', (s) => s.updatedAt),
  ofSeizure('created_by', (s) => s.createdBy),
  ofSeizure('device_id', (s) => s.deviceId),
  ofSeizure('clock_skew_minutes', (s) => s.clockSkew?.minutes),
  ofSeizure('clock_skew_measured_by', (s) => s.clockSkew && (s.clockSkew.measuredBy ?? 'device')),
];

export const EXPORT_COLUMNS: readonly Column[] = TABLE.flat();
export const EXPORT_COLUMN_NAMES: readonly string[] = EXPORT_COLUMNS.map((c) => c.name);

/** Bumped when a column is renamed or removed (adding one is not a break); written into JSON exports. */
export const EXPORT_FORMAT_VERSION = 1;

export type ExportRow = Record<string, Cell>;

/** One row per firearm, in the seizure's firearm order, with every column in table order; `traces` by firearm id. */
export function rowsOf(seizure: Seizure, ctx: ExportContext, sharedBy?: string, traces?: ReadonlyMap<string, TraceStatus>): ExportRow[] {
  return seizure.firearms.map((firearm) => {
    // Only a status filed under this seizure: a firearm id is the device's, not proof of whose it is.
    const trace = traces?.get(firearm.id)?.seizureId === seizure.id ? traces.get(firearm.id) : undefined;
    const source: ExportSource = { seizure, firearm, ...(sharedBy !== undefined && { sharedBy }), ...(trace && { trace }) };
    return Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.name, c.cell(source, ctx)]));
  });
}
