// Builds a municipio catalogue from the per-state data files (data/mx-municipalities-NN.json), so
// the whole catalogue (municipalities.ts: server, export) and the app's one-state catalogues
// (loaded when a state is chosen) read the files the same way.
import type { Municipality, MunicipalityCatalogue } from './types';

/** One generated file: the municipios of one state, as [3-digit local code, name] rows. */
export interface StateMunicipalitiesFile {
  version: string;
  state: string;
  municipalities: readonly (readonly string[])[];
}

// JSON imports type arrays loosely (string[][]), so the rows are checked here once instead of
// being trusted everywhere they are used.
function expand(file: StateMunicipalitiesFile): readonly Municipality[] {
  return file.municipalities.map(([local, name]) => {
    if (local === undefined || name === undefined) throw new Error(`mx-municipalities-${file.state}.json: malformed row`);
    return { code: file.state + local, stateCode: file.state, name };
  });
}

/**
 * The catalogue of the states given. A one-state catalogue answers only for that state: checks
 * ask it about a municipio only once its code fits the record's state (checks.ts).
 */
export function catalogueOf(files: readonly StateMunicipalitiesFile[]): MunicipalityCatalogue {
  const byState = new Map<string, readonly Municipality[]>();
  const byCode = new Map<string, Municipality>();
  for (const file of files) {
    const list = expand(file);
    byState.set(file.state, list);
    for (const m of list) byCode.set(m.code, m);
  }
  return {
    version: files[0]?.version ?? '',
    find: (code) => byCode.get(code.trim()),
    of: (stateCode) => byState.get(stateCode.trim()) ?? [],
  };
}
