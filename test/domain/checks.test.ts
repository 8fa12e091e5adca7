/**
 * checkSeizure: the seizure-level and cross-field rules (X-H*, X-W*, S-H7, W11:
 * docs/domain-rules.md).
 * Each case changes one thing in a record that is otherwise clean and expects exactly the issues
 * that change causes, so an extra code fails the test as surely as a missing one.
 */
import { describe, it, expect } from 'vitest';
import { checkSeizure, type CheckContext } from '../../src/domain/checks';
import type { Issue } from '../../src/domain/issues';
import type { Firearm, Seizure } from '../../src/domain/schema';
import {
  CHECK_CTX,
  IDS,
  NOW,
  codesOf,
  romanianRifle,
  sortIssues,
  usPistol,
  validSeizure,
  validSpanishSeizure,
  withAgency,
  withFirearm,
  withRecovery,
} from './fixtures';

const check = (record: Seizure, ctx: CheckContext = CHECK_CTX): Issue[] => sortIssues(checkSeizure(record, ctx));
const issue = (path: string, code: Issue['code'], severity: Issue['severity'], params?: Issue['params']): Issue =>
  params ? { path, code, severity, params } : { path, code, severity };
const required = (path: string): Issue => issue(path, 'required', 'error');
const withFirearms = (...firearms: Firearm[]): Seizure => validSeizure({ firearms });
/** The Spanish fixture with its second item (the Colt) changed. */
function spanishWithColt(overrides: Partial<Firearm>): Seizure {
  const base = validSpanishSeizure();
  const [rifle, colt] = base.firearms;
  if (!rifle || !colt) throw new Error('validSpanishSeizure() has two firearms');
  return { ...base, firearms: [rifle, { ...colt, ...overrides }] };
}
const plusMinutes = (minutes: number): string => new Date(NOW.getTime() + minutes * 60_000).toISOString();

describe('the fixtures', () => {
  it('validSeizure() is trace-ready: no issue at all', () => {
    expect(checkSeizure(validSeizure(), CHECK_CTX)).toEqual([]);
  });

  it('validSpanishSeizure() (FGR, Hermosillo, WASR-10 with Century import stamp, Colt .38 Súper) is trace-ready too', () => {
    expect(checkSeizure(validSpanishSeizure(), CHECK_CTX)).toEqual([]);
  });

  it('both stay clean without the municipio catalogue and with no device duplicates', () => {
    expect(checkSeizure(validSeizure(), { now: NOW })).toEqual([]);
    expect(checkSeizure(validSpanishSeizure(), { now: NOW, deviceDuplicates: [] })).toEqual([]);
  });
});

describe('required (starred fields, X-H2)', () => {
  it.each<[string, Seizure]>([
    ['agency.code', withAgency({ code: undefined })],
    ['agency.code', withAgency({ code: '  ' })],
    ['agency.officer.lastName', withAgency({ officer: { firstName: 'Dana' } })],
    ['agency.officer.firstName', withAgency({ officer: { lastName: 'Miller', firstName: ' ' } })],
    ['recovery.occurredAt', withRecovery({ occurredAt: undefined })],
    ['recovery.country', withRecovery({ country: undefined })],
    ['recovery.state', withRecovery({ state: undefined })],
    ['firearms.0.type', withFirearm({ type: undefined })],
    ['firearms.0.manufacturer', withFirearm({ manufacturer: undefined })],
    ['firearms.0.model', withFirearm({ model: '' })],
    ['firearms.0.caliber', withFirearm({ caliber: undefined })],
    ['firearms.0.serialStatus', withFirearm({ serialStatus: undefined })],
    ['firearms.0.countryOfOrigin', withFirearm({ countryOfOrigin: undefined })],
    ['firearms.1.model', spanishWithColt({ model: undefined })],
    ['firearms.1.countryOfOrigin', spanishWithColt({ countryOfOrigin: undefined })],
    ['firearms.1.type', spanishWithColt({ type: undefined })],
  ])('%s', (path, record) => {
    expect(check(record)).toEqual([required(path)]);
  });

  it('a Spanish officer with two surnames still needs the first surname and a name; the second is optional', () => {
    const record = withAgency({ officer: { secondLastName: 'Núñez' } }, validSpanishSeizure());
    expect(check(record)).toEqual([required('agency.officer.firstName'), required('agency.officer.lastName')]);
    expect(check(withAgency({ officer: { firstName: 'María', lastName: 'Pérez' } }, validSpanishSeizure()))).toEqual([]);
  });

  it('a missing serial number is serial.required, not a generic required', () => {
    expect(check(withFirearm({ serialNumber: undefined }))).toEqual([issue('firearms.0.serialNumber', 'serial.required', 'error')]);
  });

  it('importer and optional recovery fields are not starred', () => {
    const record = withRecovery({ municipality: undefined, postalCode: undefined, street: undefined, geo: undefined, timeZone: undefined });
    expect(check(withAgency({ caseNumber: undefined, ori: undefined }, record))).toEqual([]);
  });
});

