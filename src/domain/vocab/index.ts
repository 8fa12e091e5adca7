/**
 * Version of every list in this folder taken together. Bump it whenever any list changes
 * (an entry, an alias, a label, a flag): each record stores the version it was entered with,
 * so a later reader knows which catalogue its codes came from. The municipio catalogue has its
 * own version (MUNICIPALITY_CATALOGUE_VERSION) because it follows INEGI's releases.
 */
export const VOCABULARY_VERSION = '2026.12.2';

export * from './types';
export * from './normalize';
export * from './firearm';
export * from './calibers';
export * from './crimes';
export * from './makers';
export * from './countries';
export * from './mexico';
export * from './us-states';
export * from './search';
export { exactLookup } from './lookup';
// municipalities.ts is deliberately absent: the app imports it lazily (see that file).
export * from './labels';
