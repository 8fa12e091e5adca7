/**
 * Record builders for every test. Every builder returns fresh objects, so a test can mutate what
 * it gets without leaking into the next one.
 *
 * validSeizure() and validSpanishSeizure() are fully trace-ready: with CHECK_CTX they produce no
 * issue at all (asserted first in checks.test.ts), so any issue a test sees comes from the
 * change that test made. freshSeizure() and draftSeizure() are for tests that store or send
 * several records side by side: each has ids of its own.
 */
import type { CheckContext } from '../../src/domain/checks';
import type { Issue } from '../../src/domain/issues';
import { newSeizure } from '../../src/domain/record';
import type { Agency, Firearm, Recovery, Seizure } from '../../src/domain/schema';
import { VOCABULARY_VERSION } from '../../src/domain/vocab';
import { municipalityCatalogue } from '../../src/domain/vocab/municipalities';

export const NOW = new Date('2026-11-28T12:00:00Z');

export const CHECK_CTX: CheckContext = { now: NOW, municipalities: municipalityCatalogue };

export const IDS = {
  seizure: 'd6f7d553-ec7e-4b5f-b750-40e0ad965ce7',
  seizureEs: 'f94d4b68-28f3-49be-b1c1-a3257cb7435b',
  firearm1: 'a651fb06-91df-4965-957d-d9b960a1f525',
  firearm2: 'dd81a79d-e283-47f2-b86f-a452d99030df',
  firearm3: '09686cc8-b2cc-4e5e-be2f-2dbd263cdb33',
  firearm4: '6e6bf7b9-23e3-4f12-b58b-874afda281c6',
  photo: 'bffd0634-b142-498b-aa74-6380878d2c0a',
} as const;

/** A US-made pistol read off the frame: every trace identifier present, nothing to warn about. */
export function usPistol(overrides: Partial<Firearm> = {}): Firearm {
  return {
    id: IDS.firearm1,
    itemNumber: 1,
    type: 'pistol',
    action: 'semi_automatic',
    manufacturer: 'Smith & Wesson',
    model: 'M&P9',
    caliber: '9X19',
    serialNumber: 'FXK7439',
    serialStatus: 'legible',
    serialLocation: 'frame',
    countryOfOrigin: 'US',
    photos: [IDS.photo],
    ...overrides,
  };
}

/** The Romanian WASR-10 the way it reaches Mexico: Cugir maker, Century importer stamp. */
export function romanianRifle(overrides: Partial<Firearm> = {}): Firearm {
  return {
    id: IDS.firearm1,
    itemNumber: 1,
    type: 'rifle',
    action: 'semi_automatic',
    manufacturer: 'Cugir',
    importer: 'Century Arms',
    model: 'WASR-10',
    caliber: '7.62x39',
    serialNumber: 'AH7439-97',
    serialStatus: 'legible',
    serialLocation: 'receiver',
    countryOfOrigin: 'RO',
    ...overrides,
  };
}

/** An ATF seizure in Arizona: one US pistol, its cartridges and magazine, one possessor. */
export function validSeizure(overrides: Partial<Seizure> = {}): Seizure {
  return {
    id: IDS.seizure,
    status: 'ready',
    entryLanguage: 'en',
    vocabularyVersion: VOCABULARY_VERSION,
    agency: {
      code: 'ATF',
      ori: 'AZ0000000',
      caseNumber: 'ATF-2026-00417',
      officer: { firstName: 'Dana', lastName: 'Miller', badge: '4471' },
    },
    recovery: {
      // 10:30 UTC, an hour and a half before NOW and half an hour before createdAt.
      occurredAt: '2026-11-28T03:30:00-07:00',
      timeZone: 'America/Phoenix',
      country: 'US',
      state: 'AZ',
      locality: 'Nogales',
      street: 'W Mariposa Rd',
      postalCode: '85621',
      geo: { lat: 31.34, lon: -110.96, accuracyM: 12 },
      circumstance: 'port_of_entry',
    },
    firearms: [usPistol()],
    ammunition: [{ kind: 'cartridge', caliber: '9X19', quantity: 50, headstamp: 'WIN 9MM LUGER', linkedItem: 1 }],
    magazines: [{ quantity: 2, capacity: 17, caliber: '9X19', manufacturer: 'Smith & Wesson', linkedItem: 1 }],
    possessors: [{ role: 'possessor', firstName: 'John', lastName: 'Doe', dateOfBirth: '1990-05-14' }],
    confirmedWarnings: [],
    createdAt: '2026-11-28T11:00:00Z',
    updatedAt: '2026-11-28T11:05:00Z',
    createdBy: 'dmiller',
    deviceId: 'device-az-01',
    ...overrides,
  };
}

