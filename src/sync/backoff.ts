/**
 * Retry delays: exponential from 1 s, capped at 5 minutes, with full jitter so a fleet of phones
 * that lost signal together does not hammer the server together when it returns. There is no
 * last attempt: a record waits as long as it takes (ODK learnt this, getodk/collect#5946).
 */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(BACKOFF_BASE_MS, Math.round(random() * ceiling));
}
