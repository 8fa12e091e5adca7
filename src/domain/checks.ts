/**
 * Seizure-level and cross-field rules (X-H*, X-W*: docs/domain-rules.md#cross-field-errors), run on
 * the whole record. Errors block "ready" but never a draft save; warnings ask the officer to
 * confirm. The same function runs in the form as the officer types and on the server for every
 * record it receives.
 */
import { findAgency } from './agencies';
import { geoIssues } from './geo/check';
import type { GeoLocator } from './geo/locator';
import type { Issue } from './issues';
import { checkCurp, curpBirthDate, isIneKey, normalizeIdNumber } from './identity-document';
import { makerKey, serialKey } from './keys';
import { isPlaceholderText } from './placeholders';
import type { Firearm, Possessor, Seizure } from './schema';
import { checkSerial } from './serial';
import { findCaliber } from './vocab/calibers';
import { findCountry } from './vocab/countries';
import { findCrimeCode } from './vocab/crimes';
import { findMaker } from './vocab/makers';
import { findMxState } from './vocab/mexico';
import { searchKey } from './vocab/normalize';
import type { MunicipalityCatalogue } from './vocab/types';
import { findUsState } from './vocab/us-states';

/**
 * Another seizure on this device with the same maker and serial match key (X-W8,
 * docs/domain-rules.md#x-w8).
 */
export interface DeviceDuplicate {
  firearmIndex: number;
  seizureId: string;
  caseNumber?: string | undefined;
  occurredAt?: string | undefined;
}

export interface CheckContext {
  now: Date;
  /** Given when loaded: the catalogue is large, so the app loads it lazily. */
  municipalities?: MunicipalityCatalogue | undefined;
  /** Given when loaded (after a fix): the state boundaries are large too. */
  geo?: GeoLocator | undefined;
  deviceDuplicates?: readonly DeviceDuplicate[] | undefined;
}

const CLOCK_SKEW_MS = 10 * 60 * 1000;
const LATE_ENTRY_MS = 24 * 60 * 60 * 1000;
const UNKNOWN_WORDS = new Set(['unknown', 'unk', 'desconocido', 'desconocida', 'nd', 'sinmarca', 'sinmodelo', 'generico']);

// Companies that mainly import: theirs is the stamp officers most often record as the maker,
// even though they also build a few models themselves (X-W1, docs/domain-rules.md#x-w1).
const IMPORTER_FIRST = new Set(['CENTURY_ARMS', 'AMERICAN_TACTICAL', 'IO_INC']);

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

function requiredIssues(record: Seizure): Issue[] {
  const paths: [string, string | undefined][] = [
    ['agency.code', record.agency.code],
    ['agency.officer.lastName', record.agency.officer.lastName],
    ['agency.officer.firstName', record.agency.officer.firstName],
    ['recovery.occurredAt', record.recovery.occurredAt],
    ['recovery.country', record.recovery.country],
    ['recovery.state', record.recovery.state],
  ];
  record.firearms.forEach((f, i) => {
    paths.push(
      [`firearms.${i}.type`, f.type],
      [`firearms.${i}.manufacturer`, f.manufacturer],
      [`firearms.${i}.model`, f.model],
      [`firearms.${i}.caliber`, f.caliber],
      [`firearms.${i}.serialStatus`, f.serialStatus],
      [`firearms.${i}.countryOfOrigin`, f.countryOfOrigin],
    );
  });
  return paths.filter(([, value]) => isBlank(value)).map(([path]) => ({ path, code: 'required', severity: 'error' }));
}

// NCIC's ORI: nine characters, the state's two letters first (X-H5, docs/domain-rules.md#x-h5).
const ORI_PATTERN = /^[A-Z]{2}[A-Z0-9]{7}$/;
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A number the NTC can dial: 10 digits (Mexico, US) up to E.164's 15, with the usual separators. */
function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE_CHARACTERS.test(value) && digits >= 10 && digits <= 15;
}

