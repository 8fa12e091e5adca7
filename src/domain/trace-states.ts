/**
 * The trace states and the reasons a firearm was not traced, apart from trace-status.ts (which
 * brings zod): the list shows trace summaries on the first screen, where zod does not load
 * (docs/performance.md).
 */
export const TRACE_STATES = ['not_requested', 'requested', 'traced', 'not_traced'] as const;
export type TraceState = (typeof TRACE_STATES)[number];

export const NOT_TRACED_REASONS = ['obliterated_serial', 'invalid_serial', 'no_importer', 'not_us_sourced', 'record_not_found', 'other'] as const;
export type NotTracedReason = (typeof NOT_TRACED_REASONS)[number];
