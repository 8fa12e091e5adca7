/**
 * The serial-number rules (rule ids N*, S-H*, W*: docs/domain-rules.md). A trace starts from
 * the serial, and most failed traces come from a serial that was misread, left as a
 * placeholder, or taken from the wrong part of the gun, so this check runs on every keystroke.
 *
 * Normalisation (N1-N3, docs/domain-rules.md#normalisation): NFKC, dashes unified to "-", upper
 * case, trimmed, inner white space removed, hyphens kept; never coerced to a number. The match
 * key drops hyphens and reads the letter O as zero (NCIC behaviour) and is used only to find
 * duplicates, never shown or sent as the serial.
 */
import type { Issue } from './issues';
import { findCaliber, CALIBERS } from './vocab/calibers';
import { findMaker } from './vocab/makers';
import { searchKey } from './vocab/normalize';
import { isPlaceholderText } from './placeholders';
import { normalizeSerial, serialMatchKey } from './serial-key';

export { normalizeSerial, serialMatchKey } from './serial-key';

export const SERIAL_STATUSES = ['legible', 'partial', 'obliterated', 'none_marked', 'not_checked'] as const;
export type SerialStatus = (typeof SERIAL_STATUSES)[number];

export const SERIAL_LOCATIONS = ['frame', 'receiver', 'slide', 'barrel', 'cylinder', 'other'] as const;
export type SerialLocation = (typeof SERIAL_LOCATIONS)[number];

/**
 * Why a modern-looking gun carries no serial; without one, "none marked" deserves a second look
 * (W9, docs/domain-rules.md#w9).
 */
export const NONE_MARKED_REASONS = ['pre_1968', 'antique', 'privately_made'] as const;
export type NoneMarkedReason = (typeof NONE_MARKED_REASONS)[number];

export interface SerialContext {
  serialStatus?: SerialStatus | undefined;
  serialLocation?: SerialLocation | undefined;
  manufacturer?: string | undefined;
  model?: string | undefined;
  caliber?: string | undefined;
  type?: string | undefined;
  privatelyMade?: boolean | undefined;
  noneMarkedReason?: NoneMarkedReason | undefined;
}

export interface SerialCheck {
  normalized: string;
  matchKey: string;
  /** Paths are relative to the firearm: "serialNumber", "serialStatus" or "noneMarkedReason". */
  issues: Issue[];
}

export const SERIAL_MAX_LENGTH = 30;
const SERIAL_USUAL_MIN = 3;
const SERIAL_USUAL_MAX = 20;

// Look-alike glyphs (W1, docs/domain-rules.md#w1): a letter that may be a misread digit, and
// the reverse.
const LETTER_LOOKS_LIKE_DIGIT: Record<string, string> = {
  O: '0', Q: '0', D: '0', I: '1', L: '1', S: '5', B: '8', Z: '2', G: '6',
};
const DIGIT_LOOKS_LIKE_LETTER = new Set(['0', '1', '2', '5', '6', '8']);
const isLetter = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function ambiguousPositions(normalized: string): number[] {
  const chars = [...normalized];
  const hasDigit = chars.some(isDigit);
  const positions: number[] = [];
  chars.forEach((c, i) => {
    const before = chars[i - 1];
    const after = chars[i + 1];
    if (LETTER_LOOKS_LIKE_DIGIT[c] && hasDigit) positions.push(i + 1);
    else if (DIGIT_LOOKS_LIKE_LETTER.has(c) && (before !== undefined || after !== undefined)) {
      const neighboursAreLetters = [before, after].filter((n) => n !== undefined).every(isLetter);
      if (neighboursAreLetters) positions.push(i + 1);
    }
  });
  return positions;
}

