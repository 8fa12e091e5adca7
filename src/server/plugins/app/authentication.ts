/**
 * Bearer-token authentication. Routes are private unless their config says `public: true`
 * (login and health): a route added later without thinking about it is protected by default.
 * The check runs on `onRequest`, before the body is read, so an anonymous caller cannot make the
 * server parse 5 MB.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { bearerToken, hashToken } from '../../auth/tokens';
import { authRequired } from '../../errors';
import type { SessionUser } from '../../store/sessions-repository';

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
  }
  interface FastifyRequest {
    auth: SessionUser | null;
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest): Promise<void>;
  }
}

/** The signed-in caller of a private route (set by the onRequest hook). */
export function sessionOf(request: FastifyRequest): SessionUser {
  if (!request.auth) throw authRequired();
  return request.auth;
}

export default fp(
  async (app) => {
    app.decorateRequest('auth', null);
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) throw authRequired();
      const session = await app.store.sessions.findActive(hashToken(token), app.now());
      if (!session) throw authRequired();
      request.auth = session;
    });
  },
  { name: 'authentication', dependencies: ['store'] },
);
