/**
 * Trace readiness per firearm: which of the identifiers ATF's National Tracing Center needs
 * (manufacturer, importer when imported, model, calibre, serial, plus type and country, all
 * starred on Form 3312.1) are present, which are missing and which are present but wrong.
 * Derived from the same issues the form shows, so the checklist can never disagree with them.
 */
import type { Issue } from './issues';
import type { Firearm } from './schema';

export const TRACE_FIELDS = ['serialNumber', 'manufacturer', 'importer', 'model', 'caliber', 'type', 'countryOfOrigin'] as const;
export type TraceField = (typeof TRACE_FIELDS)[number];

/** present | missing | invalid (an error on it) | notNeeded (importer of a US gun) | unavailable (no serial to read). */
export type TraceFieldState = 'present' | 'missing' | 'invalid' | 'notNeeded' | 'unavailable';

export interface TraceReadiness {
  items: { field: TraceField; state: TraceFieldState }[];
  /** Every needed identifier is present and valid. */
  complete: boolean;
}

const MISSING_CODES = new Set(['required', 'serial.required', 'firearm.importerRequired']);
const SERIAL_STATUS_PATHS = ['serialNumber', 'serialStatus'];

export function traceReadiness(firearm: Firearm, index: number, issues: readonly Issue[]): TraceReadiness {
  const prefix = `firearms.${index}.`;
  const errorsAt = (fields: readonly string[]) =>
    issues.filter((i) => i.severity === 'error' && fields.some((f) => i.path === prefix + f));

  const items = TRACE_FIELDS.map((field) => {
    const fields = field === 'serialNumber' ? SERIAL_STATUS_PATHS : [field];
    const errors = errorsAt(fields);
    let state: TraceFieldState;
    if (errors.some((e) => MISSING_CODES.has(e.code))) state = 'missing';
    else if (errors.length > 0) state = 'invalid';
    else if (field === 'importer' && (firearm.countryOfOrigin ?? 'US') === 'US') state = 'notNeeded';
    else if (field === 'serialNumber' && (firearm.serialStatus === 'obliterated' || firearm.serialStatus === 'none_marked')) state = 'unavailable';
    else if (field === 'serialNumber' && !firearm.serialNumber?.trim()) state = 'missing';
    else state = (firearm[field] ?? '') === '' ? 'missing' : 'present';
    return { field, state };
  });
  return { items, complete: items.every((item) => item.state === 'present' || item.state === 'notNeeded') };
}
