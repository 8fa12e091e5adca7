/**
 * Sends the device's photos to the server over tus (docs/photos.md, "Upload"): one pass sends
 * every photo that is due, one at a time, after the records' own sync (a photo's record must be
 * on the server: the store's queue holds only those). It shares nothing with the records' run
 * but the session, so a photo that cannot go never holds a record back, and the reverse.
 *
 * tus-js-client does the protocol (create, HEAD for the offset, PATCH in chunks); its own
 * retries are off, because whether and when to try again is the upload machine's decision
 * (photo-upload-machine.ts), written into the photo's upload row. The tus address is kept in that
 * row too, through a urlStorage of our own (not localStorage): a page killed half-way resumes
 * from the server's offset at the next pass.
 */
import type { DetailedError, PreviousUpload, UrlStorage } from 'tus-js-client';
import { photoUploadMetadata } from '../domain/photos';
import type { DueUpload, PhotoConfig, PhotoStore, PhotoUploadRow } from '../storage';
import { codeInBody, progressed, settle, uploadCreated, verdict, type TryOutcome } from './photo-upload-machine';
import type { PhotoTransport } from './photo-transport';
import { parseRetryAfter } from './backoff';
import { TransportError } from './transport';

/** 1 MiB per PATCH: a cut loses at most that much, and each request stays short on a weak link. */
export const PHOTO_CHUNK_BYTES = 1024 * 1024;
/** A request with no progress for this long is given up as a timeout (a stalled link never errors by itself). */
const STALL_MS = 45_000;

export interface PhotoUploaderOptions {
  store: Pick<PhotoStore, 'dueUploads' | 'saveUpload' | 'original' | 'rememberServerConfig' | 'serverConfig'>;
  transport: PhotoTransport;
  now?: () => Date;
  random?: () => number;
  chunkSize?: number;
  stallMs?: number;
  /** Told each change of a photo's upload row (the screens show progress from the rows). */
  onChange?: (row: PhotoUploadRow) => void;
  /** What tus-js-client reads the bytes from: a Blob in the browser, a Buffer in Node (tests). */
  source?: (bytes: Uint8Array) => unknown;
}

export interface PassReport {
  /** signedOut: the session is over; stopped: the server could not be reached (the rest wait). */
  outcome: 'done' | 'stopped' | 'signedOut';
  sent: number;
  failed: number;
}

const defaultSource = (bytes: Uint8Array): unknown => {
  const nodeBuffer = (globalThis as { Buffer?: { from(bytes: Uint8Array): unknown } }).Buffer;
  return typeof window === 'undefined' && nodeBuffer ? nodeBuffer.from(bytes) : new Blob([bytes as Uint8Array<ArrayBuffer>]);
};

/** A tus error as the machine reads it: the server's status and code, or no answer at all. */
function outcomeOfError(error: Error | DetailedError): TryOutcome {
  const response = (error as DetailedError).originalResponse;
  const status = response?.getStatus();
  if (!response || !status) return { kind: 'noAnswer', reason: 'network' };
  const code = codeInBody(response.getBody());
  const retryAfterMs = parseRetryAfter(response.getHeader('Retry-After'));
  return { kind: 'answered', status, ...(code !== undefined && { code }), ...(retryAfterMs !== undefined && { retryAfterMs }) };
}