function agencyIssues(record: Seizure): Issue[] {
  const issues: Issue[] = [];
  const { code, caseNumber, ori, priority, urgentReason, officer } = record.agency;
  // Blank (whitespace-only) values are "absent": required() covers the code, the rest is optional.
  if (!isBlank(code) && !findAgency(code)) issues.push({ path: 'agency.code', code: 'agency.unknownAgency', severity: 'warning' });
  if (caseNumber && !isBlank(caseNumber) && isPlaceholderText(caseNumber)) {
    issues.push({ path: 'agency.caseNumber', code: 'agency.caseNumberPlaceholder', severity: 'error', params: { value: caseNumber.trim() } });
  }
  if (ori && !isBlank(ori) && !ORI_PATTERN.test(ori.trim().toUpperCase())) {
    issues.push({ path: 'agency.ori', code: 'agency.oriFormat', severity: 'error' });
  }
  if (priority === 'urgent' && isBlank(urgentReason)) {
    issues.push({ path: 'agency.urgentReason', code: 'agency.urgentReasonRequired', severity: 'error' });
  }
  if (officer.phone && !isBlank(officer.phone) && !isPhoneNumber(officer.phone.trim())) {
    issues.push({ path: 'agency.officer.phone', code: 'agency.phoneFormat', severity: 'error' });
  }
  if (officer.email && !isBlank(officer.email) && !EMAIL_PATTERN.test(officer.email.trim())) {
    issues.push({ path: 'agency.officer.email', code: 'agency.emailFormat', severity: 'error' });
  }
  return issues;
}

function recoveryIssues(record: Seizure, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  const r = record.recovery;
  if (r.occurredAt) {
    const at = Date.parse(r.occurredAt);
    if (Number.isNaN(at)) issues.push({ path: 'recovery.occurredAt', code: 'recovery.invalidDate', severity: 'error' });
    else if (at > ctx.now.getTime() + CLOCK_SKEW_MS) issues.push({ path: 'recovery.occurredAt', code: 'recovery.inFuture', severity: 'error' });
    else {
      const lateBy = Date.parse(record.createdAt) - at;
      if (lateBy > LATE_ENTRY_MS) {
        issues.push({ path: 'recovery.occurredAt', code: 'recovery.lateEntry', severity: 'warning', params: { hours: Math.floor(lateBy / 3_600_000) } });
      }
    }
  }

  if (r.country) {
    if (!findCountry(r.country)) issues.push({ path: 'recovery.country', code: 'recovery.unknownCountry', severity: 'error' });
    else if (r.country !== 'MX' && r.country !== 'US') issues.push({ path: 'recovery.country', code: 'recovery.unusualCountry', severity: 'warning' });
  }

  const stateKnown = r.country === 'MX' ? findMxState(r.state) : r.country === 'US' ? findUsState(r.state) : true;
  if (r.state && !stateKnown) issues.push({ path: 'recovery.state', code: 'recovery.unknownState', severity: 'error' });

  if (r.country === 'MX' && r.municipality) {
    // Compare with the catalogue's two-digit code: findMxState accepts "8" for "08".
    const state = findMxState(r.state)?.code ?? r.state;
    if (state && !r.municipality.startsWith(state)) {
      issues.push({ path: 'recovery.municipality', code: 'recovery.municipalityOutsideState', severity: 'error' });
    } else if (ctx.municipalities && !ctx.municipalities.find(r.municipality)) {
      // The catalogue changes as states create municipios: accept, but ask
      // (docs/domain-rules.md#c-7).
      issues.push({ path: 'recovery.municipality', code: 'recovery.unknownMunicipality', severity: 'warning', params: { code: r.municipality } });
    }
  }

  // Free text typed before the catalogue existed is kept and shown, but is no listed value (docs/domain-rules.md#c-8).
  if (r.crimeCode && !isBlank(r.crimeCode) && !findCrimeCode(r.crimeCode)) {
    issues.push({ path: 'recovery.crimeCode', code: 'recovery.crimeCodeNotInList', severity: 'warning', params: { value: r.crimeCode.trim() } });
  }

  if (r.postalCode) {
    const pattern = r.country === 'MX' ? /^\d{5}$/ : r.country === 'US' ? /^\d{5}(-\d{4})?$/ : undefined;
    if (pattern && !pattern.test(r.postalCode.trim())) {
      issues.push({ path: 'recovery.postalCode', code: 'recovery.postalCodeFormat', severity: 'error', params: { country: r.country ?? '' } });
    }
  }
  return issues;
}

