/**
 * Bearer tokens: 32 random bytes (256 bits) as base64url, 43 characters. The database keeps
 * only the SHA-256, so a copy of it opens no session.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * How long a sign-in lasts unless TOKEN_TTL_HOURS says otherwise: one long shift, the CJIS / NIST
 * AAL2 re-authentication limit. Access tokens within it are short (session-tokens.ts).
 */
export const DEFAULT_TOKEN_TTL_HOURS = 12;

export const newToken = (): string => randomBytes(32).toString('base64url');

/** A refresh token has the same form as an access token. */
export const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

/** The token from an Authorization header, or undefined when there is none of the right form. */
export function bearerToken(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header.trim())?.[1] : undefined;
}
