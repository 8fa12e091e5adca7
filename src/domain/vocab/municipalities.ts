// Kept out of index.ts: the catalogue is ~80 kB, so the app loads this module lazily and checks
// receive it as a MunicipalityCatalogue argument instead of importing it.
import data from './data/mx-municipalities.json' with { type: 'json' };
import type { Municipality, MunicipalityCatalogue, VocabOption } from './types';

export type { Municipality, MunicipalityCatalogue } from './types';

/** INEGI release of the catalogue; records store it because municipios are still being created. */
export const MUNICIPALITY_CATALOGUE_VERSION: string = data.version;

// JSON imports type arrays loosely (string[][]), so the rows are checked here once instead of
// being trusted everywhere they are used.
function expand(file: { municipalities: Record<string, string[][]> }): Map<string, readonly Municipality[]> {
  const byState = new Map<string, readonly Municipality[]>();
  for (const [stateCode, rows] of Object.entries(file.municipalities)) {
    byState.set(
      stateCode,
      rows.map(([local, name]) => {
        if (local === undefined || name === undefined) {
          throw new Error(`mx-municipalities.json: malformed row in state ${stateCode}`);
        }
        return { code: stateCode + local, stateCode, name };
      }),
    );
  }
  return byState;
}

const byState = expand(data);
const byCode = new Map<string, Municipality>();
for (const list of byState.values()) for (const m of list) byCode.set(m.code, m);

export const MUNICIPALITY_COUNT: number = byCode.size;

/** Municipios of one state in catalogue (code) order; empty for an unknown state. */
export function municipalitiesOf(stateCode: string): readonly Municipality[] {
  return byState.get(stateCode.trim()) ?? [];
}

export function findMunicipality(code: string | undefined): Municipality | undefined {
  return code === undefined ? undefined : byCode.get(code.trim());
}

export const municipalityCatalogue: MunicipalityCatalogue = {
  version: MUNICIPALITY_CATALOGUE_VERSION,
  find: (code) => findMunicipality(code),
  of: (stateCode) => municipalitiesOf(stateCode),
};

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