function caliberTypeMismatch(f: Firearm): boolean {
  const kind = findCaliber(f.caliber)?.kind;
  if (!kind || !f.type || kind === 'unknown') return false;
  if (kind === 'gauge') return !['shotgun', 'combination', 'frame_receiver', 'other'].includes(f.type);
  if (f.type === 'shotgun') return true;
  if (kind === 'heavy') return ['pistol', 'revolver', 'derringer', 'submachine_gun'].includes(f.type);
  if (kind === 'rimfire') return f.type === 'machine_gun';
  return false;
}

function modelEchoesOtherField(f: Firearm): boolean {
  const model = searchKey(f.model ?? '');
  if (model === '') return false;
  const maker = findMaker(f.manufacturer);
  const makerNames = maker ? [maker.label.en, ...maker.aliases] : [f.manufacturer ?? ''];
  const caliber = findCaliber(f.caliber);
  const caliberNames = caliber ? [caliber.code, caliber.label.en, caliber.label.es, ...caliber.aliases] : [f.caliber ?? ''];
  return [...makerNames, ...caliberNames].some((name) => searchKey(name) === model);
}

function firearmIssues(f: Firearm, i: number): Issue[] {
  const at = (field: string) => `firearms.${i}.${field}`;
  const issues: Issue[] = checkSerial(f.serialNumber, f).issues.map((issue) => ({ ...issue, path: at(issue.path) }));

  if (f.countryOfOrigin) {
    if (!findCountry(f.countryOfOrigin)) issues.push({ path: at('countryOfOrigin'), code: 'firearm.unknownCountry', severity: 'error' });
    else if (f.countryOfOrigin !== 'US' && isBlank(f.importer)) {
      issues.push({ path: at('importer'), code: 'firearm.importerRequired', severity: 'error' });
    }
  }
  const maker = findMaker(f.manufacturer);
  if (maker?.importer && (!maker.manufacturer || IMPORTER_FIRST.has(maker.code))) {
    issues.push({ path: at('manufacturer'), code: 'firearm.manufacturerIsImporter', severity: 'warning', params: { name: maker.label.en } });
  }
  if (caliberTypeMismatch(f)) issues.push({ path: at('caliber'), code: 'firearm.caliberTypeMismatch', severity: 'warning' });
  if (modelEchoesOtherField(f)) issues.push({ path: at('model'), code: 'firearm.modelIsManufacturerOrCaliber', severity: 'warning' });

  for (const field of ['manufacturer', 'model', 'caliber'] as const) {
    // A calibre typed as any alias of the catalogue's UNKNOWN entry ("ilegible", "sin marcar") counts too.
    const unknownCaliber = field === 'caliber' && findCaliber(f.caliber)?.kind === 'unknown';
    if (unknownCaliber || UNKNOWN_WORDS.has(searchKey(f[field] ?? ''))) {
      issues.push({ path: at(field), code: 'firearm.unknownValue', severity: 'warning', params: { field } });
    }
  }
  return issues;
}

/**
 * Items repeated inside one seizure: a duplicate serial (S-H7, docs/domain-rules.md#s-h7; W11,
 * docs/domain-rules.md#w11) or item number.
 */
function withinSeizureIssues(firearms: readonly Firearm[]): Issue[] {
  const issues: Issue[] = [];
  firearms.forEach((f, i) => {
    const earlierItems = firearms.slice(0, i);
    if (earlierItems.some((earlier) => earlier.itemNumber === f.itemNumber)) {
      issues.push({ path: `firearms.${i}.itemNumber`, code: 'firearm.duplicateItemNumber', severity: 'error', params: { item: f.itemNumber } });
    }
    const key = serialKey(f.serialNumber);
    if (key === '') return;
    const sameSerial = earlierItems.filter((earlier) => serialKey(earlier.serialNumber) === key);
    // A true duplicate (same maker and model, S-H7) wins over a same-serial item of another make (W11).
    const duplicate = sameSerial.find(
      (earlier) =>
        makerKey(earlier.manufacturer) === makerKey(f.manufacturer) && searchKey(earlier.model ?? '') === searchKey(f.model ?? ''),
    );
    const other = sameSerial[0];
    if (duplicate) {
      issues.push({ path: `firearms.${i}.serialNumber`, code: 'serial.duplicateInSeizure', severity: 'error', params: { item: duplicate.itemNumber } });
    } else if (other) {
      issues.push({ path: `firearms.${i}.serialNumber`, code: 'serial.sameSerialOtherMaker', severity: 'warning', params: { item: other.itemNumber } });
    }
  });
  return issues;
}

