/**
 * What text the system accepts, decided once for the device, the server and both databases.
 *
 * - Ill-formed UTF-16 (a lone surrogate half) is refused everywhere: it cannot be stored as
 *   UTF-8, so SQLite and PostgreSQL would keep U+FFFD while the audit chain hashed what was
 *   sent, and `audit verify` would report tampering that never happened.
 * - Control characters are refused everywhere except tab, line feed and carriage return in free
 *   text (notes): PostgreSQL cannot store NUL at all (one NUL made a whole push fail there while
 *   SQLite kept it), and no officer types a control character; one that arrives was pasted from
 *   somewhere else or sent by a hostile client. A code, a name or an identifier holds none.
 *
 * The check refuses rather than strips: a record is evidence, and silently changing what the
 * officer entered would be worse than asking them to retype one field.
 */
import { z } from 'zod/mini';

export const TEXT_ISSUE_CODE = 'text.invalidCharacter';

export type TextKind = 'line' | 'multiline';

// C0 controls, DEL and C1 controls; free text keeps tab (U+0009), LF (U+000A) and CR (U+000D).
// Matching control characters is the point of these patterns.
// eslint-disable-next-line no-control-regex
const CONTROL = { line: /[\u0000-\u001f\u007f-\u009f]/, multiline: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/ };
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isWellFormedText = (value: string): boolean => !LONE_SURROGATE.test(value);

/** Each lone surrogate replaced by U+FFFD, as a UTF-8 encoder (and so either database) would store it. */
export const toWellFormedText = (value: string): string => value.replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd');

/** True when the value can be stored and hashed as it is. */
export function isAcceptableText(value: string, kind: TextKind = 'line'): boolean {
  return isWellFormedText(value) && !CONTROL[kind].test(value);
}

/**
 * The zod check behind every text field. Its issue carries our code in `params`, so validate.ts
 * reports `text.invalidCharacter` instead of the generic `invalid`.
 */
export const acceptableText = (kind: TextKind = 'line') =>
  z.refine<string>((value) => isAcceptableText(value, kind), { params: { code: TEXT_ISSUE_CODE } });

/** A string of at most `max` characters that the system can store (see above). */
export const textUpTo = (max: number, kind: TextKind = 'line') => z.string().check(z.maxLength(max), acceptableText(kind));