/**
 * The same seizure as a Mexican federal prosecutor records it: FGR in Hermosillo, Sonora, a
 * Romanian WASR-10 with its Century import stamp and a Colt .38 Súper, written with Spanish
 * catalogue labels and a two-surname officer and possessor.
 */
export function validSpanishSeizure(overrides: Partial<Seizure> = {}): Seizure {
  return {
    id: IDS.seizureEs,
    status: 'ready',
    entryLanguage: 'es',
    vocabularyVersion: VOCABULARY_VERSION,
    agency: {
      code: 'FGR',
      caseNumber: 'FED/SON/HMO/0001234/2026',
      officer: { firstName: 'María Guadalupe', lastName: 'Pérez', secondLastName: 'Núñez', badge: 'AFI-2231' },
    },
    recovery: {
      occurredAt: '2026-11-28T03:30:00-07:00',
      timeZone: 'America/Hermosillo',
      country: 'MX',
      state: '26',
      municipality: '26030',
      locality: 'Col. Centro',
      street: 'Blvd. Luis Encinas',
      extNumber: 'S/N',
      postalCode: '83000',
      circumstance: 'checkpoint',
    },
    firearms: [
      romanianRifle(),
      {
        id: IDS.firearm2,
        itemNumber: 2,
        type: 'pistol',
        manufacturer: 'Colt',
        model: 'Government',
        caliber: '.38 Súper',
        serialNumber: 'KR47391',
        serialStatus: 'legible',
        serialLocation: 'frame',
        countryOfOrigin: 'US',
      },
    ],
    ammunition: [{ kind: 'cartridge', caliber: '7.62×39 mm', quantity: 120, linkedItem: 1 }],
    magazines: [{ quantity: 4, capacity: 30, caliber: '762X39', linkedItem: 1 }],
    possessors: [
      { role: 'possessor', firstName: 'José Luis', lastName: 'Ramírez', secondLastName: 'Quintero', alias: 'El Güero', dateOfBirth: '1995-03-02' },
    ],
    confirmedWarnings: [],
    createdAt: '2026-11-28T11:00:00Z',
    updatedAt: '2026-11-28T11:00:00Z',
    createdBy: 'mperez',
    deviceId: 'device-son-07',
    ...overrides,
  };
}

/**
 * validSeizure with ids of its own, the record's and each firearm's (an `id` override is kept);
 * `firstFirearm` changes the first gun, if there is one.
 */
export function freshSeizure(overrides: Partial<Seizure> = {}, firstFirearm: Partial<Firearm> = {}): Seizure {
  const record = validSeizure(overrides);
  const firearms = record.firearms.map((f, i) => ({ ...f, id: crypto.randomUUID(), ...(i === 0 && firstFirearm) }));
  return { ...record, id: overrides.id ?? crypto.randomUUID(), firearms };
}

/**
 * A draft as the app starts one (newSeizure, by "device-1" on 28 November 2026), with a Glock
 * pistol's identifiers filled in and `serialNumber` and `manufacturer` as given: far from
 * trace-ready, as most records are when first saved.
 */
export function draftSeizure(overrides: Partial<Seizure> = {}, serialNumber = 'ABC123', manufacturer = 'GLOCK'): Seizure {
  const record = newSeizure({ id: crypto.randomUUID(), firearmId: crypto.randomUUID(), deviceId: 'device-1', language: 'en', now: new Date('2026-11-28T10:00:00Z') });
  const firearm = { ...record.firearms[0]!, manufacturer, serialNumber, model: 'G19', caliber: '9X19', type: 'pistol', countryOfOrigin: 'US' } satisfies Firearm;
  return { ...record, firearms: [firearm], ...overrides };
}

/** validSeizure (or `base`) with one firearm changed; extra firearms are appended with `more`. */
export function withFirearm(overrides: Partial<Firearm>, base: Seizure = validSeizure()): Seizure {
  const [first, ...rest] = base.firearms;
  return { ...base, firearms: [{ ...(first ?? usPistol()), ...overrides }, ...rest] };
}

export function withRecovery(overrides: Partial<Recovery>, base: Seizure = validSeizure()): Seizure {
  return { ...base, recovery: { ...base.recovery, ...overrides } };
}

export function withAgency(overrides: Partial<Agency>, base: Seizure = validSeizure()): Seizure {
  return { ...base, agency: { ...base.agency, ...overrides } };
}

/** Issues in a stable order, so whole lists can be compared with toEqual. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort((a, b) => `${a.path}|${a.code}`.localeCompare(`${b.path}|${b.code}`));
}

export const codesOf = (issues: readonly Issue[]): string[] => [...new Set(issues.map((i) => i.code))].sort();

export const issueWith = (issues: readonly Issue[], code: string): Issue | undefined => issues.find((i) => i.code === code);
