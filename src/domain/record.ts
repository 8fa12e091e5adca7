/**
 * Building and tidying records. Ids are passed in rather than made here so the domain stays
 * free of platform APIs (the app and the tests each bring their own UUID source).
 */
import type { Firearm, Language, Seizure } from './schema';
import { VOCABULARY_VERSION } from './vocab';

export interface NewSeizureInput {
  id: string;
  firearmId: string;
  deviceId: string;
  language: Language;
  now: Date;
  agency?: Seizure['agency'];
}

// No default country of manufacture: it must be read off the gun, and a guessed "US" would hide
// a missing importer, the very gap that fails foreign-gun traces.
export const newFirearm = (id: string, itemNumber: number): Firearm => ({ id, itemNumber, serialStatus: 'legible' });

export function newSeizure(input: NewSeizureInput): Seizure {
  const at = input.now.toISOString();
  return {
    id: input.id,
    status: 'draft',
    entryLanguage: input.language,
    vocabularyVersion: VOCABULARY_VERSION,
    agency: input.agency ?? { officer: {} },
    recovery: {},
    firearms: [newFirearm(input.firearmId, 1)],
    ammunition: [],
    magazines: [],
    possessors: [],
    confirmedWarnings: [],
    createdAt: at,
    updatedAt: at,
    deviceId: input.deviceId,
  };
}

export const nextItemNumber = (firearms: readonly Pick<Firearm, 'itemNumber'>[]): number =>
  firearms.reduce((max, f) => Math.max(max, f.itemNumber), 0) + 1;

const isBlank = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (typeof v === 'number' && Number.isNaN(v)) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Form inputs hand back "" for an empty text box and NaN for an empty number box; a stored
 * record says "absent" instead, so blank values (and objects left empty by that) are dropped before validation and storage.
 */
export function dropBlanks<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => dropBlanks(item)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, v]) => [key, dropBlanks(v)] as const)
      .filter(([, v]) => !isBlank(v));
    return Object.fromEntries(entries) as T;
  }
  return value;
}
