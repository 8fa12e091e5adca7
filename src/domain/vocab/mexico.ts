import data from './data/mx-states.json' with { type: 'json' };
import type { VocabOption } from './types';

export interface MxState {
  /** INEGI 2-digit code, "01".."32" in INEGI's order (Chiapas is 07, not 05). */
  code: string;
  name: string;
  /** INEGI abbreviation, e.g. "Chih.". */
  abbreviation: string;
}

export const MX_STATES: readonly MxState[] = data.states;

export const MX_STATES_VERSION: string = data.version;

const byCode = new Map(MX_STATES.map((s) => [s.code, s]));

/** Accepts "8" as well as "08": spreadsheets and number inputs drop the leading zero. */
export function findMxState(code: string | undefined): MxState | undefined {
  if (code === undefined) return undefined;
  const trimmed = code.trim();
  return byCode.get(/^\d$/.test(trimmed) ? `0${trimmed}` : trimmed);
}

// Everyday names that differ from INEGI's official ones.
const EXTRA_ALIASES: Readonly<Record<string, readonly string[]>> = {
  '05': ['Coahuila'],
  '09': ['Distrito Federal', 'DF', 'Mexico City'],
  '15': ['Estado de México', 'Edomex', 'State of Mexico'],
  '16': ['Michoacán'],
  '30': ['Veracruz'],
};

/** State names are proper nouns, shown the same in both languages. */
export const MX_STATE_OPTIONS: readonly VocabOption[] = MX_STATES.map((s) => ({
  code: s.code,
  label: { en: s.name, es: s.name },
  aliases: [s.abbreviation, ...(EXTRA_ALIASES[s.code] ?? [])],
}));
