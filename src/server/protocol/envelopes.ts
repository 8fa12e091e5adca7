/**
 * Request envelopes of protocol v1, strict: an unknown field or a wrong type makes the whole
 * request `400 request.invalid` and nothing is stored. The record inside a mutation stays
 * `unknown` here on purpose: a bad record is not a bad request, it gets its own `rejected`
 * result from the domain's validation (push.ts) while the rest of the batch goes on.
 */
import { z } from 'zod';
import { TOKEN_FORMAT } from '../auth/tokens';
import { invalidRequest } from '../errors';

export const MAX_MUTATIONS = 100;
export const MAX_PULL_LIMIT = 500;
export const DEFAULT_PULL_LIMIT = 100;

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
  // Optional and informational: which device signed in, for the audit trail.
  deviceId: z.string().min(1).max(80).optional(),
  // The TOTP code, for users who have one (docs/security.md "Second factor").
  otp: z.string().regex(/^[0-9]{6}$/).optional(),
});

export const RefreshRequest = z.strictObject({
  refreshToken: z.string().regex(TOKEN_FORMAT),
});

export const Mutation = z
  .strictObject({
    mutationId: z.uuid(),
    recordId: z.uuid(),
    baseRevision: z.int().min(1).nullable(),
    record: z.unknown(),
  })
  // z.unknown() also accepts a missing key; a mutation without a record is malformed.
  .refine((mutation) => mutation.record !== undefined);

export const PushRequest = z.strictObject({
  // The same limit the domain puts on a record's deviceId.
  deviceId: z.string().min(1).max(80),
  mutations: z.array(Mutation).max(MAX_MUTATIONS),
});

// Query strings are text; a repeated parameter arrives as an array and fails here too.
export const PullQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,14})$/)
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .transform(Number)
    .pipe(z.int().max(MAX_PULL_LIMIT))
    .optional(),
});

export type MutationInput = z.infer<typeof Mutation>;
export type PushInput = z.infer<typeof PushRequest>;

/** Parses or throws `400 request.invalid`; zod's English messages never reach the client. */
export function parseOrReject<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest();
  return parsed.data;
}