describe('duplicate serials inside one seizure (S-H7, W11)', () => {
  it('same maker (alias), model and serial (hyphens ignored): error on the second item only', () => {
    const record = withFirearms(usPistol(), usPistol({ id: IDS.firearm2, itemNumber: 2, manufacturer: 'S&W', model: 'M&P 9', serialNumber: 'fxk-7439' }));
    expect(check(record)).toEqual([issue('firearms.1.serialNumber', 'serial.duplicateInSeizure', 'error', { item: 1 })]);
  });

  it('the letter O is read as zero when matching', () => {
    const record = withFirearms(
      usPistol({ serialNumber: 'KR07439' }),
      usPistol({ id: IDS.firearm2, itemNumber: 2, serialNumber: 'KRO7439' }),
    );
    expect(check(record)).toEqual([
      issue('firearms.1.serialNumber', 'serial.ambiguousCharacters', 'warning', { positions: '3', characters: 'O', list: 'O (3)' }),
      issue('firearms.1.serialNumber', 'serial.duplicateInSeizure', 'error', { item: 1 }),
    ]);
  });

  it('same serial, other maker: only a warning', () => {
    const record = withFirearms(usPistol(), usPistol({ id: IDS.firearm2, itemNumber: 2, manufacturer: 'Colt', model: 'Government' }));
    expect(check(record)).toEqual([issue('firearms.1.serialNumber', 'serial.sameSerialOtherMaker', 'warning', { item: 1 })]);
  });

  it('a true duplicate is still an error when an earlier item of another make shares the serial', () => {
    const record = withFirearms(
      usPistol({ manufacturer: 'Colt', model: 'Government' }),
      usPistol({ id: IDS.firearm2, itemNumber: 2 }),
      usPistol({ id: IDS.firearm3, itemNumber: 3 }),
    );
    expect(check(record)).toEqual([
      issue('firearms.1.serialNumber', 'serial.sameSerialOtherMaker', 'warning', { item: 1 }),
      issue('firearms.2.serialNumber', 'serial.duplicateInSeizure', 'error', { item: 2 }),
    ]);
  });

  it('items with no serial (obliterated) are never duplicates of each other', () => {
    const record = withFirearms(
      usPistol({ serialNumber: undefined, serialStatus: 'obliterated' }),
      usPistol({ id: IDS.firearm2, itemNumber: 2, serialNumber: '', serialStatus: 'obliterated' }),
    );
    expect(check(record)).toEqual([]);
  });

  it('different serials on the same make and model are fine', () => {
    expect(check(withFirearms(usPistol(), usPistol({ id: IDS.firearm2, itemNumber: 2, serialNumber: 'FXK7438' })))).toEqual([]);
  });
});

