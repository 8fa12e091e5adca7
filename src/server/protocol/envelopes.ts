/**
 * Request envelopes of protocol v1, strict: an unknown field or a wrong type makes the whole
 * request `400 request.invalid` and nothing is stored. The record inside a mutation stays
 * `unknown` here on purpose: a bad record is not a bad request, it gets its own `rejected`
 * result from the domain's validation (push.ts) while the rest of the batch goes on.
 */
import { z } from 'zod/mini';
import { acceptableText, isWellFormedText } from '../../domain/text';
import { TOKEN_FORMAT } from '../auth/tokens';
import { invalidRequest } from '../errors';

export const MAX_MUTATIONS = 100;
export const MAX_PULL_LIMIT = 500;
export const DEFAULT_PULL_LIMIT = 100;

// What the domain accepts in a one-line field (domain/text.ts): no control characters, no broken
// UTF-16, so nothing a request carries can fail PostgreSQL or be stored other than it was hashed.
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max), acceptableText());
// Query strings are text: a number arrives as digits.
const digits = (pattern: RegExp) => z.pipe(z.string().check(z.regex(pattern)), z.transform(Number));

export const LoginRequest = z.strictObject({
  username: text(1, 200),
  // Never stored, only verified: any character may be part of a password, but it must be
  // well-formed, or two different passwords would hash alike once encoded as UTF-8.
  password: z.string().check(z.minLength(1), z.maxLength(1024), z.refine(isWellFormedText)),
  // Optional and informational: which device signed in, for the audit trail.
  deviceId: z.optional(text(1, 80)),
  // The TOTP code, for users who have one (docs/security.md "Second factor").
  otp: z.optional(z.string().check(z.regex(/^[0-9]{6}$/))),
});

export const RefreshRequest = z.strictObject({
  refreshToken: z.string().check(z.regex(TOKEN_FORMAT)),
});

export const Mutation = z
  .strictObject({
    mutationId: z.uuid(),
    recordId: z.uuid(),
    baseRevision: z.nullable(z.int().check(z.gte(1))),
    record: z.unknown(),
  })
  // z.unknown() also accepts a missing key; a mutation without a record is malformed.
  .check(z.refine((mutation) => mutation.record !== undefined));

export const PushRequest = z.strictObject({
  // The same limit the domain puts on a record's deviceId.
  deviceId: text(1, 80),
  mutations: z.array(Mutation).check(z.maxLength(MAX_MUTATIONS)),
});

// A repeated parameter arrives as an array and fails here too.
export const PullQuery = z.strictObject({
  cursor: z.optional(digits(/^(0|[1-9][0-9]{0,14})$/)),
  limit: z.optional(z.pipe(digits(/^[1-9][0-9]{0,2}$/), z.int().check(z.lte(MAX_PULL_LIMIT)))),
});

export type MutationInput = z.infer<typeof Mutation>;
export type PushInput = z.infer<typeof PushRequest>;

/** Parses or throws `400 request.invalid`; zod's English messages never reach the client. */
export function parseOrReject<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest();
  return parsed.data;
}
