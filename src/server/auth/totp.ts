/**
 * RFC 6238 TOTP as authenticator apps support it: HMAC-SHA-1, 6 digits, 30-second steps
 * (docs/security.md "Second factor"). A code of the step before or after the server's is
 * accepted for clock drift; which step matched is returned so the caller can refuse it the
 * second time (totp-repository.ts `spend`).
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = 'TraceReady';
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Steps accepted either side of the server's own: one, as RFC 6238 §5.2 recommends. */
const DRIFT_STEPS = 1;
/** 160 bits, the HMAC-SHA-1 key length RFC 4226 recommends. */
const SECRET_BYTES = 20;

const totpFor = (secret: string, username = '') =>
  new TOTP({ issuer: TOTP_ISSUER, label: username, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/** A new random secret, base32. */
export const newTotpSecret = (): string => new Secret({ size: SECRET_BYTES }).base32;

/** The otpauth:// URI an authenticator app reads (as text or from a QR code). */
export const totpUri = (secret: string, username: string): string => totpFor(secret, username).toString();

/** The time step `at` falls in. */
export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);

/** The code of the step `at` falls in (tests, and nothing else on the server). */
export const totpCode = (secret: string, at: Date): string => totpFor(secret).generate({ timestamp: at.getTime() });

/** The step whose code `code` is, within the drift allowed around `now`; null when it matches none. */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: DRIFT_STEPS });
  return delta === null ? null : totpStep(now) + delta;
}
