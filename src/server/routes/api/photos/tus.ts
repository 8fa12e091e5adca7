/**
 * The tus 1.0.0 endpoint for photo originals (docs/sync-protocol.md#photos), @tus/server on
 * Fastify's raw request and response: POST creates an upload, HEAD tells its offset, PATCH
 * appends, DELETE ends one, OPTIONS describes the server. Authentication is the API's own hook
 * (onRequest, before any byte of the body is read); this module adds that an upload is only ever
 * touched by its own agency, and answers in the API's manner (JSON error codes, security
 * headers, no CORS), which an answer written on the raw response would otherwise lose.
 *
 * The body is never parsed by Fastify: its content-type parsers here take nothing, so no body
 * limit of the JSON API applies and @tus/server streams the bytes straight into the store.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, Server } from '@tus/server';
import { NodeRequest, sendNodeResponse } from 'srvx/node';
import { ApiError, ERROR_CODES } from '../../../errors';
import { sessionOf } from '../../../plugins/app/authentication';
import { RETRY_AFTER_SECONDS } from '../../../plugins/app/error-handler';
import { securityHeaders } from '../../../plugins/app/security-headers';
import { isRefusal, photoMetaOf, refusal, uploaderOf, type PhotoUploads, type TusRefusal } from '../../../photos/uploads';
import type { PhotoStore } from '../../../photos/storage';
import { isDatabaseUnavailable } from '../../../store/db-errors';
import type { SessionUser } from '../../../store/sessions-repository';

export interface TusOptions {
  maxBytes: number;
  /** The full path of the endpoint, as clients address it (the Location of a new upload is relative to it). */
  uploadPath: string;
  photoStore: PhotoStore;
  uploads: PhotoUploads;
}

/** @tus/server's default upload ids: 32 hex digits. Anything else is no upload of ours (and no path into the store). */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const TUS_ERRORS = new Set<unknown>(Object.values(ERRORS));

export default async function tusRoutes(app: FastifyInstance, { maxBytes, uploadPath, photoStore, uploads }: TusOptions): Promise<void> {
  // The caller of each request, for @tus/server's hooks, which see only the request they are given.
  const callers = new WeakMap<object, SessionUser>();

  /** @tus/server's own errors in our words: a code, never its English sentence. */
  function answerFor(error: Error | { status_code: number; body: string }): TusRefusal | undefined {
    if (isRefusal(error)) return undefined;
    const status = (error as { status_code?: unknown }).status_code;
    // What the client asked for and the server does not do (concatenation, say) is the client's error, not ours.
    if (status === 501 && TUS_ERRORS.has(error)) return refusal(400, ERROR_CODES.requestInvalid);
    if (typeof status !== 'number' || status >= 500) {
      if (isDatabaseUnavailable(error)) return refusal(503, ERROR_CODES.unavailable);
      app.log.error({ err: error }, 'photo upload failed');
      return refusal(500, ERROR_CODES.internal);
    }
    if (error === ERRORS.INVALID_METADATA || error === ERRORS.INVALID_LENGTH) return refusal(400, ERROR_CODES.photoBadMetadata);
    if (status === 413) return refusal(413, ERROR_CODES.photoTooLarge);
    if (status === 404 || status === 410) return refusal(404, ERROR_CODES.photoNotFound);
    if (status === 415) return refusal(415, ERROR_CODES.unsupportedMediaType);
    return refusal(status, ERROR_CODES.requestInvalid);
  }

  const tus = new Server({
    path: uploadPath,
    datastore: photoStore.datastore,
    relativeLocation: true,
    // Announced in OPTIONS (Tus-Max-Size) and checked before anything else of a new upload.
    maxSize: maxBytes,
    // Same-origin only, like the rest of the API: no Access-Control-Allow-Origin is ever sent.
    allowedOrigins: () => false,
    // A finished upload is a photo of a record: evidence, not the device's to take back.
    disableTerminationForFinishedUploads: true,
    async onUploadCreate(request, upload) {
      const caller = callers.get(request);
      if (!caller) throw refusal(401, ERROR_CODES.authRequired);
      return { metadata: await uploads.admit(caller, upload) };
    },
    async onUploadFinish(_request, upload) {
      await uploads.complete(upload);
      return {};
    },
    onResponseError: (_request, error) => answerFor(error),
  });

  /**
   * An existing upload: its agency's, or unknown. A HEAD of an upload whose bytes all arrived but
   * whose photo was never stored (the instance stopped, the database was away when its last PATCH
   * ended) finishes it now, so a client that resumes and hears "complete" is told the truth.
   */
  async function checkUpload(caller: SessionUser, uploadId: string, method: string): Promise<void> {
    if (!UPLOAD_ID.test(uploadId)) throw new ApiError(404, ERROR_CODES.photoNotFound);
    const upload = await photoStore.datastore.getUpload(uploadId).catch(() => undefined);
    if (!upload || uploaderOf(upload)?.agencyCode !== caller.agencyCode) throw new ApiError(404, ERROR_CODES.photoNotFound);
    if (method !== 'HEAD' || upload.size === undefined || upload.offset !== upload.size) return;
    const meta = photoMetaOf(upload);
    if (meta && (await app.store.photos.find(meta.photoId))) return;
    try {
      await uploads.complete(upload);
    } catch (error) {
      if (isRefusal(error)) throw new ApiError(error.status_code, error.code);
      throw error;
    }
  }

  async function serve(request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply): Promise<void> {
    const tusRequest = new NodeRequest({ req: request.raw, res: reply.raw });
    if (request.method !== 'OPTIONS') {
      const caller = sessionOf(request);
      if (request.params.id !== undefined) await checkUpload(caller, request.params.id, request.method);
      callers.set(tusRequest, caller);
    }
    reply.hijack();
    let response: Response;
    try {
      response = await tus.handleWeb(tusRequest);
    } catch (error) {
      request.log.error({ err: error }, 'photo upload failed');
      response = new Response(refusal(500, ERROR_CODES.internal).body, { status: 500 });
    }
    for (const name of [...response.headers.keys()]) if (name.startsWith('access-control-')) response.headers.delete(name);
    for (const [name, value] of Object.entries(securityHeaders(request.protocol, request.url))) response.headers.set(name, value);
    if (response.status === 503) response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    if (response.headers.get('content-length') !== null && response.headers.get('content-length') !== '0') {
      response.headers.set('Content-Type', 'application/json; charset=utf-8');
    }
    await sendNodeResponse(reply.raw, response);
  }

  // The body is @tus/server's to read: every content type is accepted here and none is consumed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.route({ method: 'POST', url: '/', handler: serve });
  app.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: '/:id', handler: serve });
  // What the server supports (tus versions, extensions, maximum size): nothing private, and
  // preflights never carry a token.
  app.route({ method: 'OPTIONS', url: '/', config: { public: true }, handler: serve });
  app.route({ method: 'OPTIONS', url: '/:id', config: { public: true }, handler: serve });
}
