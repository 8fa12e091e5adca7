/**
 * The one error handler. Every answer is `{ error: <code> }`:
 * - our ApiErrors keep their status and code;
 * - body and content-type problems found by Fastify are 4xx (413 too large, 415 wrong content
 *   type, 400 for the rest: malformed JSON, empty body, bad Content-Length): never 5xx;
 * - an unreachable or overloaded database is 503 with Retry-After, so devices keep their data and
 *   retry;
 * - anything else is 500 `server.internal`. Details (stack, SQL) go to the log, never the body.
 */
import fp from 'fastify-plugin';
import { ApiError, ERROR_CODES } from '../../errors';
import { isDatabaseUnavailable } from '../../store/db-errors';

export const RETRY_AFTER_SECONDS = 5;

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

export default fp(
  async (app) => {
    app.setErrorHandler((error: unknown, request, reply) => {
      if (error instanceof ApiError) return reply.code(error.statusCode).send({ error: error.code });

      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: { message: (error as Error).message, code: (error as { code?: unknown }).code } }, 'database unavailable');
        return reply.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send({ error: ERROR_CODES.unavailable });
      }

      const status = statusOf(error);
      if (status === 413) return reply.code(413).send({ error: ERROR_CODES.requestTooLarge });
      if (status === 415) return reply.code(415).send({ error: ERROR_CODES.unsupportedMediaType });
      if (status === 404) return reply.code(404).send({ error: ERROR_CODES.notFound });
      if (status !== undefined && status >= 400 && status < 500) {
        request.log.info({ code: (error as { code?: unknown }).code }, 'bad request');
        return reply.code(status).send({ error: ERROR_CODES.requestInvalid });
      }

      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ error: ERROR_CODES.internal });
    });
  },
  { name: 'error-handler' },
);
