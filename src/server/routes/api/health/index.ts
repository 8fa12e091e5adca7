/**
 * Liveness and readiness in one: `ok` only when the database answers, so a load balancer stops
 * sending devices to an instance that cannot store anything. When the database does not answer
 * (down, unreachable, slower than DATABASE_TIMEOUT_MS) the answer is 503 with Retry-After and
 * says so: `{ error: 'service.unavailable', status: 'unavailable', reason: 'database.unavailable' }`.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { ERROR_CODES } from '../../../errors';
import { RETRY_AFTER_SECONDS } from '../../../plugins/app/error-handler';

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { public: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(app.store.db);
    } catch (error) {
      request.log.warn({ err: { message: (error as Error).message, code: (error as { code?: unknown }).code } }, 'health: database unavailable');
      return reply
        .code(503)
        .header('Retry-After', String(RETRY_AFTER_SECONDS))
        .send({ error: ERROR_CODES.unavailable, status: 'unavailable' as const, database: app.store.dialect, reason: 'database.unavailable' as const });
    }
    return { status: 'ok' as const, database: app.store.dialect };
  });
}
