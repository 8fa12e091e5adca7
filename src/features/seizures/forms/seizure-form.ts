/**
 * The form edits a Seizure directly. Inputs hand back "" and NaN for empty boxes, so the
 * resolver's schema first drops blanks (dropBlanks) and then applies the very schema the
 * repository and the server use.
 */
import { z } from 'zod/mini';
import { dropBlanks, SeizureSchema, warningKey, type Issue, type Seizure } from '../../../domain';

export const SeizureFormSchema = z.pipe(z.transform((values: unknown) => dropBlanks(values)), SeizureSchema);

export type SeizureFormValues = Seizure;

/** Keeps only confirmations of warnings that still apply, so stale ones do not pile up. */
export function liveConfirmations(confirmed: readonly string[], issues: readonly Issue[]): string[] {
  const current = new Set(issues.filter((i) => i.severity === 'warning').map(warningKey));
  return confirmed.filter((key) => current.has(key));
}

/** A draft restored from autosave is whatever the form held; accept it only if it still looks like one. */
export function asFormValues(value: unknown): SeizureFormValues | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const candidate = value as Partial<SeizureFormValues>;
  return typeof candidate.id === 'string' && Array.isArray(candidate.firearms) && candidate.firearms.length > 0
    ? (candidate as SeizureFormValues)
    : undefined;
}