describe('firearm.duplicateItemNumber', () => {
  it('a repeated número de indicio', () => {
    const record = withFirearms(usPistol(), usPistol({ id: IDS.firearm2, itemNumber: 1, serialNumber: 'HNV4739' }));
    expect(check(record)).toEqual([issue('firearms.1.itemNumber', 'firearm.duplicateItemNumber', 'error', { item: 1 })]);
  });

  it('is found even when the item also repeats an earlier serial', () => {
    const record = withFirearms(
      usPistol(),
      usPistol({ id: IDS.firearm2, itemNumber: 2, serialNumber: 'HNV4739' }),
      usPistol({ id: IDS.firearm3, itemNumber: 2, manufacturer: 'Colt', model: 'Government' }),
    );
    expect(check(record)).toEqual([
      issue('firearms.2.itemNumber', 'firearm.duplicateItemNumber', 'error', { item: 2 }),
      issue('firearms.2.serialNumber', 'serial.sameSerialOtherMaker', 'warning', { item: 1 }),
    ]);
  });

  it('is reported once per item, however many earlier items share the number', () => {
    const record = withFirearms(
      usPistol(),
      usPistol({ id: IDS.firearm2, serialNumber: 'HNV4739' }),
      usPistol({ id: IDS.firearm3, serialNumber: 'KR47391' }),
    );
    expect(check(record)).toEqual([
      issue('firearms.1.itemNumber', 'firearm.duplicateItemNumber', 'error', { item: 1 }),
      issue('firearms.2.itemNumber', 'firearm.duplicateItemNumber', 'error', { item: 1 }),
    ]);
  });
});

describe('serial.duplicateOnDevice (X-W8)', () => {
  it('comes from ctx.deviceDuplicates', () => {
    const ctx: CheckContext = {
      ...CHECK_CTX,
      deviceDuplicates: [{ firearmIndex: 0, seizureId: IDS.seizureEs, caseNumber: 'ATF-2026-00001', occurredAt: '2026-11-20T10:00:00-07:00' }],
    };
    expect(check(validSeizure(), ctx)).toEqual([
      issue('firearms.0.serialNumber', 'serial.duplicateOnDevice', 'warning', { caseNumber: 'ATF-2026-00001', occurredAt: '2026-11-20T10:00:00-07:00' }),
    ]);
  });

  it('unknown case number and date become empty params', () => {
    const ctx: CheckContext = { ...CHECK_CTX, deviceDuplicates: [{ firearmIndex: 1, seizureId: IDS.seizure }] };
    expect(check(validSpanishSeizure(), ctx)).toEqual([
      issue('firearms.1.serialNumber', 'serial.duplicateOnDevice', 'warning', { caseNumber: '', occurredAt: '' }),
    ]);
  });
});

describe('firearm.importerRequired (X-H1)', () => {
  it.each<[string, Partial<Firearm>]>([
    ['Austrian Glock', { manufacturer: 'Glock', model: 'G19', countryOfOrigin: 'AT' }],
    ['Romanian WASR-10', { ...romanianRifle(), importer: undefined }],
    ['importer left blank', { ...romanianRifle(), importer: '   ' }],
    ['Turkish Canik', { manufacturer: 'Canik', model: 'TP9SF', countryOfOrigin: 'TR' }],
  ])('%s without importer', (_name, overrides) => {
    expect(check(withFirearm(overrides))).toEqual([issue('firearms.0.importer', 'firearm.importerRequired', 'error')]);
  });

  it.each<[string, Partial<Firearm>]>([
    ['a US gun needs none', { countryOfOrigin: 'US', importer: undefined }],
    ['a foreign gun with its importer', { manufacturer: 'Glock', model: 'G19', countryOfOrigin: 'AT', importer: 'Glock Inc.' }],
    ['a Spanish-labelled import', { ...romanianRifle(), importer: 'Century International Arms' }],
  ])('not for %s', (_name, overrides) => {
    expect(codesOf(check(withFirearm(overrides)))).not.toContain('firearm.importerRequired');
  });
});

describe('firearm.manufacturerIsImporter (X-W1)', () => {
  it.each<[string, Partial<Firearm>, string]>([
    ['Century Arms', { manufacturer: 'Century Arms', model: 'C39V2', caliber: '7.62x39', type: 'rifle' }, 'Century International Arms'],
    ['CAI', { manufacturer: 'CAI', model: 'C39V2', caliber: '7.62x39', type: 'rifle' }, 'Century International Arms'],
    ['EAA', { manufacturer: 'EAA', model: 'Witness' }, 'European American Armory'],
    ['Century stamp on a WASR-10', { ...romanianRifle(), manufacturer: 'Century Arms' }, 'Century International Arms'],
  ])('%s recorded as the maker', (_name, overrides, name) => {
    expect(check(withFirearm(overrides))).toEqual([issue('firearms.0.manufacturer', 'firearm.manufacturerIsImporter', 'warning', { name })]);
  });

  it.each(['Glock Inc.', 'Browning', 'Smith & Wesson', 'Cugir', 'Armería del Norte'])('not for %s', (manufacturer) => {
    expect(codesOf(check(withFirearm({ manufacturer, model: 'X-7' })))).not.toContain('firearm.manufacturerIsImporter');
  });
});

