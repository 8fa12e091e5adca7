/**
 * Judges a pushed record before it is stored, with the same domain validation the app runs.
 *
 * Fields the server owns are replaced before validating, so the body's values for them are
 * never looked at: `agency.code` becomes the caller's agency, `createdBy` the caller (push.ts
 * keeps the first author on later revisions) and `revision` is dropped (push.ts sets it).
 *
 * A `ready` record must have no error; a `draft` is refused only when its shape is wrong
 * (unknown fields, wrong types, oversized text): rule errors are what a draft is for.
 */
import { canBeReady, validateSeizure } from '../../domain/validate';
import type { Issue } from '../../domain/issues';
import type { Seizure } from '../../domain/schema';
import { mxGeoLocator } from '../../domain/geo/mx-geo';
import { municipalityCatalogue } from '../../domain/vocab/municipalities';

export interface Caller {
  userId: string;
  username: string;
  agencyCode: string;
}

export type Prepared = { ok: true; record: Seizure; issues: Issue[] } | { ok: false; errors: Issue[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function withServerFields(input: unknown, caller: Caller): unknown {
  if (!isPlainObject(input)) return input; // not a record at all: validation says so
  const record = { ...input };
  delete record.revision;
  const agency = record.agency === undefined ? {} : record.agency;
  return {
    ...record,
    // A non-object agency is left as it is, for validation to refuse.
    agency: isPlainObject(agency) ? { ...agency, code: caller.agencyCode } : agency,
    createdBy: caller.username,
  };
}

export function prepareRecord(input: unknown, caller: Caller, now: Date): Prepared {
  const result = validateSeizure(withServerFields(input, caller), { now, municipalities: municipalityCatalogue, geo: mxGeoLocator });
  if (!result.ok) return { ok: false, errors: result.issues };
  if (result.record.status === 'ready' && !canBeReady(result.issues)) {
    return { ok: false, errors: result.issues.filter((issue) => issue.severity === 'error') };
  }
  return { ok: true, record: result.record, issues: result.issues };
}

/** The record id the body claims, when it has one of the right type. */
export const claimedRecordId = (input: unknown): string | undefined =>
  isPlainObject(input) && typeof input.id === 'string' ? input.id : undefined;
