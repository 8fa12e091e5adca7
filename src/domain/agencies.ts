/**
 * Agencies that record seizures (docs/domain-rules.md#c-6). Codes are stable identifiers shared
 * with the server's account model; names are proper names, given in both languages where each
 * side knows the agency by a different one.
 */
import type { LocalizedName } from './vocab/types';

export interface AgencyInfo {
  code: string;
  country: 'US' | 'MX';
  /** What officers call it, where that is an acronym (FGR, SEDENA): the short form a phone shows. */
  acronym?: string;
  /** The full name in each language, without the acronym. */
  name: LocalizedName;
}

export const AGENCIES: readonly AgencyInfo[] = [
  { code: 'ATF', country: 'US', acronym: 'ATF', name: { en: 'Bureau of Alcohol, Tobacco, Firearms and Explosives', es: 'Oficina de Alcohol, Tabaco, Armas de Fuego y Explosivos' } },
  { code: 'HSI', country: 'US', acronym: 'HSI / ICE', name: { en: 'Homeland Security Investigations', es: 'Investigaciones de Seguridad Nacional' } },
  { code: 'CBP', country: 'US', acronym: 'CBP', name: { en: 'Customs and Border Protection', es: 'Oficina de Aduanas y Protección Fronteriza' } },
  { code: 'DEA', country: 'US', acronym: 'DEA', name: { en: 'Drug Enforcement Administration', es: 'Administración para el Control de Drogas' } },
  { code: 'FBI', country: 'US', acronym: 'FBI', name: { en: 'Federal Bureau of Investigation', es: 'Buró Federal de Investigaciones' } },
  { code: 'US_STATE_POLICE', country: 'US', name: { en: 'State police, US', es: 'Policía estatal, EE. UU.' } },
  { code: 'US_LOCAL_POLICE', country: 'US', name: { en: 'Local police or sheriff, US', es: 'Policía local o sheriff, EE. UU.' } },
  { code: 'FGR', country: 'MX', acronym: 'FGR', name: { en: 'Office of the Attorney General of Mexico', es: 'Fiscalía General de la República' } },
  { code: 'SEDENA', country: 'MX', acronym: 'SEDENA', name: { en: 'Mexican Ministry of National Defense', es: 'Secretaría de la Defensa Nacional' } },
  { code: 'SEMAR', country: 'MX', acronym: 'SEMAR', name: { en: 'Mexican Navy', es: 'Secretaría de Marina' } },
  { code: 'GN', country: 'MX', acronym: 'GN', name: { en: 'Mexican National Guard (Guardia Nacional)', es: 'Guardia Nacional' } },
  { code: 'MX_STATE_PROSECUTOR', country: 'MX', name: { en: 'State prosecutor’s office, Mexico', es: 'Fiscalía del estado' } },
  { code: 'MX_STATE_POLICE', country: 'MX', name: { en: 'State police, Mexico', es: 'Policía estatal' } },
  { code: 'MX_MUNICIPAL_POLICE', country: 'MX', name: { en: 'Municipal police, Mexico', es: 'Policía municipal' } },
];

export const findAgency = (code: string | undefined): AgencyInfo | undefined =>
  AGENCIES.find((agency) => agency.code === code);

/** The form a 360 px picker shows whole: the acronym where officers use one, else the name. */
export const agencyShortName = (agency: AgencyInfo, lang: keyof LocalizedName): string => agency.acronym ?? agency.name[lang];

/** The name in full, with the acronym after it as Mexican and US usage write it: "Fiscalía General de la República (FGR)". */
export const agencyFullName = (agency: AgencyInfo, lang: keyof LocalizedName): string => (agency.acronym ? `${agency.name[lang]} (${agency.acronym})` : agency.name[lang]);

/** An agency's full name by its code, or the code itself for one this device does not know. */
export const agencyNameOf = (code: string | undefined, lang: keyof LocalizedName, fallback?: string): string => {
  const agency = findAgency(code);
  return agency ? agencyFullName(agency, lang) : (fallback ?? code ?? '');
};
