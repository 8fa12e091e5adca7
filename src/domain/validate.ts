/**
 * One entry point for "is this record acceptable?", used before every local write and by the
 * server for every record it receives. The shape check (zod) refuses what can never be stored;
 * the rule checks say what a trace still needs. Zod's own messages are English sentences, so
 * they are mapped onto our codes here and never shown.
 */
import type { z } from 'zod/mini';
import { checkSeizure, type CheckContext } from './checks';
import { hasErrors, warningKey, type Issue } from './issues';
import { SeizureSchema, type Seizure } from './schema';
import { TEXT_ISSUE_CODE } from './text';

export type ValidationResult =
  | { ok: true; record: Seizure; issues: Issue[] }
  | { ok: false; issues: Issue[] };

function codeFor(issue: z.core.$ZodIssue): Issue['code'] {
  switch (issue.code) {
    // issue.input is only there because safeParse asks for it (reportInput); zod 4 leaves it out by default.
    case 'invalid_type':
    case 'invalid_value':
      return issue.input === undefined ? 'required' : 'invalid';
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array' ? 'tooLong' : 'outOfRange';
    case 'too_small':
      return issue.origin === 'array' && issue.minimum === 1 ? 'required' : 'outOfRange';
    case 'custom':
      return issue.params?.code === TEXT_ISSUE_CODE ? TEXT_ISSUE_CODE : 'invalid';
    default:
      return 'invalid';
  }
}

export function shapeIssues(error: z.core.$ZodError): Issue[] {
  return error.issues.map((issue) => {
    const result: Issue = { path: issue.path.map(String).join('.'), code: codeFor(issue), severity: 'error' };
    if (issue.code === 'unrecognized_keys') result.params = { keys: issue.keys.join(', ') };
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      result.params = { limit: Number(issue.code === 'too_big' ? issue.maximum : issue.minimum) };
    }
    return result;
  });
}

export function validateSeizure(input: unknown, ctx: CheckContext): ValidationResult {
  const parsed = SeizureSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: shapeIssues(parsed.error) };
  return { ok: true, record: parsed.data, issues: checkSeizure(parsed.data, ctx) };
}

/** Warnings the officer has not yet looked at and confirmed. */
export function unconfirmedWarnings(issues: readonly Issue[], confirmed: readonly string[]): Issue[] {
  const done = new Set(confirmed);
  return issues.filter((issue) => issue.severity === 'warning' && !done.has(warningKey(issue)));
}

/**
 * "Ready" means trace-ready: no hard error left. Unconfirmed warnings are the form's concern
 * (it asks before marking ready); the server only refuses errors.
 */
export const canBeReady = (issues: readonly Issue[]): boolean => !hasErrors(issues);