describe('firearm.caliberTypeMismatch (X-W2)', () => {
  it.each<[Firearm['type'], string]>([
    ['pistol', '12GA'],
    ['pistol', 'calibre 12'],
    ['shotgun', '9X19'],
    ['shotgun', '9 mm'],
    ['revolver', '50BMG'],
    ['revolver', 'calibre .50'],
    ['submachine_gun', '.50 BMG'],
    ['machine_gun', '22LR'],
    ['machine_gun', '.22 largo'],
    ['rifle', '20 ga'],
  ])('%s in %s', (type, caliber) => {
    expect(check(withFirearm({ type, caliber }))).toEqual([issue('firearms.0.caliber', 'firearm.caliberTypeMismatch', 'warning')]);
  });

  it.each<[Firearm['type'], string]>([
    ['shotgun', '12GA'],
    ['shotgun', 'escopeta calibre 12'],
    ['combination', '12GA'],
    ['rifle', '22LR'],
    ['rifle', '50BMG'],
    ['machine_gun', '7.62x39'],
    ['pistol', '.38 Súper'],
    ['revolver', '.38 Especial'],
    ['pistol', 'free-text calibre'],
  ])('none for %s in %s', (type, caliber) => {
    expect(codesOf(check(withFirearm({ type, caliber })))).not.toContain('firearm.caliberTypeMismatch');
  });
});

describe('firearm.modelIsManufacturerOrCaliber (X-W3)', () => {
  it.each<[string, Partial<Firearm>]>([
    ['model = maker', { model: 'Smith & Wesson' }],
    ['model = maker alias', { model: 'S&W' }],
    ['model = calibre alias', { model: '9mm' }],
    ['model = calibre label', { model: '9 mm Luger/Parabellum' }],
    ['model = free-text maker', { manufacturer: 'Armería del Norte', model: 'armeria del norte' }],
    ['Spanish calibre label', { type: 'revolver', caliber: '.38 Especial', model: '.38 Especial' }],
  ])('%s', (_name, overrides) => {
    expect(check(withFirearm(overrides))).toEqual([issue('firearms.0.model', 'firearm.modelIsManufacturerOrCaliber', 'warning')]);
  });

  it.each(['M&P9', 'Model 19', '38'])('not for model %j on a 9 mm S&W', (model) => {
    expect(codesOf(check(withFirearm({ model })))).not.toContain('firearm.modelIsManufacturerOrCaliber');
  });
});

describe('firearm.unknownValue (X-W9)', () => {
  it.each<['manufacturer' | 'model' | 'caliber', string]>([
    ['caliber', 'UNKNOWN'],
    ['caliber', 'desconocido'],
    ['caliber', 'ilegible'], // an alias of the catalogue's UNKNOWN calibre
    ['caliber', 'sin marcar'],
    ['model', 'desconocido'],
    ['model', 'unk'],
    ['model', 'Genérico'],
    ['manufacturer', 'Desconocida'],
    ['manufacturer', 'N/D'],
    ['manufacturer', 'sin marca'],
  ])('%s typed as %j', (field, value) => {
    expect(check(withFirearm({ [field]: value }))).toEqual([issue(`firearms.0.${field}`, 'firearm.unknownValue', 'warning', { field })]);
  });
});

describe('firearm.unknownCountry', () => {
  it.each(['ZZ', 'QQ'])('country of manufacture %s', (countryOfOrigin) => {
    // An unknown country cannot say whether an importer is needed, so only the country is flagged.
    expect(check(withFirearm({ countryOfOrigin }))).toEqual([issue('firearms.0.countryOfOrigin', 'firearm.unknownCountry', 'error')]);
  });
});

