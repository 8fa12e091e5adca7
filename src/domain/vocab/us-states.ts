import type { LocalizedName, VocabOption } from './types';

export interface UsState {
  /** USPS two-letter code. */
  code: string;
  name: LocalizedName;
}

const state = (code: string, en: string, es: string = en): UsState => ({ code, name: { en, es } });

// 50 states, DC and the five inhabited territories, whose agencies also request traces.
// Spanish names follow Mexican press usage (Nuevo México, Luisiana, Misuri, Pensilvania).
export const US_STATES: readonly UsState[] = [
  state('AL', 'Alabama'),
  state('AK', 'Alaska'),
  state('AZ', 'Arizona'),
  state('AR', 'Arkansas'),
  state('CA', 'California'),
  state('CO', 'Colorado'),
  state('CT', 'Connecticut'),
  state('DE', 'Delaware'),
  state('DC', 'District of Columbia', 'Distrito de Columbia'),
  state('FL', 'Florida'),
  state('GA', 'Georgia'),
  state('HI', 'Hawaii', 'Hawái'),
  state('ID', 'Idaho'),
  state('IL', 'Illinois'),
  state('IN', 'Indiana'),
  state('IA', 'Iowa'),
  state('KS', 'Kansas'),
  state('KY', 'Kentucky'),
  state('LA', 'Louisiana', 'Luisiana'),
  state('ME', 'Maine'),
  state('MD', 'Maryland'),
  state('MA', 'Massachusetts'),
  state('MI', 'Michigan', 'Míchigan'),
  state('MN', 'Minnesota'),
  state('MS', 'Mississippi', 'Misisipi'),
  state('MO', 'Missouri', 'Misuri'),
  state('MT', 'Montana'),
  state('NE', 'Nebraska'),
  state('NV', 'Nevada'),
  state('NH', 'New Hampshire', 'Nuevo Hampshire'),
  state('NJ', 'New Jersey', 'Nueva Jersey'),
  state('NM', 'New Mexico', 'Nuevo México'),
  state('NY', 'New York', 'Nueva York'),
  state('NC', 'North Carolina', 'Carolina del Norte'),
  state('ND', 'North Dakota', 'Dakota del Norte'),
  state('OH', 'Ohio'),
  state('OK', 'Oklahoma'),
  state('OR', 'Oregon', 'Oregón'),
  state('PA', 'Pennsylvania', 'Pensilvania'),
  state('RI', 'Rhode Island'),
  state('SC', 'South Carolina', 'Carolina del Sur'),
  state('SD', 'South Dakota', 'Dakota del Sur'),
  state('TN', 'Tennessee'),
  state('TX', 'Texas'),
  state('UT', 'Utah'),
  state('VT', 'Vermont'),
  state('VA', 'Virginia'),
  state('WA', 'Washington'),
  state('WV', 'West Virginia', 'Virginia Occidental'),
  state('WI', 'Wisconsin'),
  state('WY', 'Wyoming'),
  state('AS', 'American Samoa', 'Samoa Americana'),
  state('GU', 'Guam'),
  state('MP', 'Northern Mariana Islands', 'Islas Marianas del Norte'),
  state('PR', 'Puerto Rico'),
  state('VI', 'U.S. Virgin Islands', 'Islas Vírgenes de los Estados Unidos'),
];

const byCode = new Map(US_STATES.map((s) => [s.code, s]));

export function findUsState(code: string | undefined): UsState | undefined {
  return code === undefined ? undefined : byCode.get(code.trim().toUpperCase());
}

export const US_STATE_OPTIONS: readonly VocabOption[] = US_STATES.map((s) => ({
  code: s.code,
  label: s.name,
  // The USPS code is what officers write; the other-language name keeps search bilingual.
  aliases: [s.code, s.name.en, s.name.es],
}));
