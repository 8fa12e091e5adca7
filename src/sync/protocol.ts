/**
 * The wire format of docs/sync-protocol.md, as zod schemas: what the client sends, and what it
 * accepts back. Server answers are remote data: they are parsed here before anything of theirs
 * reaches the database, and a pulled record that is not a valid seizure is never stored.
 */
import { z } from 'zod/mini';
import type { Issue } from '../domain/issues';
import { SeizureSchema, type Seizure } from '../domain/schema';

export interface PushMutation {
  mutationId: string;
  recordId: string;
  baseRevision: number | null;
  record: Seizure;
}

export interface PushRequest {
  deviceId: string;
  mutations: PushMutation[];
}

// A revision number as the server counts them, from 1.
const revision = z.int().check(z.gte(1));

const IssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});

const ServerVersionSchema = z.object({ revision, record: z.unknown() });

export const PushResultSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.string(), status: z.literal('applied'), revision }),
  z.object({ mutationId: z.string(), status: z.literal('duplicate'), revision }),
  z.object({ mutationId: z.string(), status: z.literal('conflict'), current: ServerVersionSchema }),
  z.object({ mutationId: z.string(), status: z.literal('rejected'), errors: z.array(IssueSchema) }),
]);
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.object({ results: z.array(PushResultSchema) });
export type PushResponse = z.infer<typeof PushResponseSchema>;

// A change is a record's latest revision (marked `shared` when another agency shares it with
// ours: read-only here), or a tombstone when a share ended: the device removes its copy.
const PulledChangeSchema = z.union([
  z.object({ recordId: z.string(), revision, removed: z.literal(true) }),
  z.object({ recordId: z.string(), revision, record: z.unknown(), shared: z.optional(z.object({ fromAgency: z.string() })) }),
]);

export const PullResponseSchema = z.object({
  changes: z.array(PulledChangeSchema),
  cursor: z.string(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// Health answers { status: 'ok', ... }; only that matters to the probe.
export const HealthSchema = z.object({ status: z.literal('ok') });

/** The answer to a sign-out. */
export const LogoutResponseSchema = z.object({ revoked: z.literal(true) });

/** The answer to a sign-in and to a refresh: an access token and the refresh token that renews it. */
export const LoginResponseSchema = z.object({
  token: z.string().check(z.minLength(1)),
  expiresAt: z.string(),
  refreshToken: z.string().check(z.minLength(1)),
  refreshExpiresAt: z.string(),
  /** Opens this account's device secret (full sign-in only, never on refresh): kept in memory, never stored. */
  accountKey: z.optional(z.string()),
  /** The agency's inactivity limit before the app locks itself. */
  lockAfterMinutes: z.optional(z.int().check(z.gte(1), z.lte(30))),
  user: z.object({
    id: z.string(),
    username: z.string(),
    role: z.string(),
    agency: z.object({ code: z.string(), name: z.string() }),
  }),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** GET /api/v1/records/:id/history (supervisors and admins): who changed which fields, when, from where. */
export const RecordHistorySchema = z.object({
  recordId: z.string(),
  revisions: z.array(
    z.object({
      revision,
      at: z.string(),
      author: z.object({ id: z.string(), username: z.nullable(z.string()) }),
      deviceId: z.string(),
      changedFields: z.nullable(z.array(z.string())),
    }),
  ),
});
export type RecordHistory = z.infer<typeof RecordHistorySchema>;

export const ShareSchema = z.object({
  id: z.string(),
  recordId: z.nullable(z.string()),
  caseNumber: z.nullable(z.string()),
  fromAgency: z.string(),
  toAgency: z.string(),
  grantedBy: z.object({ id: z.string(), username: z.nullable(z.string()) }),
  grantedAt: z.string(),
  revokedAt: z.nullable(z.string()),
});
export type Share = z.infer<typeof ShareSchema>;

/** GET /api/v1/shares (supervisors and admins): what our agency gave and received, and to whom it may give. */
export const SharesSchema = z.object({
  given: z.array(ShareSchema),
  received: z.array(ShareSchema),
  mayShareWith: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type Shares = z.infer<typeof SharesSchema>;

/** A record from the server, accepted only if it is a valid seizure. */
export function asSeizure(value: unknown): Seizure | undefined {
  const parsed = SeizureSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const toIssues = (errors: z.infer<typeof IssueSchema>[]): Issue[] => errors as Issue[];
