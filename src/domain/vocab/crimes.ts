/**
 * Crime code / delito (Form 3312.1 item 2a, docs/domain-rules.md#c-8): what the officer picks is a
 * Mexican *delito* or a US offence, and each maps onto one NCIC offence code, the listed value
 * the National Tracing Center asks for.
 *
 * The NCIC codes are the class-level "free text" ones (XX99) of NCIC's Uniform Offense
 * Classifications: ATF's own list on the back of the form was not retrieved (the research notes'
 * open question 1), and a class code is never wrong where a finer code might be. Several delitos
 * share a class: every gun-law delito of the LFAFE is a weapon offence to NCIC.
 */
import type { LocalizedName } from './types';

export interface CrimeCode {
  /** Stored on the record (recovery.crimeCode); never shown as the label. */
  code: string;
  /** The NCIC offence code the trace request carries. */
  ncic: string;
  label: LocalizedName;
}

/** NCIC offence classes the list uses, named as the request prints them. */
export const NCIC_CLASSES: Readonly<Record<string, LocalizedName>> = {
  '0999': { en: 'Homicide', es: 'Homicidio' },
  '1099': { en: 'Kidnapping', es: 'Secuestro' },
  '1299': { en: 'Robbery', es: 'Robo' },
  '1399': { en: 'Assault', es: 'Lesiones' },
  '3599': { en: 'Dangerous drugs', es: 'Drogas peligrosas' },
  '5299': { en: 'Weapon offenses', es: 'Delitos con armas' },
  '5899': { en: 'Smuggling', es: 'Contrabando' },
  '7399': { en: 'Public order crimes', es: 'Delitos contra el orden público' },
};

// Gun-law delitos first: they are most of what Mexican agencies seize guns under (LFAFE arts.
// 81–84), and pickers show the head of the list first.
export const CRIME_CODES: readonly CrimeCode[] = [
  { code: 'MX_PORTACION_EXCLUSIVO', ncic: '5299', label: { en: 'Carrying a firearm reserved to the armed forces (LFAFE)', es: 'Portación de arma de uso exclusivo del Ejército, Armada y Fuerza Aérea' } },
  { code: 'MX_PORTACION_SIN_LICENCIA', ncic: '5299', label: { en: 'Carrying a firearm without a licence (LFAFE)', es: 'Portación de arma de fuego sin licencia' } },
  { code: 'MX_POSESION_EXCLUSIVO', ncic: '5299', label: { en: 'Possession of a firearm reserved to the armed forces (LFAFE)', es: 'Posesión de arma de uso exclusivo del Ejército, Armada y Fuerza Aérea' } },
  { code: 'MX_ACOPIO', ncic: '5299', label: { en: 'Stockpiling firearms (acopio, LFAFE)', es: 'Acopio de armas' } },
  { code: 'MX_INTRODUCCION_CLANDESTINA', ncic: '5899', label: { en: 'Smuggling firearms into Mexico (LFAFE)', es: 'Introducción clandestina de armas de fuego' } },
  { code: 'MX_HOMICIDIO', ncic: '0999', label: { en: 'Homicide', es: 'Homicidio' } },
  { code: 'MX_LESIONES', ncic: '1399', label: { en: 'Assault (injuries)', es: 'Lesiones' } },
  { code: 'MX_ROBO', ncic: '1299', label: { en: 'Robbery', es: 'Robo' } },
  { code: 'MX_SECUESTRO', ncic: '1099', label: { en: 'Kidnapping', es: 'Secuestro' } },
  { code: 'MX_CONTRA_LA_SALUD', ncic: '3599', label: { en: 'Drug offence (delito contra la salud)', es: 'Delito contra la salud (narcóticos)' } },
  { code: 'US_WEAPON_OFFENSE', ncic: '5299', label: { en: 'Weapon offense', es: 'Delito con armas (EE. UU.)' } },
  { code: 'US_SMUGGLING', ncic: '5899', label: { en: 'Firearms smuggling / export violation', es: 'Contrabando o exportación ilegal de armas (EE. UU.)' } },
  { code: 'FOUND_FIREARM', ncic: '7399', label: { en: 'Found firearm (no offence known)', es: 'Hallazgo de arma (sin delito conocido)' } },
];

const byCode = new Map(CRIME_CODES.map((c) => [c.code, c]));

/** The catalogue entry of a stored value; undefined for free text typed before the list existed. */
export function findCrimeCode(value: string | undefined): CrimeCode | undefined {
  return value === undefined ? undefined : byCode.get(value.trim());
}
