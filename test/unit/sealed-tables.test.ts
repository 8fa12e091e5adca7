/**
 * Whose rows a sealed table holds (src/storage/crypto/sealed-tables.ts): keys carry the
 * officer's tag on disk and lose it on the way up, a range of keys stays within the officer's
 * tag however open it was asked, and a row's seal is bound to its table, officer and name.
 */
import type { DBCoreKeyRange } from 'dexie';
import { describe, expect, it } from 'vitest';
import { ANY, EQUAL, RANGE } from '../../src/storage/crypto/hashed-index';
import { isTaggedBy, rowContext, SEALED, tagKey, translatePrimaryRange, untagKey } from '../../src/storage/crypto/sealed-tables';

const seizures = SEALED.seizures!;
const outbox = SEALED.outbox!;
const TAG = 'T1';

describe('keys of a sealed table', () => {
  it.each<[string, typeof seizures, unknown, unknown]>([
    ['a record id', seizures, 'r-1', 'T1|r-1'],
    ['an outbox sequence', outbox, 7, 7],
    ['a string in a table of number keys', outbox, 'r-1', 'r-1'],
    ['a number in a table of string keys', seizures, 7, 7],
  ])('%s is stored as %j', (_, spec, key, stored) => {
    expect(tagKey(spec, TAG, key)).toEqual(stored);
    expect(untagKey(spec, TAG, stored)).toEqual(key);
  });

  it.each<[unknown, boolean]>([
    ['T1|r-1', true],
    ['T2|r-1', false],
    ['T1r-1', false],
    ['T11|r-1', false],
    [7, false],
  ])('%j is this officer’s: %s', (key, ours) => {
    expect(isTaggedBy(TAG, key)).toBe(ours);
    // Another officer's key is handed up as it is, never as one of ours.
    if (!ours && typeof key === 'string') expect(untagKey(seizures, TAG, key)).toBe(key);
  });

  it.each<[string, DBCoreKeyRange, DBCoreKeyRange]>([
    ['one key', { type: EQUAL, lower: 'r-1', upper: 'r-1' }, { type: EQUAL, lower: 'T1|r-1', upper: 'T1|r-1' }],
    ['every key', { type: ANY, lower: undefined, upper: undefined }, { type: RANGE, lower: 'T1|', upper: 'T1}', lowerOpen: false, upperOpen: true }],
    ['keys above one', { type: RANGE, lower: 'r-1', upper: undefined, lowerOpen: true }, { type: RANGE, lower: 'T1|r-1', upper: 'T1}', lowerOpen: true, upperOpen: true }],
    ['keys up to one', { type: RANGE, lower: undefined, upper: 'r-5', upperOpen: false }, { type: RANGE, lower: 'T1|', upper: 'T1|r-5', lowerOpen: false, upperOpen: false }],
    ['keys between two', { type: RANGE, lower: 'r-1', upper: 'r-5', lowerOpen: false, upperOpen: true }, { type: RANGE, lower: 'T1|r-1', upper: 'T1|r-5', lowerOpen: false, upperOpen: true }],
  ])('a range of %s stays within the officer’s tag', (_, asked, stored) => {
    expect(translatePrimaryRange(seizures, TAG, asked)).toEqual(stored);
  });

  it('leaves the ranges of a table of number keys as asked', () => {
    const asked: DBCoreKeyRange = { type: RANGE, lower: 3, upper: 9, lowerOpen: false, upperOpen: true };
    expect(translatePrimaryRange(outbox, TAG, asked)).toBe(asked);
  });
});

describe('what a seal is bound to', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['seizures', { id: 'r-1', record: {} }, 'seizures|T1|r-1'],
    ['outbox', { seq: 4, mutationId: 'm-1', recordId: 'r-1' }, 'outbox|T1|m-1'],
    ['drafts', { id: 'draft-1' }, 'drafts|T1|draft-1'],
    ['officerData', { key: 'profile' }, 'officerData|T1|profile'],
  ])('a row of %s: its table, officer and name', (table, row, context) => {
    expect(rowContext(table, SEALED[table]!, TAG, row)).toBe(context);
  });
});
