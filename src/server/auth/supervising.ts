/** The supervisor's routes (docs/supervisor.md) are for supervisors and administrators only. */
import type { FastifyRequest } from 'fastify';
import { ApiError, ERROR_CODES } from '../errors';
import { sessionOf } from '../plugins/app/authentication';
import type { SessionUser } from '../store/sessions-repository';

const SUPERVISING = new Set(['supervisor', 'admin']);

/** The signed-in supervisor or administrator; an officer gets 403 whatever it asks. */
export function supervisorOf(request: FastifyRequest): SessionUser {
  const session = sessionOf(request);
  if (!SUPERVISING.has(session.role)) throw new ApiError(403, ERROR_CODES.forbidden);
  return session;
}
