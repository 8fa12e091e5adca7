/**
 * Near-consecutive serials (issue 16): guns bought in one multiple purchase often carry serials a
 * few numbers apart (FXK7439, FXK7441). Two serials are near when they have the same maker and
 * model, the same letters around one run of digits of the same length, and that number differs
 * by at most the given distance. A serial one digit longer, another prefix or another model is
 * not near, however close the digits look.
 *
 * Pure: the server's link index and the tests use the same rule.
 */
import { serialKey } from './keys';

export const DEFAULT_SERIAL_DISTANCE = 10;
export const MAX_SERIAL_DISTANCE = 1000;

export interface SerialParts {
  /** The letters (and digits) before the last run of digits, and after it. */
  prefix: string;
  suffix: string;
  /** The last run of digits, as a number, and its length (leading zeros count). */
  number: number;
  width: number;
}

/** The serial's match key cut around its last run of digits; undefined when it has none. */
export function serialParts(serial: string | undefined): SerialParts | undefined {
  const key = serialKey(serial);
  const match = /^(.*?)(\d+)(\D*)$/.exec(key);
  if (!match) return undefined;
  const [, prefix = '', digits = '', suffix = ''] = match;
  // Beyond 15 digits a JavaScript number loses units; such a run is no purchase sequence anyway.
  if (digits.length > 15) return undefined;
  return { prefix, suffix, number: Number(digits), width: digits.length };
}

/**
 * The numeric distance between two serials of the same series, or undefined when they are not of
 * one series (different letters, different digit counts) or are the same serial.
 */
export function serialDistance(a: string | undefined, b: string | undefined): number | undefined {
  const [x, y] = [serialParts(a), serialParts(b)];
  if (!x || !y || x.prefix !== y.prefix || x.suffix !== y.suffix || x.width !== y.width) return undefined;
  const distance = Math.abs(x.number - y.number);
  return distance === 0 ? undefined : distance;
}

/** The series key two near serials share: maker, model, the letters and the digit count. */
export function seriesKey(makerKey: string, modelKey: string, serial: string | undefined): string {
  const parts = serialParts(serial);
  if (!parts || makerKey === '' || modelKey === '') return '';
  return `${makerKey}|${modelKey}|${parts.prefix}#${parts.width}${parts.suffix}`;
}
