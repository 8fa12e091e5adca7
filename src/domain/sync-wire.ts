/**
 * The wire format of push and pull (docs/sync-protocol.md), declared once for the device, the
 * server and the tests. Requests are strict (the server refuses an unknown field or a wrong type
 * with `400 request.invalid`); answers are read tolerantly (a device keeps working when a newer
 * server adds a field).
 *
 * The record inside a mutation stays `unknown` in the request schema on purpose: a bad record is
 * not a bad request, it gets its own `rejected` result from the domain's validation while the
 * rest of the batch goes on. Records in answers are `unknown` too until the device has checked
 * them against SeizureSchema (`asSeizure`): remote data never reaches storage unparsed.
 */
import { z } from 'zod/mini';
import type { Issue } from './issues';
import { SeizureSchema, type Seizure } from './schema';
import { acceptableText } from './text';

export const MAX_MUTATIONS = 100;
export const MAX_PULL_LIMIT = 500;
export const DEFAULT_PULL_LIMIT = 100;

// A revision number as the server counts them, from 1.
export const revision = z.int().check(z.gte(1));

// --- Push request -------------------------------------------------------------------------

export const MutationSchema = z
  .strictObject({
    mutationId: z.uuid(),
    recordId: z.uuid(),
    baseRevision: z.nullable(revision),
    record: z.unknown(),
  })
  // z.unknown() also accepts a missing key; a mutation without a record is malformed.
  .check(z.refine((mutation) => mutation.record !== undefined));

export const PushRequestSchema = z.strictObject({
  // The same limit and characters the domain puts on a record's deviceId.
  deviceId: z.string().check(z.minLength(1), z.maxLength(80), acceptableText()),
  mutations: z.array(MutationSchema).check(z.maxLength(MAX_MUTATIONS)),
});


export type MutationInput = z.infer<typeof MutationSchema>;
/** What a device sends: the same envelope, with the record it saved. */
export type PushMutation = Omit<MutationInput, 'record'> & { record: Seizure };
export interface PushRequest {
  deviceId: string;
  mutations: PushMutation[];
}

// --- Push answer ----------------------------------------------------------------------------

/** An issue as the server sends it back (the app's Issue, read tolerantly). */
export const IssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});

const ServerVersionSchema = z.object({ revision, record: z.unknown() });

/** A push's answer per mutation, for records and for trace statuses: what `current` holds differs. */
export const pushResultSchema = <Current extends z.core.SomeType>(current: Current) =>
  z.discriminatedUnion('status', [
    z.object({ mutationId: z.string(), status: z.literal('applied'), revision }),
    z.object({ mutationId: z.string(), status: z.literal('duplicate'), revision }),
    z.object({ mutationId: z.string(), status: z.literal('conflict'), current }),
    z.object({ mutationId: z.string(), status: z.literal('rejected'), errors: z.array(IssueSchema) }),
  ]);

export const PushResultSchema = pushResultSchema(ServerVersionSchema);
export type PushResult = z.infer<typeof PushResultSchema>;
export type PushStatus = PushResult['status'];

export const PushResponseSchema = z.object({ results: z.array(PushResultSchema) });
export type PushResponse = z.infer<typeof PushResponseSchema>;

// --- Pull -----------------------------------------------------------------------------------

// Query strings are text: a number arrives as digits. A repeated parameter arrives as an array
// and fails here too.
const digits = (pattern: RegExp) => z.pipe(z.string().check(z.regex(pattern)), z.transform(Number));

export const PullQuerySchema = z.strictObject({
  cursor: z.optional(digits(/^(0|[1-9][0-9]{0,14})$/)),
  limit: z.optional(z.pipe(digits(/^[1-9][0-9]{0,2}$/), z.int().check(z.lte(MAX_PULL_LIMIT)))),
});

// A change is a record's latest revision (marked `shared` when another agency shares it with
// ours: read-only there), or a tombstone when a share ended: the device removes its copy.
const PulledChangeSchema = z.union([
  z.object({ recordId: z.string(), revision, removed: z.literal(true) }),
  z.object({ recordId: z.string(), revision, record: z.unknown(), shared: z.optional(z.object({ fromAgency: z.string() })) }),
]);
export type PulledChange = z.infer<typeof PulledChangeSchema>;

export const PullResponseSchema = z.object({
  changes: z.array(PulledChangeSchema),
  cursor: z.string(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** A record from the server, accepted only if it is a valid seizure. */
export function asSeizure(value: unknown): Seizure | undefined {
  const parsed = SeizureSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A rejection's errors as the app's issues (the server speaks the same codes). */
export const toIssues = (errors: z.infer<typeof IssueSchema>[]): Issue[] => errors as Issue[];