function isRun(values: number[]): boolean {
  if (values.length < 2) return false;
  const step = (values[1] ?? 0) - (values[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  return values.every((v, i) => i === 0 || v - (values[i - 1] ?? 0) === step);
}

function isTrivialPattern(serial: string): boolean {
  const s = serial.replace(/-/g, '');
  if (s.length >= 3 && /^(.)\1+$/.test(s)) return true;
  if (/^\d{4,}$/.test(s)) return isRun([...s].map(Number));
  const split = /^([A-Z]{2,})(\d{2,})$/.exec(s);
  if (split?.[1] && split[2]) {
    return isRun([...split[1]].map((c) => c.charCodeAt(0))) && isRun([...split[2]].map(Number));
  }
  return false;
}

// Any calibre name with a letter in it ("9MM", "38SPL") is a calibre, not a serial; bare
// numbers such as "22" are left alone because short numeric serials exist. Built once: folding
// every calibre name on each check was most of the cost of validating a record.
let caliberKeys: ReadonlySet<string> | undefined;
function caliberKeysWithLetters(): ReadonlySet<string> {
  caliberKeys ??= new Set(CALIBERS.flatMap((c) => [c.code, ...c.aliases].map(searchKey)).filter((key) => /[a-z]/.test(key)));
  return caliberKeys;
}

/**
 * The text typed in another field of the firearm that the serial merely repeats, if any (W6,
 * docs/domain-rules.md#w6).
 */
function echoedField(normalized: string, context: SerialContext): 'model' | 'caliber' | 'manufacturer' | undefined {
  const key = searchKey(normalized);
  if (key === '') return undefined;
  if (context.model && searchKey(context.model) === key) return 'model';

  const ownCaliber = findCaliber(context.caliber);
  const ownCaliberNames = ownCaliber
    ? [ownCaliber.code, ownCaliber.label.en, ownCaliber.label.es, ...ownCaliber.aliases]
    : context.caliber ? [context.caliber] : [];
  if (ownCaliberNames.some((name) => searchKey(name) === key)) return 'caliber';
  if (caliberKeysWithLetters().has(key)) return 'caliber';

  const maker = findMaker(context.manufacturer);
  const makerNames = maker ? [maker.label.en, ...maker.aliases] : context.manufacturer ? [context.manufacturer] : [];
  if (makerNames.some((name) => searchKey(name).length >= 3 && key.includes(searchKey(name)))) return 'manufacturer';
  return undefined;
}

const serialIssue = (code: Issue['code'], severity: Issue['severity'], params?: Issue['params']): Issue =>
  params ? { path: 'serialNumber', code, severity, params } : { path: 'serialNumber', code, severity };

export function checkSerial(serialNumber: string | undefined, context: SerialContext = {}): SerialCheck {
  const normalized = normalizeSerial(serialNumber);
  const matchKey = serialMatchKey(normalized);
  const issues: Issue[] = [];
  const status = context.serialStatus;

  if (status === 'not_checked') {
    issues.push({ path: 'serialStatus', code: 'serial.notChecked', severity: 'error' });
  }

  if (normalized === '') {
    if (status === 'legible' || status === 'partial') issues.push(serialIssue('serial.required', 'error'));
    if (status === 'none_marked' && !context.noneMarkedReason && !context.privatelyMade) {
      issues.push({ path: 'noneMarkedReason', code: 'serial.noneMarkedReason', severity: 'warning' });
    }
    return { normalized, matchKey, issues };
  }

  if (isPlaceholderText(normalized)) {
    issues.push(serialIssue('serial.placeholder', 'error', { value: (serialNumber ?? '').trim() }));
    return { normalized, matchKey, issues };
  }

  if (status === 'none_marked') {
    issues.push(serialIssue('serial.unexpectedForStatus', 'error'));
  }

  // A partial or obliterated reading may mark unreadable positions with "?" (S-H4,
  // docs/domain-rules.md#s-h4).
  const allowed = status === 'partial' || status === 'obliterated' ? /[A-Z0-9?-]/ : /[A-Z0-9-]/;
  const invalid = [...new Set([...normalized].filter((c) => !allowed.test(c)))];
  if (invalid.length > 0) {
    issues.push(serialIssue('serial.invalidCharacter', 'error', { characters: invalid.join(' ') }));
  }
  if (!/\d/.test(normalized)) issues.push(serialIssue('serial.noDigit', 'error'));

  if (normalized.length > SERIAL_MAX_LENGTH) {
    issues.push(serialIssue('serial.tooLong', 'error', { max: SERIAL_MAX_LENGTH, length: normalized.length }));
  } else if (normalized.length < SERIAL_USUAL_MIN || normalized.length > SERIAL_USUAL_MAX) {
    issues.push(serialIssue('serial.unusualLength', 'warning', { length: normalized.length }));
  }

  const positions = ambiguousPositions(normalized);
  if (positions.length > 0) {
    const characters = [...new Set(positions.map((p) => normalized[p - 1]))].join(' ');
    const list = positions.map((p) => `${normalized[p - 1]} (${p})`).join(', ');
    issues.push(serialIssue('serial.ambiguousCharacters', 'warning', { positions: positions.join(', '), characters, list }));
  }
  if (/\d[A-Z]+\d/.test(normalized.replace(/-/g, ''))) issues.push(serialIssue('serial.embeddedLetters', 'warning'));
  if (isTrivialPattern(normalized)) issues.push(serialIssue('serial.trivialPattern', 'warning'));
  if (/^\d{8}-/.test(normalized)) issues.push(serialIssue('serial.fflPrefix', 'warning'));

  const echoed = echoedField(normalized, context);
  if (echoed) issues.push(serialIssue('serial.looksLikeModelOrCaliber', 'warning', { field: echoed }));

  const location = context.serialLocation;
  if (location === 'slide' || location === 'barrel' || location === 'cylinder') {
    issues.push({ path: 'serialLocation', code: 'serial.notFromFrame', severity: 'warning', params: { location } });
  }

  // On S&W revolvers a 4-5 digit number on the crane is an assembly number (W12,
  // docs/domain-rules.md#w12).
  if (findMaker(context.manufacturer)?.code === 'SMITH_WESSON' && context.type === 'revolver' && /^\d{4,5}$/.test(normalized)) {
    issues.push(serialIssue('serial.possibleAssemblyNumber', 'warning'));
  }

  return { normalized, matchKey, issues };
}
