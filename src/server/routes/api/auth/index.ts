/**
 * Sign-in with username and password, for a bearer token (docs/sync-protocol.md
 * "Authentication"). Unknown user, wrong password and disabled user all get the same answer
 * after the same amount of work (one argon2 verification), so the answer tells nothing about
 * which usernames exist. Five failures in a row lock the name for 10 minutes (CJIS AC-7),
 * whether or not an account has it.
 */
import type { FastifyInstance } from 'fastify';
import { verifyPassword } from '../../../auth/passwords';
import { hashToken, newToken } from '../../../auth/tokens';
import { normalizeUsername } from '../../../auth/usernames';
import { ApiError, ERROR_CODES } from '../../../errors';
import { sessionOf } from '../../../plugins/app/authentication';
import { LoginRequest, parseOrReject } from '../../../protocol/envelopes';

export interface AuthRoutesOptions {
  tokenTtlMs: number;
}

export interface UserDto {
  id: string;
  username: string;
  role: string;
  agency: { code: string; name: string };
}

const userDto = (user: { userId: string; username: string; role: string; agencyCode: string; agencyName: string }): UserDto => ({
  id: user.userId,
  username: user.username,
  role: user.role,
  agency: { code: user.agencyCode, name: user.agencyName },
});

export default async function authRoutes(app: FastifyInstance, { tokenTtlMs }: AuthRoutesOptions): Promise<void> {
  app.post('/login', { config: { public: true } }, async (request, reply) => {
    const { username: typed, password } = parseOrReject(LoginRequest, request.body);
    const username = normalizeUsername(typed);
    // A locked name is refused before its password is even checked: no guessing while locked.
    const lockedUntil = await app.store.loginFailures.lockedUntil(username, app.now());
    if (lockedUntil) {
      request.log.info({ outcome: 'locked' }, 'login');
      reply.header('Retry-After', String(Math.ceil((lockedUntil.getTime() - app.now().getTime()) / 1000)));
      throw new ApiError(429, ERROR_CODES.locked);
    }
    const user = await app.store.users.findByUsername(username);
    const matches = await verifyPassword(user?.passwordHash, password);
    if (!user || !matches || user.disabledAt !== null) {
      const { locked } = await app.store.loginFailures.recordFailure(username, app.now());
      request.log.info({ outcome: locked ? 'refused-and-locked' : 'refused' }, 'login');
      throw new ApiError(401, ERROR_CODES.invalidCredentials);
    }
    await app.store.loginFailures.clear(username);

    const token = newToken();
    const createdAt = app.now();
    const expiresAt = new Date(createdAt.getTime() + tokenTtlMs);
    await app.store.sessions.create({ tokenHash: hashToken(token), userId: user.id, createdAt, expiresAt });
    request.log.info({ outcome: 'ok', userId: user.id }, 'login');
    return { token, expiresAt: expiresAt.toISOString(), user: userDto({ ...user, userId: user.id }) };
  });

  app.get('/me', async (request) => userDto(sessionOf(request)));

  app.post('/logout', async (request) => {
    await app.store.sessions.revoke(sessionOf(request).tokenHash, app.now());
    return { revoked: true };
  });
}