describe('recovery date and time (X-H3, X-W5)', () => {
  it.each([
    ['11 minutes ahead', plusMinutes(11)],
    ['a day ahead', plusMinutes(24 * 60)],
    ['an hour ahead, written with the Mexico City offset', '2026-11-28T07:00:00-06:00'],
  ])('%s is in the future', (_name, occurredAt) => {
    expect(check(withRecovery({ occurredAt }))).toEqual([issue('recovery.occurredAt', 'recovery.inFuture', 'error')]);
  });

  it.each([
    ['5 minutes ahead (clock skew)', plusMinutes(5)],
    ['exactly 10 minutes ahead', plusMinutes(10)],
    ['now, with the Mexico City offset', '2026-11-28T06:00:00-06:00'],
  ])('%s is accepted', (_name, occurredAt) => {
    expect(check(withRecovery({ occurredAt }))).toEqual([]);
  });

  it.each([
    ['2026-11-27T10:00:00Z', 25],
    ['2026-11-27T10:59:00Z', 24],
    ['2026-11-20T05:00:00-06:00', 192],
  ])('%s recorded at 2026-11-28T11:00Z is a late entry of %i h', (occurredAt, hours) => {
    expect(check(withRecovery({ occurredAt }))).toEqual([issue('recovery.occurredAt', 'recovery.lateEntry', 'warning', { hours })]);
  });

  it.each(['2026-11-27T11:00:00Z', '2026-11-27T23:00:00Z'])('%s is not late (24 h or less)', (occurredAt) => {
    expect(check(withRecovery({ occurredAt }))).toEqual([]);
  });

  it('a date that does not parse', () => {
    expect(check(withRecovery({ occurredAt: 'ayer por la tarde' }))).toEqual([issue('recovery.occurredAt', 'recovery.invalidDate', 'error')]);
  });
});

describe('recovery place (X-H4, c.7)', () => {
  const mx = validSpanishSeizure;

  it('a Chihuahua municipio (Juárez 08037) in Sonora', () => {
    expect(check(withRecovery({ state: '26', municipality: '08037' }, mx()))).toEqual([
      issue('recovery.municipality', 'recovery.municipalityOutsideState', 'error'),
    ]);
  });

  it('the state as a one-digit number is compared as its two-digit code', () => {
    expect(check(withRecovery({ state: '8', municipality: '08037', postalCode: '32000' }, mx()))).toEqual([]);
    expect(check(withRecovery({ state: '2', municipality: '26030' }, mx()))).toEqual([
      issue('recovery.municipality', 'recovery.municipalityOutsideState', 'error'),
    ]);
  });

  it('a municipio code missing from the catalogue is a warning, only when the catalogue is loaded', () => {
    const record = withRecovery({ municipality: '26999' }, mx());
    expect(check(record)).toEqual([issue('recovery.municipality', 'recovery.unknownMunicipality', 'warning', { code: '26999' })]);
    expect(check(record, { now: NOW })).toEqual([]);
  });

  it.each<[string, Seizure]>([
    ['MX 33', withRecovery({ state: '33', municipality: undefined }, mx())],
    ['MX 00', withRecovery({ state: '00', municipality: undefined }, mx())],
    ['US XX', withRecovery({ state: 'XX' })],
    ['US state written as a Mexican code', withRecovery({ state: '26' })],
  ])('unknown state: %s', (_name, record) => {
    expect(check(record)).toEqual([issue('recovery.state', 'recovery.unknownState', 'error')]);
  });

  it('state codes are not judged for other countries', () => {
    expect(check(withRecovery({ country: 'GT', state: '01', postalCode: '01001' }))).toEqual([
      issue('recovery.country', 'recovery.unusualCountry', 'warning'),
    ]);
  });

  it('an unknown country code', () => {
    expect(check(withRecovery({ country: 'ZZ' }))).toEqual([issue('recovery.country', 'recovery.unknownCountry', 'error')]);
  });

  it.each<[string, Seizure, string]>([
    ['MX 8300', withRecovery({ postalCode: '8300' }, mx()), 'MX'],
    ['MX 83000-1234', withRecovery({ postalCode: '83000-1234' }, mx()), 'MX'],
    ['US 1234', withRecovery({ postalCode: '1234' }), 'US'],
    ['US 85621-12', withRecovery({ postalCode: '85621-12' }), 'US'],
    ['US ABCDE', withRecovery({ postalCode: 'ABCDE' }), 'US'],
  ])('postal code %s', (_name, record, country) => {
    expect(check(record)).toEqual([issue('recovery.postalCode', 'recovery.postalCodeFormat', 'error', { country })]);
  });

  it.each<[string, Seizure]>([
    ['MX 83000', withRecovery({ postalCode: '83000' }, mx())],
    ['MX 06700 (leading zero)', withRecovery({ postalCode: '06700' }, mx())],
    ['US 12345-6789', withRecovery({ postalCode: '12345-6789' })],
    ['US 85621', withRecovery({ postalCode: '85621' })],
  ])('postal code %s is well formed', (_name, record) => {
    expect(check(record)).toEqual([]);
  });
});

