/**
 * The hashed index of sealed tables (src/storage/crypto/hashed-index.ts), with a readable
 * stand-in for the keyed hash: which prefixes a value is stored under, and which key range (and
 * check on the opened rows) an "equals" or "starts with" becomes; anything else is refused.
 */
import type { DBCoreKeyRange } from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  ANY,
  EQUAL,
  hashedKeys,
  HASHED_PREFIXES,
  indexValues,
  longestHashedPrefix,
  plainIndexValues,
  prefixHashes,
  RANGE,
  translateHashedRange,
  type HashMode,
} from '../../src/storage/crypto/hashed-index';

const hash = (value: string) => `#${value}`;
/** The stand-in hashes of a value's first 1..n characters, for every n in the ladder up to `upTo`. */
const hashesUpTo = (value: string, upTo: number) => HASHED_PREFIXES.filter((n) => n <= upTo).map((n) => hash(value.slice(0, n)));
const startingWith = (hashed: string[]): DBCoreKeyRange => ({ type: RANGE, lower: hashed, upper: [...hashed, []], lowerOpen: false, upperOpen: true });
const equals = (value: unknown): DBCoreKeyRange => ({ type: EQUAL, lower: value, upper: value });
/** What Dexie asks for startsWith(prefix). */
const startsWith = (prefix: string): DBCoreKeyRange => ({ type: RANGE, lower: prefix, upper: prefix + String.fromCharCode(65535), lowerOpen: false, upperOpen: true });

describe('the prefixes a value is hashed under', () => {
  it.each([
    [0, 0],
    [1, 1],
    [8, 8],
    [9, 8],
    [10, 10],
    [11, 10],
    [31, 30],
    [32, 32],
    [40, 32],
  ])('a search of %i characters uses the hashed prefix of %i', (length, longest) => {
    expect(longestHashedPrefix(length)).toBe(longest);
  });

  it.each<[string, string[]]>([
    ['A', ['#A']],
    ['ABC', ['#A', '#AB', '#ABC']],
    ['ABCDEFGHIJK', ['#A', '#AB', '#ABC', '#ABCD', '#ABCDE', '#ABCDEF', '#ABCDEFG', '#ABCDEFGH', '#ABCDEFGHIJ']],
    ['X'.repeat(40), hashesUpTo('X'.repeat(40), 32)],
  ])('%s is stored as the hashes of its prefixes, shortest first', (value, expected) => {
    expect(prefixHashes(hash, value)).toEqual(expected);
  });

  it.each<[unknown, string[]]>([
    [undefined, []],
    ['', []],
    ['AB1', ['AB1']],
    [['AB1', '', 7, 'CD2'], ['AB1', 'CD2']],
    [7, []],
  ])('the index values of %j are %j', (field, values) => {
    expect(indexValues(field)).toEqual(values);
  });

  it.each<[unknown, HashMode, unknown[]]>([
    [['MAKER|AB1', 'MAKER|CD2'], 'exact', ['#MAKER|AB1', '#MAKER|CD2']],
    [['AB', 'C'], 'prefix', [['#A', '#AB'], ['#C']]],
    ['ATF', 'prefix', [['#A', '#AT', '#ATF']]],
    [[], 'prefix', []],
  ])('%j in a %s field is stored as %j: one index key per value', (field, mode, keys) => {
    expect(hashedKeys(hash, field, mode)).toEqual(keys);
  });

  it('names a row’s plain index values as one string, missing ones included', () => {
    const fields = [
      ['caseKey', 'prefix'],
      ['serialKeys', 'prefix'],
    ] as const;
    expect(plainIndexValues(fields, { caseKey: 'ATF1', serialKeys: ['AB1'], status: 'ready' })).toBe('["ATF1",["AB1"]]');
    expect(plainIndexValues(fields, { caseKey: 'ATF1' })).toBe('["ATF1",null]');
  });
});

describe('a query on a hashed index', () => {
  const serials = { table: 'seizures', field: 'serialKeys', mode: 'prefix' } as const;
  const makerSerials = { table: 'seizures', field: 'makerSerialKeys', mode: 'exact' } as const;

  it.each<[string, typeof serials | typeof makerSerials, DBCoreKeyRange, DBCoreKeyRange]>([
    ['equals on an exact field: the value’s hash', makerSerials, equals('MAKER|AB1'), equals('#MAKER|AB1')],
    ['equals on a prefix field: the arrays that begin with all its prefixes', serials, equals('AB1'), startingWith(['#A', '#AB', '#AB1'])],
    ['starts with, within the ladder', serials, startsWith('LKQ'), startingWith(['#L', '#LK', '#LKQ'])],
    ['starts with, past the ladder’s step', serials, startsWith('LKQ884219'), startingWith(hashesUpTo('LKQ884219', 8))],
    ['starts with, past the ladder', serials, startsWith('X'.repeat(33)), startingWith(hashesUpTo('X'.repeat(33), 32))],
  ])('%s', (_, index, asked, stored) => {
    expect(translateHashedRange(hash, index, asked).range).toEqual(stored);
  });

  it.each<[string, typeof serials | typeof makerSerials, DBCoreKeyRange, unknown[], unknown[]]>([
    ['equals on a prefix field keeps only rows holding the whole value', serials, equals('AB1'), [['AB1'], ['CD2', 'AB1']], [['AB12'], ['AB'], []]],
    ['starts with past the hashed prefix keeps the rows that have the rest', serials, startsWith('LKQ884219'), [['LKQ8842197'], ['ZZ', 'LKQ884219']], [['LKQ8842201'], []]],
  ])('%s', (_, index, asked, kept, dropped) => {
    const { keep } = translateHashedRange(hash, index, asked);
    for (const value of kept) expect(keep?.({ serialKeys: value })).toBe(true);
    for (const value of dropped) expect(keep?.({ serialKeys: value })).toBe(false);
  });

  it.each<[string, typeof serials | typeof makerSerials, DBCoreKeyRange]>([
    ['equals on an exact field', makerSerials, equals('MAKER|AB1')],
    ['starts with, within the ladder', serials, startsWith('LKQ')],
    ['starts with, exactly at a hashed length', serials, startsWith('LKQ8842197')],
  ])('%s: nothing is left to check on the opened rows', (_, index, asked) => {
    expect(translateHashedRange(hash, index, asked).keep).toBeUndefined();
  });

  it.each<[string, typeof serials | typeof makerSerials, DBCoreKeyRange, string]>([
    ['starts with on an exact field', makerSerials, startsWith('MAKER'), 'The sealed index seizures.makerSerialKeys answers "equals" only.'],
    ['equals the empty string', serials, equals(''), 'The sealed index seizures.serialKeys answers "equals" and "starts with" only.'],
    ['equals a number', serials, equals(7), 'The sealed index seizures.serialKeys answers "equals" and "starts with" only.'],
    ['between two values', serials, { type: RANGE, lower: 'A', upper: 'C' }, 'The sealed index seizures.serialKeys answers "equals" and "starts with" only.'],
    ['starts with the empty string', serials, startsWith(''), 'The sealed index seizures.serialKeys answers "equals" and "starts with" only.'],
    ['every value', serials, { type: ANY, lower: undefined, upper: undefined }, 'The sealed index seizures.serialKeys answers "equals" and "starts with" only.'],
  ])('refuses %s', (_, index, asked, message) => {
    expect(() => translateHashedRange(hash, index, asked)).toThrow(message);
  });
});
