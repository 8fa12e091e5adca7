/**
 * Retry delays: exponential from 1 s, capped at 5 minutes, with full jitter so a fleet of phones
 * that lost signal together does not hammer the server together when it returns. There is no
 * last attempt: a record waits as long as it takes (ODK learnt this, getodk/collect#5946).
 *
 * A server that says when to come back (Retry-After on a 503 or 429) sets a floor: the device
 * waits at least that long, up to the same 5-minute cap, so an overloaded or recovering server
 * is not retried sooner than it asked.
 */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(BACKOFF_BASE_MS, Math.round(random() * ceiling));
}

/** The backoff delay, but never shorter than the server's Retry-After (capped at BACKOFF_CAP_MS). */
export function retryDelay(failures: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const delay = backoffDelay(failures, random);
  return retryAfterMs === undefined ? delay : Math.max(delay, Math.min(BACKOFF_CAP_MS, retryAfterMs));
}

/**
 * A Retry-After header in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates are always in GMT; Date.parse alone would read "1.5" or "-5" as dates.
  const at = /GMT$/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
