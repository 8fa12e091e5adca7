/**
 * Liveness and readiness in one: `ok` only when the database answers, so a load balancer stops
 * sending devices to an instance that cannot store anything (it gets a 503 instead).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { public: true } }, async () => {
    await sql`select 1`.execute(app.store.db);
    return { status: 'ok' as const, database: app.store.dialect };
  });
}
