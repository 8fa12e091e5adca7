/**
 * The upload state machine (src/sync/photo-upload-machine.ts), branch by branch: finished and
 * "already stored" are on the server; a hash mismatch starts over from byte 0, a bounded number
 * of times; the contract's refusals fail with their code; no answer and 5xx wait out a backoff
 * and keep the tus address (resume from the server's offset); an upload the server lost is made again.
 */
import { describe, expect, it } from 'vitest';
import type { PhotoUploadRow } from '../../src/storage';
import { BACKOFF_CAP_MS } from '../../src/sync/backoff';
import { codeInBody, MAX_HASH_RESTARTS, settle, uploadCreated, verdict, type TryOutcome } from '../../src/sync/photo-upload-machine';

const NOW = new Date('2026-11-28T12:00:00Z');
const queued: PhotoUploadRow = { photoId: 'p-1', recordId: 'r-1', state: 'queued', attempts: 0, restarts: 0, updatedAt: '2026-11-28T11:00:00Z' };
const halfSent: PhotoUploadRow = { ...uploadCreated(queued, 'http://server/api/v1/photos/uploads/u-1', NOW), sentBytes: 1_048_576 };
const answered = (status: number, code?: string, retryAfterMs?: number): TryOutcome => ({ kind: 'answered', status, ...(code && { code }), ...(retryAfterMs !== undefined && { retryAfterMs }) });
const half = () => 0.5;

describe('after a try', () => {
  it.each<[string, TryOutcome, Partial<PhotoUploadRow>]>([
    ['the last PATCH answered 204', { kind: 'finished' }, { state: 'on_server', attempts: 1 }],
    ['the server already holds the same photo (duplicate)', answered(409, 'photo.alreadyStored'), { state: 'on_server', attempts: 1 }],
    ['too large', answered(413, 'photo.tooLarge'), { state: 'failed', lastError: 'photo.tooLarge' }],
    ['another agency’s record', answered(403, 'photo.forbidden'), { state: 'failed', lastError: 'photo.forbidden' }],
    ['a record the server lacks', answered(404, 'photo.unknownRecord'), { state: 'failed', lastError: 'photo.unknownRecord' }],
    ['bad metadata', answered(400, 'photo.badMetadata'), { state: 'failed', lastError: 'photo.badMetadata' }],
    ['the id taken by other bytes', answered(409, 'photo.idReused'), { state: 'failed', lastError: 'photo.idReused' }],
    ['another 4xx without a code', answered(418), { state: 'failed', lastError: 'http.418' }],
  ])('%s', (_, outcome, expected) => {
    const next = settle(halfSent, outcome, NOW, half);
    expect(next).toMatchObject({ ...expected, updatedAt: NOW.toISOString() });
    expect(next.uploadUrl).toBeUndefined();
    expect(next.nextAttemptAt).toBeUndefined();
  });

  it.each<[string, TryOutcome, string]>([
    ['no answer (a cut at half)', { kind: 'noAnswer', reason: 'network' }, 'network'],
    ['a stalled link', { kind: 'noAnswer', reason: 'timeout' }, 'timeout'],
    ['a 503', answered(503, 'server.unavailable'), 'server'],
    ['a 429', answered(429), 'server'],
  ])('%s: waits a backoff and resumes from the same upload', (_, outcome, code) => {
    const next = settle(halfSent, outcome, NOW, half);
    expect(next).toMatchObject({ state: 'uploading', uploadUrl: halfSent.uploadUrl, sentBytes: 1_048_576, attempts: 1, lastError: code });
    expect(Date.parse(next.nextAttemptAt!) - NOW.getTime()).toBe(1_000);
  });

  it('backs off longer with every failure, never beyond the cap, never sooner than Retry-After', () => {
    const many = { ...halfSent, attempts: 30 };
    expect(Date.parse(settle(many, { kind: 'noAnswer', reason: 'network' }, NOW, () => 1).nextAttemptAt!) - NOW.getTime()).toBe(BACKOFF_CAP_MS);
    expect(Date.parse(settle(halfSent, answered(503, undefined, 120_000), NOW, () => 0).nextAttemptAt!) - NOW.getTime()).toBe(120_000);
    // A photo never sent waits as queued.
    expect(settle(queued, { kind: 'noAnswer', reason: 'network' }, NOW, half).state).toBe('queued');
  });

  it('an upload the server no longer has is made again (404/410 without the record code)', () => {
    for (const status of [404, 410]) {
      const next = settle(halfSent, answered(status), NOW, half);
      expect(next).toMatchObject({ state: 'queued', lastError: `http.${status}` });
      expect(next.uploadUrl).toBeUndefined();
      expect(next.sentBytes).toBeUndefined();
    }
    // An offset the server disagrees with (tus 409 without a photo code): HEAD again, same upload.
    expect(settle(halfSent, answered(409), NOW, half)).toMatchObject({ state: 'uploading', uploadUrl: halfSent.uploadUrl });
  });

  it(`a hash mismatch starts over from byte 0, at most ${MAX_HASH_RESTARTS} times, then fails`, () => {
    let row = halfSent;
    for (let i = 1; i <= MAX_HASH_RESTARTS; i++) {
      row = settle(row, answered(422, 'photo.hashMismatch'), NOW, half);
      expect(row).toMatchObject({ state: 'queued', restarts: i, lastError: 'photo.hashMismatch' });
      expect(row.uploadUrl).toBeUndefined();
      expect(row.nextAttemptAt).toBeUndefined();
      row = uploadCreated(row, `http://server/u-${i}`, NOW);
    }
    expect(settle(row, answered(422, 'photo.hashMismatch'), NOW, half)).toMatchObject({ state: 'failed', lastError: 'photo.hashMismatch', restarts: MAX_HASH_RESTARTS + 1 });
  });

  it('a 401 changes nothing: the session is renewed and the try made again', () => {
    expect(verdict(answered(401, 'auth.required'))).toEqual({ then: 'renewSession' });
    expect(settle(halfSent, answered(401), NOW, half)).toBe(halfSent);
  });
});

describe('the code in a refusal', () => {
  it.each([
    ['{"error":"photo.tooLarge"}', 'photo.tooLarge'],
    ['{"code":"photo.forbidden"}', 'photo.forbidden'],
    ['{"error":{"code":"photo.hashMismatch","message":"x"}}', 'photo.hashMismatch'],
    ['photo.unknownRecord: no such record', 'photo.unknownRecord'],
    ['Upload-Offset conflict', undefined],
    ['', undefined],
  ])('of %j is %s', (body, code) => {
    expect(codeInBody(body)).toBe(code);
  });
});