describe('agency', () => {
  it('an agency code not in the list', () => {
    expect(check(withAgency({ code: 'POLICIA_X' }))).toEqual([issue('agency.code', 'agency.unknownAgency', 'warning')]);
  });

  it.each(['N/A', 'S/N', '000', 'sin número', 'NA', ' s/n '])('case number %j is a placeholder', (caseNumber) => {
    expect(check(withAgency({ caseNumber }))).toEqual([
      issue('agency.caseNumber', 'agency.caseNumberPlaceholder', 'error', { value: caseNumber.trim() }),
    ]);
  });

  it.each(['FED/SON/HMO/0001234/2026', 'CI-2026-000123', '0001234'])('case number %j is real', (caseNumber) => {
    expect(check(withAgency({ caseNumber }))).toEqual([]);
  });
});

describe('ORI (X-H5)', () => {
  it.each(['AZ0000000', 'az0123456', ' TX1234567 ', 'MXFGR0001'])('%j has the NCIC form', (ori) => {
    expect(check(withAgency({ ori }))).toEqual([]);
  });

  it.each(['AZ000000', 'AZ00000000', '120000000', 'AZ-000000', 'N/A'])('%j does not', (ori) => {
    expect(check(withAgency({ ori }))).toEqual([issue('agency.ori', 'agency.oriFormat', 'error')]);
  });

  it('is optional: none, or blank, raises nothing', () => {
    expect(check(withAgency({ ori: undefined }))).toEqual([]);
    expect(check(withAgency({ ori: '  ' }))).toEqual([]);
  });
});

describe('priority (X-H6)', () => {
  it('an urgent request needs its reason', () => {
    expect(check(withAgency({ priority: 'urgent' }))).toEqual([issue('agency.urgentReason', 'agency.urgentReasonRequired', 'error')]);
    expect(check(withAgency({ priority: 'urgent', urgentReason: ' ' }))).toEqual([issue('agency.urgentReason', 'agency.urgentReasonRequired', 'error')]);
  });

  it('with a reason it is clean, and a routine one needs none', () => {
    expect(check(withAgency({ priority: 'urgent', urgentReason: 'Suspect in custody, 48 h to charge' }))).toEqual([]);
    expect(check(withAgency({ priority: 'routine' }))).toEqual([]);
  });
});

describe("the officer's phone and e-mail", () => {
  const officer = (more: object) => withAgency({ officer: { firstName: 'Dana', lastName: 'Miller', ...more } });

  it.each(['520 555 0142', '+52 662 123 4567', '(520) 555-0142', '+1.520.555.0142'])('phone %j can be dialled', (phone) => {
    expect(check(officer({ phone }))).toEqual([]);
  });

  it.each(['555-0142', '5205550142 ext 3', 'call the desk', '+52 662 123 4567 8901 2'])('phone %j cannot', (phone) => {
    expect(check(officer({ phone }))).toEqual([issue('agency.officer.phone', 'agency.phoneFormat', 'error')]);
  });

  it.each(['dana.miller@atf.gov', 'mg.perez@fgr.org.mx'])('e-mail %j is one', (email) => {
    expect(check(officer({ email }))).toEqual([]);
  });

  it.each(['dana.miller', 'dana@atf', 'dana miller@atf.gov', '@atf.gov'])('e-mail %j is not', (email) => {
    expect(check(officer({ email }))).toEqual([issue('agency.officer.email', 'agency.emailFormat', 'error')]);
  });
});

