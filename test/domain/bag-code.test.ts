/**
 * Evidence-bag codes (src/domain/bag-code.ts): the check symbol catches every single-character
 * substitution and every adjacent transposition, tried exhaustively on a large sample of codes
 * drawn the way the device draws them; typed input is normalised; firearms get codes once.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BAG_CODE_ALPHABET,
  BAG_CODE_LENGTH,
  bagCodeFromRandom,
  checkSymbol,
  formatBagCode,
  isBagCode,
  newBagCode,
  normalizeBagCode,
  parseBagCode,
  withBagCodes,
} from '../../src/domain/bag-code';
import { SeizureSchema } from '../../src/domain/schema';
import { validSeizure } from './fixtures';

const SAMPLE = 3000;
const random = (n: number) => new Uint8Array(randomBytes(n));
const sample = Array.from({ length: SAMPLE }, () => newBagCode(random));
// Every symbol a typed character can be after normalisation and still pass the character test somewhere.
const TYPEABLE = `${BAG_CODE_ALPHABET}*~$=U`;

const swapAt = (code: string, i: number) => code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);
const replaceAt = (code: string, i: number, char: string) => code.slice(0, i) + char + code.slice(i + 1);

describe('bag code check symbol', () => {
  it('issues well-formed codes of the fixed length that pass their own check', () => {
    for (const code of sample) {
      expect(code).toHaveLength(BAG_CODE_LENGTH);
      expect([...code].every((c) => BAG_CODE_ALPHABET.includes(c))).toBe(true);
      expect(parseBagCode(code)).toEqual({ ok: true, code });
      expect(isBagCode(code)).toBe(true);
    }
    // 3000 draws of 40 bits: a repeat would mean the random source is not used.
    expect(new Set(sample).size).toBe(SAMPLE);
  });

  it('refuses every single-character substitution in every position', () => {
    // Misses are collected, not asserted one by one: a million expect() calls would take minutes.
    let tried = 0;
    const missed: string[] = [];
    for (const code of sample) {
      for (let i = 0; i < code.length; i++) {
        for (const other of TYPEABLE) {
          if (other === code.charAt(i)) continue;
          const typo = replaceAt(code, i, other);
          if (parseBagCode(typo).ok) missed.push(`${code} → ${typo}`);
          tried++;
        }
      }
    }
    expect(missed).toEqual([]);
    expect(tried).toBe(SAMPLE * BAG_CODE_LENGTH * (TYPEABLE.length - 1));
  });

  it('refuses every adjacent transposition, the check symbol included', () => {
    let tried = 0;
    const missed: string[] = [];
    for (const code of sample) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code.charAt(i) === code.charAt(i + 1)) continue;
        const typo = swapAt(code, i);
        if (parseBagCode(typo).ok) missed.push(`${code} → ${typo}`);
        tried++;
      }
    }
    expect(missed).toEqual([]);
    expect(tried).toBeGreaterThan(SAMPLE * (BAG_CODE_LENGTH - 1) * 0.9);
  });

  it('the transposition argument holds for every pair of symbols and every place, not only the sample', () => {
    // (a - b) * 32^i * 31 mod 37 is never 0: checked over all of them.
    const zero: string[] = [];
    for (let a = 0; a < 32; a++)
      for (let b = 0; b < 32; b++) {
        if (a === b) continue;
        for (let i = 0; i < 8; i++) if (((a - b) * 31 * 32 ** i) % 37 === 0) zero.push(`${a},${b}@${i}`);
      }
    expect(zero).toEqual([]);
  });

  it('says which way a typed code is wrong', () => {
    const [code] = sample as [string];
    expect(parseBagCode('')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseBagCode(code.slice(0, 8))).toMatchObject({ ok: false, problem: 'length' });
    expect(parseBagCode(`U${code.slice(1)}`)).toMatchObject({ ok: false, problem: 'character', character: 'U', position: 1 });
    const wrongCheck = replaceAt(code, 8, code.charAt(8) === '0' ? '1' : '0');
    expect(parseBagCode(wrongCheck)).toMatchObject({ ok: false, problem: 'check' });
  });

  it('reads a code as people type it: lower case, spaces, hyphens, I and L for 1, O for 0', () => {
    const code = '01AB1CDEF'.slice(0, 8);
    const full = code + checkSymbol(code);
    expect(normalizeBagCode(' oiab-lcde f')).toBe('01AB1CDEF');
    expect(parseBagCode(`${full.slice(0, 4).toLowerCase().replace('0', 'o').replace('1', 'l')} - ${full.slice(4)}`)).toEqual({ ok: true, code: full });
    expect(formatBagCode(full)).toBe(`${full.slice(0, 4)}-${full.slice(4)}`);
    expect(parseBagCode(formatBagCode(full))).toEqual({ ok: true, code: full });
  });

  it('draws again when the check would be an extra symbol, and never issues one', () => {
    let refused = 0;
    for (let n = 0; n < 2000; n++) {
      const bytes = random(8);
      const data = Array.from(bytes, (b) => BAG_CODE_ALPHABET.charAt(b & 31)).join('');
      const code = bagCodeFromRandom(bytes);
      if (code === undefined) {
        expect(BAG_CODE_ALPHABET.includes(checkSymbol(data))).toBe(false);
        refused++;
      } else expect(code).toBe(data + checkSymbol(data));
    }
    // About 5 draws in 37 are drawn again: far from none, far from all.
    expect(refused).toBeGreaterThan(100);
    expect(refused).toBeLessThan(500);
    expect(() => bagCodeFromRandom(new Uint8Array(3))).toThrow(RangeError);
  });
});

describe('bag codes on a record', () => {
  const codes = ['00000000' + checkSymbol('00000000'), '11111111' + checkSymbol('11111111'), '22222222' + checkSymbol('22222222')];
  const counter = () => {
    let n = 0;
    return () => codes[n++ % codes.length] as string;
  };

  it('gives each firearm without a code a fresh one, distinct within the record, and keeps the ones it has', () => {
    const base = validSeizure();
    const record = { ...base, firearms: [{ ...base.firearms[0]!, bagCode: codes[0] }, { ...base.firearms[0]!, id: crypto.randomUUID(), itemNumber: 2 }] };
    const coded = withBagCodes(record, counter());
    expect(coded.firearms.map((f) => f.bagCode)).toEqual([codes[0], codes[1]]);
    expect(withBagCodes(coded, counter())).toBe(coded);
    expect(SeizureSchema.safeParse(coded).success).toBe(true);
  });

  it('replaces a code the server said is taken', () => {
    const base = validSeizure();
    const record = { ...base, firearms: [{ ...base.firearms[0]!, bagCode: codes[0] }] };
    expect(withBagCodes(record, counter(), new Set([codes[0]!])).firearms[0]?.bagCode).toBe(codes[1]);
  });

  it('the record schema refuses a code that fails its check or is not canonical', () => {
    const base = validSeizure();
    const bad = (bagCode: string) => SeizureSchema.safeParse({ ...base, firearms: [{ ...base.firearms[0]!, bagCode }] }).success;
    expect(bad(codes[0]!)).toBe(true);
    expect(bad(swapAt('01234567' + checkSymbol('01234567'), 2))).toBe(false);
    expect(bad(formatBagCode(codes[1]!))).toBe(false);
  });
});
