/**
 * The form edits a Seizure directly. Inputs hand back "" and NaN for empty boxes, so the
 * resolver's schema first drops blanks (dropBlanks) and then applies the very schema the
 * repository and the server use. It only marks and focuses the fields a save refused for their
 * shape; whether a save goes ahead is domain/save-check.ts's to say.
 */
import { z } from 'zod/mini';
import { dropBlanks } from '../../../domain/record';
import { SeizureSchema, type Seizure } from '../../../domain/schema';

export const SeizureFormSchema = z.pipe(z.transform((values: unknown) => dropBlanks(values)), SeizureSchema);

export type SeizureFormValues = Seizure;

/** A draft restored from autosave is whatever the form held; accept it only if it still looks like one. */
export function asFormValues(value: unknown): SeizureFormValues | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const candidate = value as Partial<SeizureFormValues>;
  return typeof candidate.id === 'string' && Array.isArray(candidate.firearms) && candidate.firearms.length > 0
    ? (candidate as SeizureFormValues)
    : undefined;
}
