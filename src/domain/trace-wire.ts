/**
 * The wire format of trace status sync (docs/sync-protocol.md "Trace status"): a push of status
 * changes per firearm, and a pull of the statuses the caller's agency may see, in the same pull
 * sequence as the records. Its own requests, apart from the records' push, so a trace result and
 * an edit of the same seizure's notes never meet: each has its own revision.
 *
 * As in sync-wire.ts, a change's status stays `unknown` in the request: a wrong status is not a
 * bad request but a `rejected` result with the domain's codes, while the rest of the push goes on.
 */
import { z } from 'zod/mini';
import { pushResultSchema, revision } from './sync-wire';
import { acceptableText } from './text';
import { TraceStatusSchema, type TraceStatus } from './trace-status';

export const MAX_TRACE_CHANGES = 100;

export const TraceChangeSchema = z
  .strictObject({
    mutationId: z.uuid(),
    recordId: z.uuid(),
    firearmId: z.uuid(),
    /** The status revision this change was made on; null for the firearm's first status. */
    baseRevision: z.nullable(revision),
    status: z.unknown(),
  })
  .check(z.refine((change) => change.status !== undefined));

export const TracePushRequestSchema = z.strictObject({
  deviceId: z.string().check(z.minLength(1), z.maxLength(80), acceptableText()),
  changes: z.array(TraceChangeSchema).check(z.maxLength(MAX_TRACE_CHANGES)),
});

export type TraceChangeInput = z.infer<typeof TraceChangeSchema>;
export type TraceChange = Omit<TraceChangeInput, 'status'> & { status: TraceStatus };

export const TracePushResultSchema = pushResultSchema(z.object({ revision, status: z.unknown() }));
export type TracePushResult = z.infer<typeof TracePushResultSchema>;

export const TracePushResponseSchema = z.object({ results: z.array(TracePushResultSchema) });

/** A firearm's latest status as a pull returns it; `shared` when another agency's record. */
const PulledTraceSchema = z.object({
  recordId: z.string(),
  firearmId: z.string(),
  revision,
  status: z.unknown(),
  shared: z.optional(z.object({ fromAgency: z.string() })),
});
export type PulledTrace = z.infer<typeof PulledTraceSchema>;

export const TracePullResponseSchema = z.object({
  statuses: z.array(PulledTraceSchema),
  cursor: z.string(),
  more: z.boolean(),
});
export type TracePullResponse = z.infer<typeof TracePullResponseSchema>;

/** A status from the server, accepted only if it is a valid one. */
export function asTraceStatus(value: unknown): TraceStatus | undefined {
  const parsed = TraceStatusSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
