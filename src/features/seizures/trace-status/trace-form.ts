/**
 * The trace status form's values and what they become: a TraceStatus judged by the domain's own
 * schema and checks (src/domain/trace-status.ts), the same the server applies, so the officer
 * hears a refusal with its code before anything is saved, and offline. The resolver hands
 * react-hook-form the domain's issues by field; nothing is written while any is left.
 */
import type { FieldErrors, Resolver } from 'react-hook-form';
import type { Issue } from '../../../domain/issues';
import { checkTraceStatus, TraceStatusSchema, type NotTracedReason, type TraceContext, type TraceIssue, type TraceState, type TraceStatus } from '../../../domain/trace-status';
import { shapeIssues } from '../../../domain/validate';

export interface TraceFormValues {
  status: TraceState;
  requestedAt: string;
  requestNumber: string;
  purchaserFound: boolean;
  purchaserFirstName: string;
  purchaserLastName: string;
  purchaserSecondLastName: string;
  purchaserDateOfBirth: string;
  dealerName: string;
  dealerFfl: string;
  purchaseDate: string;
  timeToCrimeDays: string;
  notTracedReason: NotTracedReason | '';
  note: string;
}

export type TraceField = keyof TraceFormValues;

/** The form as it opens on a firearm's status (a first status starts at "requested"). */
export function initialValues(status: TraceStatus | undefined): TraceFormValues {
  return {
    status: status && status.status !== 'not_requested' ? status.status : 'requested',
    requestedAt: status?.requestedAt ?? '',
    requestNumber: status?.requestNumber ?? '',
    purchaserFound: status?.result?.purchaserFound ?? false,
    purchaserFirstName: status?.result?.purchaserFirstName ?? '',
    purchaserLastName: status?.result?.purchaserLastName ?? '',
    purchaserSecondLastName: status?.result?.purchaserSecondLastName ?? '',
    purchaserDateOfBirth: status?.result?.purchaserDateOfBirth ?? '',
    dealerName: status?.result?.dealerName ?? '',
    dealerFfl: status?.result?.dealerFfl ?? '',
    purchaseDate: status?.result?.purchaseDate ?? '',
    timeToCrimeDays: status?.result?.timeToCrimeDays?.toString() ?? '',
    notTracedReason: status?.notTracedReason ?? '',
    note: status?.note ?? '',
  };
}

const given = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** The status the values stand for: only the details of the chosen state go in. */
export function statusOf(values: TraceFormValues, ids: { firearmId: string; seizureId: string }, now: Date): Record<string, unknown> {
  const asked = values.status !== 'not_requested';
  const days = given(values.timeToCrimeDays);
  const result = {
    purchaserFound: values.purchaserFound,
    // The name goes with "purchaser found" only: unticking it drops a name typed before.
    ...(values.purchaserFound && {
      purchaserFirstName: given(values.purchaserFirstName),
      purchaserLastName: given(values.purchaserLastName),
      purchaserSecondLastName: given(values.purchaserSecondLastName),
      purchaserDateOfBirth: given(values.purchaserDateOfBirth),
    }),
    dealerName: given(values.dealerName),
    dealerFfl: given(values.dealerFfl)?.toUpperCase(),
    purchaseDate: given(values.purchaseDate),
    // A number typed as text: what is not a whole number fails the schema, as it should.
    timeToCrimeDays: days === undefined ? undefined : Number(days),
  };
  const status = {
    ...ids,
    status: values.status,
    requestedAt: asked ? given(values.requestedAt) : undefined,
    requestNumber: asked ? given(values.requestNumber)?.toUpperCase() : undefined,
    result: values.status === 'traced' ? result : undefined,
    notTracedReason: values.status === 'not_traced' ? values.notTracedReason || undefined : undefined,
    note: given(values.note),
    updatedAt: now.toISOString(),
  };
  // Absent, not undefined: the schema is strict about what a status holds.
  return JSON.parse(JSON.stringify(status)) as Record<string, unknown>;
}

/** The form field an issue of the domain speaks of. */
export function fieldOfIssue(path: string): TraceField {
  const leaf = path.split('.').at(-1) ?? '';
  if (path === 'result') return 'purchaserFound';
  return (leaf in initialValues(undefined) ? leaf : 'status') as TraceField;
}

export type TraceIssuesByField = Partial<Record<TraceField, Issue[]>>;

/** What the domain says of the values, as issues by field; none when the status may be saved. */
export function judge(values: TraceFormValues, ids: { firearmId: string; seizureId: string }, ctx: TraceContext): { status?: TraceStatus; issues: TraceIssue[] } {
  const parsed = TraceStatusSchema.safeParse(statusOf(values, ids, ctx.now));
  if (!parsed.success) return { issues: shapeIssues(parsed.error) };
  const issues = checkTraceStatus(parsed.data, ctx);
  return issues.length > 0 ? { issues } : { status: parsed.data, issues };
}

/**
 * The resolver: react-hook-form's errors carry the codes, and `onIssues` hands the issues
 * themselves (with their parameters) to the fields that show them in the officer's language.
 */
export function traceResolver(ids: { firearmId: string; seizureId: string }, ctx: () => TraceContext, onIssues: (byField: TraceIssuesByField) => void): Resolver<TraceFormValues, unknown, TraceStatus> {
  return (values) => {
    const { status, issues } = judge(values, ids, ctx());
    const byField: TraceIssuesByField = {};
    const errors: FieldErrors<TraceFormValues> = {};
    for (const issue of issues) {
      const field = fieldOfIssue(issue.path);
      (byField[field] ??= []).push(issue as Issue);
      errors[field] ??= { type: issue.code, message: issue.code };
    }
    onIssues(byField);
    return Promise.resolve(status ? { values: status, errors: {} } : { values: {}, errors });
  };
}
