export type Lang = 'en' | 'es';

export interface LocalizedName {
  en: string;
  es: string;
}

/** A pickable catalogue entry: what search, pickers and lookups share. */
export interface VocabOption {
  /** Stable id stored on records; never shown as the label. */
  code: string;
  label: LocalizedName;
  /** Other spellings, stamps and abbreviations that should find this entry. */
  aliases: readonly string[];
  hint?: LocalizedName;
}

export interface Municipality {
  /** INEGI 5-digit code: state (2) + municipio (3). */
  code: string;
  stateCode: string;
  name: string;
}

/**
 * What checks need from the municipio catalogue. They receive it as an argument so that only
 * the app's lazy-loaded chunk (municipalities.ts) pulls in the large JSON.
 */
export interface MunicipalityCatalogue {
  version: string;
  find(code: string): Municipality | undefined;
  of(stateCode: string): readonly Municipality[];
}
