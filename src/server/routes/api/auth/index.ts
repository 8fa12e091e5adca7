/**
 * Sign-in with username and password, for a short-lived access token and a rotating refresh
 * token (docs/sync-protocol.md "Authentication", docs/security.md "Tokens"). Unknown user, wrong password and disabled user all get the same answer
 * after the same amount of work (one argon2 verification), so the answer tells nothing about
 * which usernames exist. Five failures in a row lock the name for 10 minutes (CJIS AC-7),
 * whether or not an account has it, and each check is counted before it is made, so parallel
 * guesses cannot outrun the count. A user with TOTP also sends a code, which works once. Both
 * routes are also limited per client address (plugins/app/rate-limit.ts).
 */
import type { FastifyInstance } from 'fastify';
import { perMinute, type AddressLimits } from '../../../auth/address-limits';
import { verifyPassword } from '../../../auth/passwords';
import { refreshSignIn, startSignIn, type TokenLifetimes } from '../../../auth/session-tokens';
import { hashToken } from '../../../auth/tokens';
import { matchTotpStep } from '../../../auth/totp';
import { normalizeUsername } from '../../../auth/usernames';
import { ApiError, authRequired, ERROR_CODES } from '../../../errors';
import { sessionOf } from '../../../plugins/app/authentication';
import { LoginRequest, parseOrReject, RefreshRequest } from '../../../protocol/envelopes';
import type { LockedStore } from '../../../store';

