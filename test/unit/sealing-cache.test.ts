/**
 * What the open keys remember (src/storage/crypto/sealing-cache.ts), each part under its rule:
 * bytes sealed ahead go only to the same JSON under the same context, once; a row remembered is
 * trusted only for the very bytes it was remembered as, and kept as a copy; a row's index hashes
 * go with the row; every part is bounded.
 */
import { describe, expect, it } from 'vitest';
import { createSealingCache } from '../../src/storage/crypto/sealing-cache';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('bytes sealed ahead', () => {
  it.each<[string, string, string, boolean]>([
    ['the same JSON under the same context', 'seizures|t|r-1', '{"a":1}', true],
    ['changed JSON', 'seizures|t|r-1', '{"a":2}', false],
    ['another context', 'outbox|t|r-1', '{"a":1}', false],
  ])('are taken for %s: %s', (_, context, json, taken) => {
    const cache = createSealingCache();
    const ahead = bytes(1, 2, 3);
    cache.keepSealedAhead('seizures|t|r-1', '{"a":1}', ahead);
    expect(cache.takeSealedAhead(context, json)).toBe(taken ? ahead : undefined);
  });

  it('are taken once, and still wait after a write they did not fit', () => {
    const cache = createSealingCache();
    const ahead = bytes(1, 2, 3);
    cache.keepSealedAhead('seizures|t|r-1', '{"a":1}', ahead);
    expect(cache.takeSealedAhead('seizures|t|r-1', '{"a":2}')).toBeUndefined();
    expect(cache.takeSealedAhead('seizures|t|r-1', '{"a":1}')).toBe(ahead);
    expect(cache.takeSealedAhead('seizures|t|r-1', '{"a":1}')).toBeUndefined();
  });
});

describe('rows lately sealed or opened', () => {
  it.each<[string, Uint8Array, string | undefined]>([
    ['the same bytes', bytes(9, 8, 7), '{"a":1}'],
    ['altered bytes', bytes(9, 8, 6), undefined],
    ['shorter bytes', bytes(9, 8), undefined],
  ])('answer for %s with %s', (_, asked, json) => {
    const cache = createSealingCache();
    cache.rememberRow('seizures|t|r-1', bytes(9, 8, 7), '{"a":1}');
    expect(cache.openedJson('seizures|t|r-1', asked)).toBe(json);
    expect(cache.openedJson('seizures|t|r-2', asked)).toBeUndefined();
  });

  it('keep a copy of the bytes, not the caller’s array', () => {
    const cache = createSealingCache();
    const sealed = bytes(9, 8, 7);
    cache.rememberRow('seizures|t|r-1', sealed, '{"a":1}');
    sealed[0] = 0;
    expect(cache.openedJson('seizures|t|r-1', sealed)).toBeUndefined();
    expect(cache.openedJson('seizures|t|r-1', bytes(9, 8, 7))).toBe('{"a":1}');
  });

  it('keep a row’s index hashes across a write of it, and none for a row not remembered', () => {
    const cache = createSealingCache();
    const index = { plain: '["ATF1"]', stored: { caseKey: [['#A']] } };
    cache.rememberRowIndex('seizures|t|r-2', index);
    expect(cache.rowIndex('seizures|t|r-2')).toBeUndefined();
    cache.rememberRow('seizures|t|r-1', bytes(1), '{"a":1}');
    cache.rememberRowIndex('seizures|t|r-1', index);
    cache.rememberRow('seizures|t|r-1', bytes(2), '{"a":2}');
    expect(cache.rowIndex('seizures|t|r-1')).toBe(index);
    expect(cache.openedJson('seizures|t|r-1', bytes(2))).toBe('{"a":2}');
  });

  it('are bounded: past 1,000 rows the oldest are gone, with their index hashes', () => {
    const cache = createSealingCache();
    cache.rememberRow('row-0', bytes(0), '0');
    cache.rememberRowIndex('row-0', { plain: '0', stored: {} });
    for (let i = 1; i < 1_000; i++) cache.rememberRow(`row-${i}`, bytes(i % 256), String(i));
    expect(cache.openedJson('row-0', bytes(0))).toBe('0');
    cache.rememberRow('row-1000', bytes(1), '1000');
    expect(cache.openedJson('row-0', bytes(0))).toBeUndefined();
    expect(cache.rowIndex('row-0')).toBeUndefined();
    expect(cache.openedJson('row-1000', bytes(1))).toBe('1000');
  });
});

describe('index hashes', () => {
  it('are computed once per value', () => {
    const cache = createSealingCache();
    const asked: string[] = [];
    const hash = (value: string) => (asked.push(value), `#${value}`);
    expect(['AB1', 'AB1', 'CD2', 'AB1'].map((value) => cache.indexHash(value, hash))).toEqual(['#AB1', '#AB1', '#CD2', '#AB1']);
    expect(asked).toEqual(['AB1', 'CD2']);
  });
});
