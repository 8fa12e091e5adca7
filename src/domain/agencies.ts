/**
 * Agencies that record seizures (docs/domain-rules.md#c-6). Codes are stable identifiers shared
 * with the server's account model; names are proper names, given in both languages where each
 * side knows the agency by a different one.
 */
import type { LocalizedName } from './vocab/types';

export interface AgencyInfo {
  code: string;
  country: 'US' | 'MX';
  name: LocalizedName;
}

export const AGENCIES: readonly AgencyInfo[] = [
  { code: 'ATF', country: 'US', name: { en: 'ATF (Bureau of Alcohol, Tobacco, Firearms and Explosives)', es: 'ATF (Oficina de Alcohol, Tabaco, Armas de Fuego y Explosivos)' } },
  { code: 'HSI', country: 'US', name: { en: 'HSI / ICE (Homeland Security Investigations)', es: 'HSI / ICE (Investigaciones de Seguridad Nacional)' } },
  { code: 'CBP', country: 'US', name: { en: 'CBP (Customs and Border Protection)', es: 'CBP (Oficina de Aduanas y Protección Fronteriza)' } },
  { code: 'DEA', country: 'US', name: { en: 'DEA (Drug Enforcement Administration)', es: 'DEA (Administración para el Control de Drogas)' } },
  { code: 'FBI', country: 'US', name: { en: 'FBI (Federal Bureau of Investigation)', es: 'FBI (Buró Federal de Investigaciones)' } },
  { code: 'US_STATE_POLICE', country: 'US', name: { en: 'State police (US)', es: 'Policía estatal (EE. UU.)' } },
  { code: 'US_LOCAL_POLICE', country: 'US', name: { en: 'Local police or sheriff (US)', es: 'Policía local o sheriff (EE. UU.)' } },
  { code: 'FGR', country: 'MX', name: { en: 'FGR (Office of the Attorney General of Mexico)', es: 'FGR (Fiscalía General de la República)' } },
  { code: 'SEDENA', country: 'MX', name: { en: 'SEDENA (Mexican Ministry of National Defense)', es: 'SEDENA (Secretaría de la Defensa Nacional)' } },
  { code: 'SEMAR', country: 'MX', name: { en: 'SEMAR (Mexican Navy)', es: 'SEMAR (Secretaría de Marina)' } },
  { code: 'GN', country: 'MX', name: { en: 'Guardia Nacional (Mexican National Guard)', es: 'Guardia Nacional' } },
  { code: 'MX_STATE_PROSECUTOR', country: 'MX', name: { en: 'State prosecutor’s office (Mexico)', es: 'Fiscalía General de Justicia del estado' } },
  { code: 'MX_STATE_POLICE', country: 'MX', name: { en: 'State police (Mexico)', es: 'Policía estatal' } },
  { code: 'MX_MUNICIPAL_POLICE', country: 'MX', name: { en: 'Municipal police (Mexico)', es: 'Policía municipal' } },
];

export const findAgency = (code: string | undefined): AgencyInfo | undefined =>
  AGENCIES.find((agency) => agency.code === code);
