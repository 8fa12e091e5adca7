/**
 * The wire format of docs/sync-protocol.md, as zod schemas: what the client sends, and what it
 * accepts back (push and pull from domain/sync-wire.ts; sign-in, history and shares here). Server answers are remote data: they are parsed here before anything of theirs
 * reaches the database, and a pulled record that is not a valid seizure is never stored.
 */
import { z } from 'zod/mini';
import type { TracePushRequestSchema, TracePushResponseSchema } from '../domain/trace-wire';

// Push and pull are the domain's, shared with the server and the tests (domain/sync-wire.ts).
export {
  asSeizure,
  PullResponseSchema,
  PushResponseSchema,
  PushResultSchema,
  toIssues,
  type PullResponse,
  type PushMutation,
  type PushRequest,
  type PushResponse,
  type PushResult,
} from '../domain/sync-wire';
export {
  asTraceStatus,
  MAX_TRACE_CHANGES,
  TracePullResponseSchema,
  TracePushResponseSchema,
  type TracePullResponse,
  type TracePushResult,
} from '../domain/trace-wire';
export type TracePushRequest = z.infer<typeof TracePushRequestSchema>;
export type TraceResponse = z.infer<typeof TracePushResponseSchema>;
export { DeviceExportsResponseSchema, MAX_EXPORTS_PER_REQUEST, type DeviceExportsRequest, type DeviceExportsResponse } from '../domain/export/audit-wire';

/** The answer to a device report (POST /api/v1/sync/device-report). */
export const DeviceReportResponseSchema = z.object({ recorded: z.literal(true) });
export type DeviceReportResponse = z.infer<typeof DeviceReportResponseSchema>;

// A revision number as the server counts them, from 1.
const revision = z.int().check(z.gte(1));

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
  /** Whether the agency lets officers record trace status, not only supervisors (the server judges each change anyway). */
  officersRecordTrace: z.optional(z.boolean()),
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
  /** Every change of the firearms' trace status, states only (absent from servers before trace status). */
  traceChanges: z.optional(
    z.array(
      z.object({
        firearmId: z.string(),
        revision,
        at: z.string(),
        author: z.object({ id: z.string(), username: z.nullable(z.string()) }),
        deviceId: z.string(),
        from: z.string(),
        to: z.string(),
      }),
    ),
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