export interface AuthRoutesOptions {
  lifetimes: TokenLifetimes;
  lockAfterMinutes: number;
  addressLimits: AddressLimits;
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

interface FailedSignIn {
  username: string;
  user: { id: string; agencyCode: string } | undefined;
  deviceId: string | undefined;
  reason: 'unknown-user' | 'disabled' | 'wrong-password' | 'otp-invalid' | 'otp-replayed';
}

/** Audits a failed sign-in (already counted by its claim) and locks the name if it was the fifth. */
async function recordFailure({ loginFailures, audit }: LockedStore, { username, user, deviceId, reason }: FailedSignIn, now: Date): Promise<{ locked: boolean }> {
  const failure = await loginFailures.recordFailure(username, now);
  const who = { actorUserId: user?.id ?? null, agencyCode: user?.agencyCode ?? null, deviceId };
  await audit.append({ action: 'login.failure', ...who, details: { username, reason } }, now);
  if (failure.locked) await audit.append({ action: 'login.locked', ...who, details: { username } }, now);
  return failure;
}

export default async function authRoutes(app: FastifyInstance, { lifetimes, lockAfterMinutes, addressLimits }: AuthRoutesOptions): Promise<void> {
  app.post('/login', { config: { public: true, rateLimit: perMinute(addressLimits.signInPerMinute) } }, async (request, reply) => {
    const { username: typed, password, deviceId, otp } = parseOrReject(LoginRequest, request.body);
    const username = normalizeUsername(typed);
    // The check is counted before it is made, and refused when the name is locked or five checks
    // are already counted: no guessing while locked, and no more than five however many at once.
    const claim = await app.store.loginFailures.claimCheck(username, app.now());
    if (!claim.ok) {
      // Logged, not audited: a refusal here costs no password check, so auditing it would let
      // anyone fill the trail and hold the write lock at no cost. The lock itself is audited.
      request.log.info({ outcome: 'locked' }, 'login');
      reply.header('Retry-After', String(Math.ceil(claim.retryAfterMs / 1000)));
      throw new ApiError(429, ERROR_CODES.locked);
    }
    const user = await app.store.users.findByUsername(username);
    const matches = await verifyPassword(user?.passwordHash, password);
    if (!user || !matches || user.disabledAt !== null) {
      const now = app.now();
      const reason = !user ? 'unknown-user' : user.disabledAt !== null ? 'disabled' : 'wrong-password';
      const { locked } = await app.store.writeLocked((tx) => recordFailure(tx, { username, user, deviceId, reason }, now));
      request.log.info({ outcome: locked ? 'refused-and-locked' : 'refused' }, 'login');
      throw new ApiError(401, ERROR_CODES.invalidCredentials);
    }

    // The second factor (docs/security.md "Second factor"). The failure count is cleared only
    // once both factors passed: clearing it on the password alone would let someone who has the
    // password guess codes without ever being locked out.
    const totp = await app.store.totp.find(user.id);
    const now = app.now();
    if (totp && otp === undefined) {
      // The first half of a two-step sign-in, not a failure: the app now asks for the code.
      await app.store.loginFailures.giveBack(username);
      request.log.info({ outcome: 'otp-required', userId: user.id }, 'login');
      throw new ApiError(401, ERROR_CODES.otpRequired);
    }
    if (!totp && (await app.store.otpPolicy.requiredRoles(user.agencyCode)).includes(user.role)) {
      // Not counted towards the lock (the password was right), but on the record: the agency
      // asks for a second factor this user does not have yet.
      await app.store.loginFailures.giveBack(username);
      await app.store.writeLocked(({ audit }) =>
        audit.append({ action: 'login.failure', actorUserId: user.id, agencyCode: user.agencyCode, deviceId, details: { username, reason: 'otp-not-enrolled' } }, now),
      );
      request.log.info({ outcome: 'otp-enrollment-required', userId: user.id }, 'login');
      throw new ApiError(403, ERROR_CODES.otpEnrollmentRequired);
    }
    const step = totp && otp !== undefined ? matchTotpStep(totp.secret, otp, now) : undefined;

    const outcome = await app.store.writeLocked(async (tx) => {
      if (step !== undefined) {
        // Spent under the lock in the same transaction as the sign-in: a code works once, on any instance.
        const spent = step !== null && (await tx.totp.spend(user.id, step));
        if (!spent) {
          const failure = await recordFailure(tx, { username, user, deviceId, reason: step === null ? 'otp-invalid' : 'otp-replayed' }, now);
          return { ok: false as const, ...failure };
        }
      }
      await tx.loginFailures.clear(username);
      const signedIn = await startSignIn(tx.sessions, user, deviceId ?? null, now, lifetimes);
      const details = { familyId: signedIn.familyId, ...(step !== undefined && { otp: true }) };
      await tx.audit.append({ action: 'login.success', actorUserId: user.id, agencyCode: user.agencyCode, deviceId, details }, now);
      return { ok: true as const, signedIn, accountKey: await tx.accountKeys.getOrCreate(user.id, now) };
    });
    if (!outcome.ok) {
      request.log.info({ outcome: outcome.locked ? 'otp-refused-and-locked' : 'otp-refused', userId: user.id }, 'login');
      throw new ApiError(401, ERROR_CODES.otpInvalid);
    }
    const { familyId, ...pair } = outcome.signedIn;
    request.log.info({ outcome: 'ok', userId: user.id, familyId }, 'login');
    // Only after both factors, and only here: the key that opens this account's device secrets.
    const officersRecordTrace = await app.store.agencies.officersRecordTrace(user.agencyCode);
    return { ...pair, accountKey: outcome.accountKey, lockAfterMinutes, officersRecordTrace, user: userDto({ ...user, userId: user.id }) };
  });

  // Public: the access token has usually expired by the time the device refreshes.
  app.post('/refresh', { config: { public: true, rateLimit: perMinute(addressLimits.refreshPerMinute) } }, async (request) => {
    const { refreshToken } = parseOrReject(RefreshRequest, request.body);
    const now = app.now();
    // An unknown token is refused before the write lock: guessing costs the server one read.
    if (!(await app.store.sessions.findRefresh(hashToken(refreshToken)))) {
      request.log.info({ outcome: 'unknown' }, 'refresh refused');
      throw authRequired();
    }
    const outcome = await app.store.writeLocked(async ({ sessions, audit }) => {
      const result = await refreshSignIn(sessions, refreshToken, now, lifetimes.accessMs);
      if (result.ok) {
        const details = { familyId: result.familyId, ...(result.retried && { retried: true }) };
        await audit.append({ action: 'token.refresh', actorUserId: result.user.id, agencyCode: result.user.agencyCode, deviceId: result.deviceId, details }, now);
      } else if (result.reason === 'reuse') {
        await audit.append({ action: 'token.reuse', actorUserId: result.userId, deviceId: result.deviceId, details: { familyId: result.familyId, revoked: true } }, now);
      }
      return result;
    });
    if (!outcome.ok) {
      // A rotated token presented again: someone else holds the chain; the sign-in is revoked.
      if (outcome.reason === 'reuse') request.log.warn({ userId: outcome.userId, familyId: outcome.familyId }, 'refresh token reuse: sign-in revoked');
      else request.log.info({ outcome: outcome.reason, familyId: outcome.familyId }, 'refresh refused');
      throw authRequired();
    }
    request.log.info({ outcome: outcome.retried ? 'retried' : 'ok', userId: outcome.user.id, familyId: outcome.familyId }, 'refresh');
    // The agency's trace policy with every refresh too, so a change reaches devices within one access token's life.
    const officersRecordTrace = await app.store.agencies.officersRecordTrace(outcome.user.agencyCode);
    return { ...outcome.pair, lockAfterMinutes, officersRecordTrace, user: userDto({ ...outcome.user, userId: outcome.user.id }) };
  });

  app.get('/me', async (request) => userDto(sessionOf(request)));

  // Ends the whole sign-in: this access token, its siblings and the refresh token.
  app.post('/logout', async (request) => {
    const { tokenHash, familyId, userId, agencyCode } = sessionOf(request);
    const now = app.now();
    await app.store.writeLocked(async ({ sessions, audit }) => {
      if (familyId === null) await sessions.revoke(tokenHash, now);
      else await sessions.revokeFamily(familyId, now, 'logout');
      await audit.append({ action: 'logout', actorUserId: userId, agencyCode, details: { familyId } }, now);
    });
    request.log.info({ userId, familyId }, 'logout');
    return { revoked: true };
  });
}
