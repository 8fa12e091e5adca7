/**
 * Evidence-bag codes (docs/evidence-codes.md): a short code per firearm, written on the bag's
 * label and typed or scanned back to open the record.
 *
 * Form: 8 Crockford base32 characters (40 random bits) and Crockford's check symbol, the value of
 * those 40 bits mod 37, as a ninth character. Why mod 37 is enough: 37 is prime and larger than
 * 32, so a changed character changes the value by (a - b) * 32^i, which 37 never divides; two
 * adjacent characters swapped change it by (a - b) * 32^i * 31, which 37 never divides either;
 * the data character and the check symbol swapped give a check of 2c - d, never d unless c = d.
 * test/domain/bag-code.test.ts tries every such error on a large sample.
 *
 * Only codes whose check symbol is one of the 32 ordinary characters are issued, so no code needs
 * Crockford's extra symbols (* ~ $ = U) that nobody can find on a phone's keyboard; a typed code
 * with them is still judged by the same rule.
 *
 * Pure: the random bytes are handed in (storage/ids.ts brings crypto.getRandomValues).
 */
import type { Issue, IssueCode } from './issues';

export const BAG_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Values 32–36 of the check symbol: Crockford's extra symbols, valid only in the last place. */
const CHECK_SYMBOLS = `${BAG_CODE_ALPHABET}*~$=U`;
export const BAG_CODE_DATA_LENGTH = 8;
export const BAG_CODE_LENGTH = BAG_CODE_DATA_LENGTH + 1;
/** Random bytes one attempt at a code reads: 5 bits per character. */
export const BAG_CODE_RANDOM_BYTES = BAG_CODE_DATA_LENGTH;

/** Why a typed code is not a bag code, in the order they are looked for. */
export type BagCodeProblem = 'empty' | 'length' | 'character' | 'check';

export type BagCodeParse =
  | { ok: true; code: string }
  | { ok: false; problem: BagCodeProblem; normalized: string; character?: string; position?: number };

const valueOf = (char: string): number => BAG_CODE_ALPHABET.indexOf(char);

/** The check symbol of the data characters: their base-32 value mod 37 (Horner, so no big numbers). */
export function checkSymbol(data: string): string {
  let rest = 0;
  for (const char of data) rest = (rest * 32 + valueOf(char)) % 37;
  return CHECK_SYMBOLS.charAt(rest);
}

/**
 * What an officer typed, in canonical form: capitals, no spaces or hyphens, and the look-alikes
 * Crockford reads as digits (I and L as 1, O as 0).
 */
export const normalizeBagCode = (typed: string): string =>
  typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');

/** A typed code checked: the canonical code, or what is wrong with it. */
export function parseBagCode(typed: string): BagCodeParse {
  const normalized = normalizeBagCode(typed);
  if (normalized === '') return { ok: false, problem: 'empty', normalized };
  const chars = [...normalized];
  if (chars.length !== BAG_CODE_LENGTH) return { ok: false, problem: 'length', normalized };
  const wrong = chars.findIndex((char, i) => !(i < BAG_CODE_DATA_LENGTH ? BAG_CODE_ALPHABET : CHECK_SYMBOLS).includes(char));
  if (wrong >= 0) return { ok: false, problem: 'character', normalized, character: chars[wrong], position: wrong + 1 };
  const data = normalized.slice(0, BAG_CODE_DATA_LENGTH);
  if (checkSymbol(data) !== normalized.charAt(BAG_CODE_DATA_LENGTH)) return { ok: false, problem: 'check', normalized };
  return { ok: true, code: normalized };
}

/** A stored code: canonical and passing its check (the record schema's rule). */
export const isBagCode = (value: string): boolean => {
  const parsed = parseBagCode(value);
  return parsed.ok && parsed.code === value;
};

/**
 * A code from random bytes (BAG_CODE_RANDOM_BYTES of them, 5 bits of each used), or undefined
 * when its check symbol would be one of the extra symbols: the caller draws again (5 in 37).
 */
export function bagCodeFromRandom(bytes: Uint8Array): string | undefined {
  if (bytes.length < BAG_CODE_RANDOM_BYTES) throw new RangeError(`a bag code needs ${BAG_CODE_RANDOM_BYTES} random bytes`);
  const data = Array.from(bytes.subarray(0, BAG_CODE_DATA_LENGTH), (byte) => BAG_CODE_ALPHABET.charAt(byte & 31)).join('');
  const check = checkSymbol(data);
  return BAG_CODE_ALPHABET.includes(check) ? data + check : undefined;
}

/** A fresh code, drawing random bytes until one is issuable. */
export function newBagCode(randomBytes: (length: number) => Uint8Array): string {
  for (;;) {
    const code = bagCodeFromRandom(randomBytes(BAG_CODE_RANDOM_BYTES));
    if (code !== undefined) return code;
  }
}

/** The code as printed and shown: two groups, easier to read aloud and to compare by eye. */
export const formatBagCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * The record with a code on every firearm: a firearm without one gets a fresh one, and so does
 * one whose code the server said another firearm of the agency holds (`taken`, the codes of its
 * refusal). Any other code is kept: it may already be on a printed label.
 */
export function withBagCodes<T extends { firearms: readonly { bagCode?: string | undefined }[] }>(record: T, next: () => string, taken: ReadonlySet<string> = new Set()): T {
  if (record.firearms.every((firearm) => firearm.bagCode !== undefined && !taken.has(firearm.bagCode))) return record;
  const used = new Set(record.firearms.flatMap((firearm) => (firearm.bagCode === undefined ? [] : [firearm.bagCode])));
  const fresh = (): string => {
    for (;;) {
      const code = next();
      if (!used.has(code) && !taken.has(code)) return (used.add(code), code);
    }
  };
  const firearms = record.firearms.map((firearm) => (firearm.bagCode !== undefined && !taken.has(firearm.bagCode) ? firearm : { ...firearm, bagCode: fresh() }));
  return { ...record, firearms };
}

/** The issue code of a server refusal: another firearm of the agency holds this code (params.bagCode). */
export const BAG_CODE_TAKEN = 'firearm.bagCodeTaken' satisfies IssueCode;

/** The codes a server refusal named as taken. */
export const takenBagCodes = (errors: readonly Pick<Issue, 'code' | 'params'>[] | undefined): Set<string> =>
  new Set((errors ?? []).flatMap((error) => (error.code === BAG_CODE_TAKEN && typeof error.params?.bagCode === 'string' ? [error.params.bagCode] : [])));
