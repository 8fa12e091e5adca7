/**
 * Where a photo's upload goes after each try (docs/photos.md, "Upload"): a pure function of the
 * upload row, what the try ended with, the time and a random source, so every branch is a line
 * of a table test (test/unit/photo-upload-machine.test.ts). The uploader (photo-uploader.ts)
 * runs the tries with tus-js-client and writes what this returns.
 *
 * The server's answers (docs/sync-protocol.md, "Photos"; contract in domain/photos.ts):
 * - the last PATCH answered 204, or `409 photo.alreadyStored` (the same photo id with the same
 *   hash is complete on the server): on the server, never sent again;
 * - `422 photo.hashMismatch`: the server threw the upload away; start again from byte 0 with a
 *   new upload, at most MAX_HASH_RESTARTS times, then failed;
 * - `413 photo.tooLarge`, `403 photo.forbidden`, `404 photo.unknownRecord`, `400 photo.badMetadata`,
 *   `409 photo.idReused`, any other 4xx: failed, with the code shown, until the officer acts;
 * - no answer, a timeout, 5xx or 429: kept, tried again after a backoff (1 s to 5 min, full
 *   jitter, never shorter than Retry-After), from the server's offset when the upload exists;
 * - 401: not an outcome here; the uploader renews the session and tries again.
 */
import type { PhotoUploadRow } from '../storage';
import { retryDelay } from './backoff';

export const MAX_HASH_RESTARTS = 3;

/** How one try ended. */
export type TryOutcome =
  | { kind: 'finished' }
  /** The server answered with an HTTP status outside tus's success (the code from its body, when it gave one). */
  | { kind: 'answered'; status: number; code?: string; retryAfterMs?: number }
  /** No answer: the network, a stalled connection, the browser. */
  | { kind: 'noAnswer'; reason: 'network' | 'timeout' };

/** What the machine makes of an outcome, before it is written into the row. */
export type Verdict =
  | { then: 'onServer' }
  | { then: 'restart'; code: string }
  | { then: 'fail'; code: string }
  | { then: 'retry'; code: string; keepUrl: boolean; retryAfterMs?: number }
  | { then: 'renewSession' };

/** The code a refusal shows: the server's, or the status when it gave none. */
const codeOf = (status: number, code: string | undefined) => code ?? `http.${status}`;

export function verdict(outcome: TryOutcome): Verdict {
  if (outcome.kind === 'finished') return { then: 'onServer' };
  if (outcome.kind === 'noAnswer') return { then: 'retry', code: outcome.reason, keepUrl: true };
  const { status, code } = outcome;
  if (status === 401) return { then: 'renewSession' };
  if (status === 409 && code === 'photo.alreadyStored') return { then: 'onServer' };
  if (status === 422 && code === 'photo.hashMismatch') return { then: 'restart', code };
  if (status >= 500 || status === 429) return { then: 'retry', code: 'server', keepUrl: true, ...(outcome.retryAfterMs !== undefined && { retryAfterMs: outcome.retryAfterMs }) };
  // A tus upload the server no longer has (expired, or cleaned up) or whose offset moved: a new
  // one (404/410 without the record's code) or a HEAD first (409 without a photo code, as tus
  // answers an offset mismatch). Not the officer's to solve.
  if ((status === 404 || status === 410) && code !== 'photo.unknownRecord') return { then: 'retry', code: codeOf(status, code), keepUrl: false };
  if (status === 409 && code === undefined) return { then: 'retry', code: codeOf(status, code), keepUrl: true };
  return { then: 'fail', code: codeOf(status, code) };
}

/** A new tus upload was made for the photo (its address, to resume from after a cut). */
export function uploadCreated(row: PhotoUploadRow, url: string, now: Date): PhotoUploadRow {
  return { ...row, state: 'uploading', uploadUrl: url, updatedAt: now.toISOString() };
}

export function progressed(row: PhotoUploadRow, sentBytes: number, now: Date): PhotoUploadRow {
  return { ...row, sentBytes, updatedAt: now.toISOString() };
}

const without = (row: PhotoUploadRow, ...fields: (keyof PhotoUploadRow)[]): PhotoUploadRow => {
  const copy = { ...row };
  for (const field of fields) delete copy[field];
  return copy;
};

/** The row after a try; `renewSession` leaves it as it was (the uploader renews and tries again). */
export function settle(row: PhotoUploadRow, outcome: TryOutcome, now: Date, random: () => number = Math.random): PhotoUploadRow {
  const at = now.toISOString();
  const attempts = row.attempts + 1;
  const next = verdict(outcome);
  switch (next.then) {
    case 'renewSession':
      return row;
    case 'onServer':
      return { ...without(row, 'uploadUrl', 'lastError', 'nextAttemptAt'), state: 'on_server', attempts, updatedAt: at, sentBytes: row.sentBytes ?? 0 };
    case 'fail':
      return { ...without(row, 'nextAttemptAt', 'uploadUrl'), state: 'failed', attempts, lastError: next.code, updatedAt: at };
    case 'restart': {
      const restarts = row.restarts + 1;
      // The server's copy is gone: the next upload is a new one from byte 0, right away.
      const fresh = without(row, 'uploadUrl', 'nextAttemptAt', 'sentBytes');
      if (restarts > MAX_HASH_RESTARTS) return { ...fresh, state: 'failed', attempts, restarts, lastError: next.code, updatedAt: at };
      return { ...fresh, state: 'queued', attempts, restarts, lastError: next.code, updatedAt: at };
    }
    case 'retry': {
      const delay = retryDelay(attempts, random, next.retryAfterMs);
      const kept = next.keepUrl ? row : without(row, 'uploadUrl', 'sentBytes');
      return { ...kept, state: kept.uploadUrl ? 'uploading' : 'queued', attempts, lastError: next.code, nextAttemptAt: new Date(now.getTime() + delay).toISOString(), updatedAt: at };
    }
  }
}

/** The code in a refusal's body: JSON `{ "error": code }` (or `code`), or a photo code in plain text. */
export function codeInBody(body: string | undefined | null): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; code?: unknown } | null;
    const code = parsed?.error ?? parsed?.code;
    if (typeof code === 'string') return code;
    if (code && typeof code === 'object' && typeof (code as { code?: unknown }).code === 'string') return (code as { code: string }).code;
  } catch {
    // Not JSON: a plain text answer.
  }
  return /photo\.[A-Za-z]+/.exec(body)?.[0];
}