function otherItemIssues(record: Seizure, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  const items = new Set(record.firearms.map((f) => f.itemNumber));
  const rows = [...record.ammunition.map((row, i) => ['ammunition', row, i] as const), ...record.magazines.map((row, i) => ['magazines', row, i] as const)];
  for (const [list, row, i] of rows) {
    if (row.linkedItem !== undefined && !items.has(row.linkedItem)) {
      issues.push({ path: `${list}.${i}.linkedItem`, code: 'item.linkedItemMissing', severity: 'error', params: { item: row.linkedItem } });
    }
  }
  record.ammunition.forEach((row, i) => {
    if ((row.quantity ?? 0) > 10_000) issues.push({ path: `ammunition.${i}.quantity`, code: 'ammunition.unusualQuantity', severity: 'warning', params: { quantity: row.quantity ?? 0 } });
  });
  record.possessors.forEach((p, i) => issues.push(...idDocumentIssues(p, `possessors.${i}`)));
  record.possessors.forEach((p, i) => {
    if (!p.dateOfBirth) return;
    const born = Date.parse(p.dateOfBirth);
    const age = (ctx.now.getTime() - born) / (365.25 * 24 * 3_600_000);
    if (age < 0) issues.push({ path: `possessors.${i}.dateOfBirth`, code: 'possessor.birthInFuture', severity: 'error' });
    else if (age < 10 || age > 100) issues.push({ path: `possessors.${i}.dateOfBirth`, code: 'possessor.unusualAge', severity: 'warning', params: { age: Math.floor(age) } });
  });
  return issues;
}

/** A document number must say what it is; a CURP must hold (its check digit catches a typo) and agree with the date of birth. */
function idDocumentIssues(p: Possessor, at: string): Issue[] {
  const number = normalizeIdNumber(p.idNumber);
  if (number === '') return [];
  if (!p.idType) return [{ path: `${at}.idType`, code: 'possessor.idTypeMissing', severity: 'warning' }];
  if (p.idType === 'ine') return isIneKey(number) ? [] : [{ path: `${at}.idNumber`, code: 'possessor.ineFormat', severity: 'warning' }];
  if (p.idType !== 'curp') return [];
  const problem = checkCurp(number);
  if (problem) return [{ path: `${at}.idNumber`, code: problem === 'checkDigit' ? 'possessor.curpCheckDigit' : 'possessor.curpFormat', severity: 'error' }];
  const born = curpBirthDate(number);
  return p.dateOfBirth && born && born !== p.dateOfBirth ? [{ path: `${at}.idNumber`, code: 'possessor.curpBirthDateMismatch', severity: 'warning' }] : [];
}

function deviceDuplicateIssues(ctx: CheckContext): Issue[] {
  return (ctx.deviceDuplicates ?? []).map((d) => ({
    path: `firearms.${d.firearmIndex}.serialNumber`,
    code: 'serial.duplicateOnDevice',
    severity: 'warning',
    params: { caseNumber: d.caseNumber ?? '', occurredAt: d.occurredAt ?? '' },
  }));
}

export function checkSeizure(record: Seizure, ctx: CheckContext): Issue[] {
  return [
    ...requiredIssues(record),
    ...agencyIssues(record),
    ...recoveryIssues(record, ctx),
    ...geoIssues(record, ctx.geo),
    ...record.firearms.flatMap(firearmIssues),
    ...withinSeizureIssues(record.firearms),
    ...otherItemIssues(record, ctx),
    ...deviceDuplicateIssues(ctx),
  ];
}