describe('crime code (c.8)', () => {
  it('a catalogue code is clean', () => {
    expect(check(withRecovery({ crimeCode: 'MX_PORTACION_EXCLUSIVO' }))).toEqual([]);
  });

  it('free text typed before the list is kept, with a warning that names it', () => {
    expect(check(withRecovery({ crimeCode: ' 5212 ' }))).toEqual([
      issue('recovery.crimeCode', 'recovery.crimeCodeNotInList', 'warning', { value: '5212' }),
    ]);
  });
});

describe('possessors, ammunition and magazines', () => {
  const withDob = (dateOfBirth: string) => validSeizure({ possessors: [{ role: 'possessor', firstName: 'John', lastName: 'Doe', dateOfBirth }] });

  it('a date of birth in the future', () => {
    expect(check(withDob('2027-01-01'))).toEqual([issue('possessors.0.dateOfBirth', 'possessor.birthInFuture', 'error')]);
  });

  it.each([
    ['2020-01-01', 6],
    ['1920-01-01', 106],
  ])('born %s: unusual age %i', (dob, age) => {
    expect(check(withDob(dob))).toEqual([issue('possessors.0.dateOfBirth', 'possessor.unusualAge', 'warning', { age })]);
  });

  it.each(['2015-01-01', '1930-01-01'])('born %s is a usual age', (dob) => {
    expect(check(withDob(dob))).toEqual([]);
  });

  it('cartridges and magazines linked to an item that is not in the seizure', () => {
    const record = validSeizure({
      ammunition: [{ kind: 'cartridge', caliber: '9X19', quantity: 50, linkedItem: 3 }, { kind: 'fired_case', caliber: '9X19', quantity: 3 }],
      magazines: [{ quantity: 1, linkedItem: 1 }, { quantity: 2, capacity: 30, linkedItem: 2 }],
    });
    expect(check(record)).toEqual([
      issue('ammunition.0.linkedItem', 'item.linkedItemMissing', 'error', { item: 3 }),
      issue('magazines.1.linkedItem', 'item.linkedItemMissing', 'error', { item: 2 }),
    ]);
  });

  it('17,700 rounds is unusual; 10,000 is not', () => {
    const record = validSeizure({
      ammunition: [
        { kind: 'cartridge', caliber: '7.62x39', quantity: 17_700 },
        { kind: 'cartridge', caliber: '5.56', quantity: 10_000 },
      ],
    });
    expect(check(record)).toEqual([issue('ammunition.0.quantity', 'ammunition.unusualQuantity', 'warning', { quantity: 17_700 })]);
  });
});

describe('several problems at once', () => {
  it('a hurried Spanish entry: each problem reported once, at its own path', () => {
    const record = validSpanishSeizure({
      agency: { code: 'FGR', caseNumber: 'S/N', officer: { firstName: 'María', lastName: 'Pérez' } },
      firearms: [
        romanianRifle({ importer: undefined, serialNumber: 'sin número' }),
        ...spanishWithColt({ serialLocation: 'slide', model: 'desconocido' }).firearms.slice(1),
      ],
    });
    expect(check(record)).toEqual([
      issue('agency.caseNumber', 'agency.caseNumberPlaceholder', 'error', { value: 'S/N' }),
      issue('firearms.0.importer', 'firearm.importerRequired', 'error'),
      issue('firearms.0.serialNumber', 'serial.placeholder', 'error', { value: 'sin número' }),
      issue('firearms.1.model', 'firearm.unknownValue', 'warning', { field: 'model' }),
      issue('firearms.1.serialLocation', 'serial.notFromFrame', 'warning', { location: 'slide' }),
    ]);
  });
});

describe('blank values', () => {
  it('a whitespace-only case number is absent, not a placeholder', () => {
    expect(check(withAgency({ caseNumber: '   ' }))).toEqual([]);
  });
});
