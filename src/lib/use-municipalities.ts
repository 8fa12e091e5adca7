import { findMxState } from '../domain/vocab/mexico';
import type { MunicipalityCatalogue } from '../domain/vocab/types';
import { catalogueOf, type StateMunicipalitiesFile } from '../domain/vocab/municipality-catalogue';
import { loadOnce, useLoaded } from './use-loaded';

// One chunk per state (0.3–6 kB gz), fetched when the state is chosen rather than all 2,478
// municipalities (21 kB gz) with the form; every chunk is in the service worker's precache, so any
// state works offline (docs/performance.md).
const stateFiles = import.meta.glob<StateMunicipalitiesFile>('../domain/vocab/data/mx-municipalities-*.json', { import: 'default' });

const loadState = loadOnce(async (state: string) => {
  const load = stateFiles[`../domain/vocab/data/mx-municipalities-${state}.json`];
  if (!load) throw new Error(`no municipality file for state ${state}`);
  return catalogueOf([await load()]);
});

/**
 * The municipalities of one Mexican state (undefined until loaded, and for a state that is not
 * one): what checks and lists need, since a record's municipality must belong to its state.
 */
export function useMunicipalities(mexicanState: string | undefined): MunicipalityCatalogue | undefined {
  return useLoaded(findMxState(mexicanState)?.code, loadState);
}

/** The catalogue of a record's state, when it was recovered in Mexico. */
export const mexicanStateOf = (recovery: { country?: string | undefined; state?: string | undefined } | undefined): string | undefined =>
  recovery?.country === 'MX' ? recovery.state : undefined;
