/**
 * A possessor's identity document (issue 16, "the same CURP / identity document"): the number
 * links two seizures' people more surely than a name and a date of birth, which two Juan
 * Hernández born the same day can share. Pure: the form checks it as the officer types, the
 * server's link index keys people by it.
 *
 * The CURP is checked in full, since its check digit catches a mistyped character: 4 letters,
 * the date of birth as YYMMDD, H/M (or X, non-binary), the state of birth (RENAPO's
 * two letters, NE born abroad), 3 consonants, the homonymy character (a digit for births before
 * 2000, a letter after) and the check digit (RENAPO's instructivo; the same as python-stdnum's
 * mx.curp). An INE voter key (clave de elector) is 18 characters: 6 letters, the date of birth as
 * YYMMDD, the state's 2 digits, H/M, 3 characters. Other documents (passports, US driver's
 * licences) follow too many issuers to check beyond their characters.
 */

export const ID_DOCUMENT_TYPES = ['curp', 'ine', 'passport', 'driver_license', 'other'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** RENAPO's state-of-birth codes, in INEGI's order (docs reference c.7), and NE for abroad. */
export const CURP_STATE_CODES = [
  'AS', 'BC', 'BS', 'CC', 'CL', 'CM', 'CS', 'CH', 'DF', 'DG', 'GT', 'GR', 'HG', 'JC', 'MC', 'MN',
  'MS', 'NT', 'NL', 'OC', 'PL', 'QT', 'QR', 'SP', 'SL', 'SR', 'TC', 'TS', 'TL', 'VZ', 'YN', 'ZS', 'NE',
] as const;

/** Ñ is 24th: RENAPO's table (a CURP writes X for Ñ today, but older ones carry it). */
const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/** A document number as compared: capitals, no spaces, dashes or dots (printed keys are spaced). */
export function normalizeIdNumber(value: string | undefined): string {
  return (value ?? '').normalize('NFC').toUpperCase().replace(/[\s\-./]+/g, '');
}

/** The check digit of a CURP's first 17 characters, or undefined when one is outside its alphabet. */
export function curpCheckDigit(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CURP_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return undefined;
    sum += value * (18 - i);
  }
  return String((10 - (sum % 10)) % 10);
}

const CURP_SHAPE = /^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$/;

/** Why a CURP cannot be right: its shape, its date, its state or its check digit. */
export type CurpProblem = 'format' | 'date' | 'state' | 'checkDigit';

/** The date of birth a CURP holds (YYYY-MM-DD), or undefined when it is not a calendar date. */
export function curpBirthDate(curp: string): string | undefined {
  const [yy, mm, dd] = [curp.slice(4, 6), curp.slice(6, 8), curp.slice(8, 10)];
  // The homonymy character tells the century: a digit before 2000, a letter from 2000 on.
  const century = /\d/.test(curp[16] ?? '') ? '19' : '20';
  const iso = `${century}${yy}-${mm}-${dd}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** What is wrong with a CURP as typed (normalized first), or undefined when it holds. */
export function checkCurp(value: string): CurpProblem | undefined {
  const curp = normalizeIdNumber(value);
  if (!CURP_SHAPE.test(curp)) return 'format';
  if (!curpBirthDate(curp)) return 'date';
  if (!(CURP_STATE_CODES as readonly string[]).includes(curp.slice(11, 13))) return 'state';
  return curpCheckDigit(curp.slice(0, 17)) === curp[17] ? undefined : 'checkDigit';
}

const INE_SHAPE = /^[A-Z]{6}\d{8}[HMX][0-9A-Z]{3}$/;

/** Whether a voter key has the INE's shape (18 characters as above). */
export const isIneKey = (value: string): boolean => INE_SHAPE.test(normalizeIdNumber(value));

/**
 * The link key of a document, or '' when there is nothing to link by: the type and the number
 * as compared. A CURP or voter key that fails its check never links: a mistyped one would link
 * two strangers as surely as a right one links one person.
 */
export function idDocumentKey(type: IdDocumentType | undefined, number: string | undefined): string {
  const normalized = normalizeIdNumber(number);
  if (!type || normalized.length < 5) return '';
  if (type === 'curp' && checkCurp(normalized)) return '';
  if (type === 'ine' && !isIneKey(normalized)) return '';
  return `${type}|${normalized}`;
}
