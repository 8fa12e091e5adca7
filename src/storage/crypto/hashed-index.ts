/**
 * Identifying index values (case number, serial match keys) as they are stored in a sealed table:
 * keyed hashes, never the values (docs/security.md, "Records sealed on the device"), and the
 * key ranges that find them. Pure: the hash is handed in, so the sealing middleware's keys, or a
 * test's stand-in, decide what a hash is.
 *
 * 'exact' fields store one hash per value, for "equals". 'prefix' fields store, per value, ONE
 * array key: the hashes of its prefixes (HASHED_PREFIXES), shortest first. An IndexedDB key range
 * on arrays finds the arrays that begin with a search's own prefix hashes; what a search has
 * beyond the longest hashed prefix is finished on the opened rows (`keep`).
 */
import type { DBCoreKeyRange } from 'dexie';

export type HashMode = 'exact' | 'prefix';
export type IndexHash = (value: string) => string;
type Row = Record<string, unknown>;

/**
 * The prefix lengths hashed for "starts with": every length up to 8, then every second one up
 * to 32. A search uses the longest of these it covers and finishes any extra characters on the
 * opened rows; case numbers share long starts ("ATF-2026-00…"), so the ladder goes past them.
 * A value's hashes are stored together as one array key, not one index entry each: a row of a
 * seizure with 5 firearms had about 60 index entries, and writing them was most of the cost of
 * writing the row (sync bookkeeping, pulls, saves).
 */
export const HASHED_PREFIXES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32];
/**
 * The index format written now; rows written in another are written again at unlock, their keys
 * computed afresh from their records (reindex-sealed.ts). 2: prefix hashes as one array key.
 * 3: the serial index also holds the firearms' bag codes (domain/keys.ts bagCodeKey), so a
 * record that came with codes from a device ahead of this one is found by them here too.
 */
export const SEALED_INDEX_FORMAT = 3;

// DBCoreRangeType is a const enum in Dexie's types, out of reach with isolated modules; its values are stable.
export const EQUAL: DBCoreKeyRange['type'] = 1;
export const RANGE: DBCoreKeyRange['type'] = 2;
export const ANY: DBCoreKeyRange['type'] = 3;
/** Dexie's startsWith(p) asks for [p, p + U+FFFF). */
const MAX_STRING = String.fromCharCode(65535);

export const longestHashedPrefix = (length: number): number => HASHED_PREFIXES.filter((n) => n <= length).at(-1) ?? 0;

/** The values an index field holds: one, several (an array) or none; empty strings index nothing. */
export const indexValues = (field: unknown): string[] =>
  (Array.isArray(field) ? field : field === undefined || field === '' ? [] : [field]).filter((v): v is string => typeof v === 'string' && v !== '');

/** The hashes of a value's prefixes, shortest first: its index key in a 'prefix' index. */
export const prefixHashes = (hash: IndexHash, value: string): string[] => HASHED_PREFIXES.filter((n) => n <= value.length).map((n) => hash(value.slice(0, n)));

/** What a row's field is stored as: one index key per value. */
export const hashedKeys = (hash: IndexHash, field: unknown, mode: HashMode): (string | string[])[] =>
  indexValues(field).map((value) => (mode === 'exact' ? hash(value) : prefixHashes(hash, value)));

/** The plain values of a row's hashed fields as one string: equal strings, equal stored hashes. */
export const plainIndexValues = (fields: readonly (readonly [string, HashMode])[], row: Row): string => JSON.stringify(fields.map(([field]) => row[field] ?? null));

/** The range to ask IndexedDB for, and what the opened rows must still satisfy. */
export interface TranslatedRange {
  range: DBCoreKeyRange;
  keep?: (row: Row) => boolean;
}

/** Every array key that begins with these hashes: [h…] ≤ key < [h…, []], since an array sorts before any longer array that starts with it and an empty array after every string. */
const startingWith = (hashed: string[]): DBCoreKeyRange => ({ type: RANGE, lower: hashed, upper: [...hashed, []], lowerOpen: false, upperOpen: true });

/** The range on the stored hashes for "equals" or "starts with" on `table.field`; anything else is refused. */
export function translateHashedRange(hash: IndexHash, index: { table: string; field: string; mode: HashMode }, range: DBCoreKeyRange): TranslatedRange {
  const { field, mode } = index;
  if (range.type === EQUAL && typeof range.lower === 'string' && range.lower !== '') {
    const value = range.lower;
    if (mode === 'exact') return { range: { type: EQUAL, lower: hash(value), upper: hash(value) } };
    return { range: startingWith(prefixHashes(hash, value)), keep: (row) => indexValues(row[field]).includes(value) };
  }
  if (mode === 'prefix' && range.type === RANGE && typeof range.lower === 'string' && range.upper === range.lower + MAX_STRING && range.lower !== '') {
    const prefix = range.lower;
    return {
      range: startingWith(prefixHashes(hash, prefix)),
      ...(prefix.length > longestHashedPrefix(prefix.length) && { keep: (row: Row) => indexValues(row[field]).some((v) => v.startsWith(prefix)) }),
    };
  }
  throw new Error(`The sealed index ${index.table}.${field} answers "equals"${mode === 'prefix' ? ' and "starts with"' : ''} only.`);
}
