/**
 * Request envelopes of protocol v1, strict: an unknown field or a wrong type makes the whole
 * request `400 request.invalid` and nothing is stored. Push and pull come from the domain's one
 * wire schema (domain/sync-wire.ts); sign-in and refresh are the server's alone.
 */
import { z } from 'zod/mini';
import { acceptableText, isWellFormedText } from '../../domain/text';
import { TOKEN_FORMAT } from '../auth/tokens';
import { invalidRequest } from '../errors';

// What the domain accepts in a one-line field (domain/text.ts): no control characters, no broken
// UTF-16, so nothing a request carries can fail PostgreSQL or be stored other than it was hashed.
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max), acceptableText());

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

/** Parses or throws `400 request.invalid`; zod's English messages never reach the client. */
export function parseOrReject<T extends z.ZodMiniType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest();
  return parsed.data;
}
