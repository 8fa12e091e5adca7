// Kept out of index.ts: the whole catalogue is ~80 kB, so the app loads this module only where it
// needs every state (the export); the form loads the chosen state's file alone
// (features/seizures/hooks/use-municipalities.ts). Checks receive a MunicipalityCatalogue argument.
import s01 from './data/mx-municipalities-01.json' with { type: 'json' };
import s02 from './data/mx-municipalities-02.json' with { type: 'json' };
import s03 from './data/mx-municipalities-03.json' with { type: 'json' };
import s04 from './data/mx-municipalities-04.json' with { type: 'json' };
import s05 from './data/mx-municipalities-05.json' with { type: 'json' };
import s06 from './data/mx-municipalities-06.json' with { type: 'json' };
import s07 from './data/mx-municipalities-07.json' with { type: 'json' };
import s08 from './data/mx-municipalities-08.json' with { type: 'json' };
import s09 from './data/mx-municipalities-09.json' with { type: 'json' };
import s10 from './data/mx-municipalities-10.json' with { type: 'json' };
import s11 from './data/mx-municipalities-11.json' with { type: 'json' };
import s12 from './data/mx-municipalities-12.json' with { type: 'json' };
import s13 from './data/mx-municipalities-13.json' with { type: 'json' };
import s14 from './data/mx-municipalities-14.json' with { type: 'json' };
import s15 from './data/mx-municipalities-15.json' with { type: 'json' };
import s16 from './data/mx-municipalities-16.json' with { type: 'json' };
import s17 from './data/mx-municipalities-17.json' with { type: 'json' };
import s18 from './data/mx-municipalities-18.json' with { type: 'json' };
import s19 from './data/mx-municipalities-19.json' with { type: 'json' };
import s20 from './data/mx-municipalities-20.json' with { type: 'json' };
import s21 from './data/mx-municipalities-21.json' with { type: 'json' };
import s22 from './data/mx-municipalities-22.json' with { type: 'json' };
import s23 from './data/mx-municipalities-23.json' with { type: 'json' };
import s24 from './data/mx-municipalities-24.json' with { type: 'json' };
import s25 from './data/mx-municipalities-25.json' with { type: 'json' };
import s26 from './data/mx-municipalities-26.json' with { type: 'json' };
import s27 from './data/mx-municipalities-27.json' with { type: 'json' };
import s28 from './data/mx-municipalities-28.json' with { type: 'json' };
import s29 from './data/mx-municipalities-29.json' with { type: 'json' };
import s30 from './data/mx-municipalities-30.json' with { type: 'json' };
import s31 from './data/mx-municipalities-31.json' with { type: 'json' };
import s32 from './data/mx-municipalities-32.json' with { type: 'json' };
import { catalogueOf } from './municipality-catalogue';
import type { Municipality, MunicipalityCatalogue, VocabOption } from './types';

export type { Municipality, MunicipalityCatalogue } from './types';

const FILES = [s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19, s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, s30, s31, s32];

export const municipalityCatalogue: MunicipalityCatalogue = catalogueOf(FILES);

/** INEGI release of the catalogue; records store it because municipios are still being created. */
export const MUNICIPALITY_CATALOGUE_VERSION: string = municipalityCatalogue.version;

/** Municipios of one state in catalogue (code) order; empty for an unknown state. */
export function municipalitiesOf(stateCode: string): readonly Municipality[] {
  return municipalityCatalogue.of(stateCode);
}

export function findMunicipality(code: string | undefined): Municipality | undefined {
  return code === undefined ? undefined : municipalityCatalogue.find(code);
}

export const MUNICIPALITY_COUNT: number = FILES.reduce((count, file) => count + file.municipalities.length, 0);

const optionsCache = new Map<string, readonly VocabOption[]>();

/** The municipios of one state shaped for searchOptions (code = 5-digit INEGI code). */
export function municipalityOptionsOf(stateCode: string): readonly VocabOption[] {
  let options = optionsCache.get(stateCode);
  if (!options) {
    options = municipalitiesOf(stateCode).map((m) => ({
      code: m.code,
      label: { en: m.name, es: m.name },
      aliases: [],
    }));
    optionsCache.set(stateCode, options);
  }
  return options;
}
