/**
 * How many sign-ins and refreshes one client address may make per minute
 * (plugins/app/rate-limit.ts; RATE_LIMIT_SIGN_IN and RATE_LIMIT_REFRESH in docs/server.md).
 * Generous for a station whose officers share one address behind NAT (each signs in about once
 * a shift, and each device refreshes about every 15 minutes), tight for a guesser.
 */
export interface AddressLimits {
  signInPerMinute: number;
  refreshPerMinute: number;
}

export const DEFAULT_ADDRESS_LIMITS: AddressLimits = { signInPerMinute: 30, refreshPerMinute: 120 };

/** A route's `config.rateLimit` for @fastify/rate-limit. */
export const perMinute = (max: number) => ({ max, timeWindow: 60_000 });