export function createPhotoUploader(options: PhotoUploaderOptions) {
  const { store, transport } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const source = options.source ?? defaultSource;

  /** Writes a row and tells the screens; writes of one photo are kept in order. */
  let writes: Promise<void> = Promise.resolve();
  const save = (row: PhotoUploadRow): Promise<void> => {
    const written = writes.then(() => store.saveUpload(row)).then(() => options.onChange?.(row));
    // One failed write must not stop the ones after it.
    writes = written.catch(() => undefined);
    return written;
  };

  /** One tus try: resolves with how it ended, never rejects. `current` follows the row as tus moves it. */
  async function tusTry(due: DueUpload, bytes: Uint8Array, config: PhotoConfig, current: { row: PhotoUploadRow }): Promise<TryOutcome> {
    const { Upload } = await import('tus-js-client');
    const { photo } = due;
    const metadata = photoUploadMetadata(photo);
    // The tus address lives in the photo's upload row: found there to resume, written there once made.
    const urlStorage: UrlStorage = {
      findAllUploads: async () => [],
      findUploadsByFingerprint: async (): Promise<PreviousUpload[]> =>
        current.row.uploadUrl
          ? [{ size: photo.size, metadata, creationTime: current.row.updatedAt, urlStorageKey: photo.photoId, uploadUrl: current.row.uploadUrl, parallelUploadUrls: null }]
          : [],
      removeUpload: async () => {
        const rest = { ...current.row };
        delete rest.uploadUrl;
        current.row = { ...rest, state: 'queued', updatedAt: now().toISOString() };
        await save(current.row);
      },
      addUpload: async (_fingerprint, upload) => {
        if (upload.uploadUrl) {
          current.row = uploadCreated(current.row, upload.uploadUrl, now());
          await save(current.row);
        }
        return photo.photoId;
      },
    };
    return new Promise<TryOutcome>((resolve) => {
      let stall: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (outcome: TryOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(stall);
        resolve(outcome);
      };
      const watch = () => {
        if (settled) return;
        clearTimeout(stall);
        stall = setTimeout(() => {
          void upload.abort(false).catch(() => undefined);
          finish({ kind: 'noAnswer', reason: 'timeout' });
        }, options.stallMs ?? STALL_MS);
      };
      const upload = new Upload(source(bytes) as Blob, {
        endpoint: transport.resolve(config.uploadUrl),
        uploadSize: photo.size,
        metadata,
        chunkSize: options.chunkSize ?? PHOTO_CHUNK_BYTES,
        retryDelays: null,
        fingerprint: async () => `traceready-photo:${photo.photoId}`,
        urlStorage,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: false,
        onBeforeRequest: async (request) => {
          watch();
          const token = await transport.token();
          if (token) request.setHeader('Authorization', `Bearer ${token}`);
        },
        onAfterResponse: () => watch(),
        onProgress: () => watch(),
        onChunkComplete: (_chunk, accepted) => {
          current.row = progressed(current.row, accepted, now());
          void save(current.row);
        },
        onSuccess: () => finish({ kind: 'finished' }),
        onError: (error) => finish(outcomeOfError(error)),
      });
      watch();
      upload
        .findPreviousUploads()
        .then((previous) => {
          if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
          upload.start();
        })
        .catch((error: Error) => finish(outcomeOfError(error)));
    });
  }

  /** Sends one photo until it is on the server, refused, or due again later. */
  async function sendOne(due: DueUpload, config: PhotoConfig): Promise<'sent' | 'failed' | 'later' | 'signedOut'> {
    const current = { row: due.upload };
    if (due.photo.size > config.maxBytes) {
      // The server announced a lower limit since the photo was taken: it could never go.
      await save(settle(current.row, { kind: 'answered', status: 413, code: 'photo.tooLarge' }, now(), random));
      return 'failed';
    }
    const bytes = await store.original(due.photo.photoId);
    if (!bytes) return 'later';
    let renewed = false;
    for (;;) {
      const outcome = await tusTry(due, bytes, config, current);
      const next = verdict(outcome);
      if (next.then === 'renewSession') {
        const token = await transport.token();
        const fresh = !renewed && token ? await transport.refresh(token).catch(() => undefined) : undefined;
        if (!fresh) return 'signedOut';
        renewed = true;
        continue;
      }
      current.row = settle(current.row, outcome, now(), random);
      await save(current.row);
      if (next.then === 'restart' && current.row.state === 'queued') continue;
      return current.row.state === 'on_server' ? 'sent' : current.row.state === 'failed' ? 'failed' : 'later';
    }
  }

  async function serverConfig(): Promise<PhotoConfig | undefined> {
    try {
      const config = await transport.config();
      await store.rememberServerConfig(config);
      return config;
    } catch (error) {
      if (error instanceof TransportError && error.kind === 'auth') throw error;
      return undefined;
    }
  }

  /** One pass over the photos that are due. Never throws: a failure is a report, and the rows say the rest. */
  async function runPass(): Promise<PassReport> {
    const report: PassReport = { outcome: 'done', sent: 0, failed: 0 };
    try {
      let config: PhotoConfig | undefined;
      // A page of due photos at a time, until none is left: each one sent or refused leaves the queue.
      for (;;) {
        const due = await store.dueUploads(now());
        if (due.length === 0) return report;
        config ??= await serverConfig();
        if (!config) return { ...report, outcome: 'stopped' };
        for (const photo of due) {
          const result = await sendOne(photo, config);
          if (result === 'signedOut') return { ...report, outcome: 'signedOut' };
          if (result === 'sent') report.sent++;
          else if (result === 'failed') report.failed++;
          // No answer for this one: the link is down, the others would fare no better now.
          else return { ...report, outcome: 'stopped' };
        }
      }
    } catch (error) {
      return { ...report, outcome: error instanceof TransportError && error.kind === 'auth' ? 'signedOut' : 'stopped' };
    } finally {
      await writes.catch(() => undefined);
    }
  }

  return { runPass };
}

export type PhotoUploader = ReturnType<typeof createPhotoUploader>;
