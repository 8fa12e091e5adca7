/**
 * Renews an expired access token with the refresh token kept in the session, so an officer is
 * asked for the password only when the sign-in itself is over (docs/security.md "Tokens").
 *
 * One refresh at a time: the server rotates the refresh token on every use and treats a rotated
 * token presented again as theft, revoking the sign-in. So concurrent requests in this page
 * share one refresh (an in-memory promise), and the app's tabs take turns on a Web Lock;
 * whoever comes second finds the session already renewed and uses it.
 */
import type { Session, SyncStore } from '../storage';
import type { LoginResponse } from './protocol';
import { refreshTokens, TransportError } from './transport';

export const REFRESH_LOCK_NAME = 'traceready-refresh';

/**
 * What the device keeps of a sign-in's or a refresh's answer. The account key is left out: it
 * opens the officer's records and is handed to the device lock, never stored.
 */
export const sessionFromAnswer = (answer: LoginResponse): Session => ({
  token: answer.token,
  expiresAt: answer.expiresAt,
  refreshToken: answer.refreshToken,
  refreshExpiresAt: answer.refreshExpiresAt,
  ...(answer.lockAfterMinutes !== undefined && { lockAfterMinutes: answer.lockAfterMinutes }),
  ...(answer.officersRecordTrace !== undefined && { officersRecordTrace: answer.officersRecordTrace }),
  user: answer.user,
});

export interface SessionRefresherOptions {
  store: Pick<SyncStore, 'session' | 'saveSession'>;
  baseUrl: string;
  fetch?: typeof fetch;
  /** Defaults to navigator.locks where the platform has it. */
  locks?: Pick<LockManager, 'request'>;
}

/** Returns `refresh(rejectedToken)`: a fresh access token, or undefined when only signing in again will do. */
export function createSessionRefresher(options: SessionRefresherOptions): (rejected: string) => Promise<string | undefined> {
  const locks = options.locks ?? (typeof navigator !== 'undefined' ? navigator.locks : undefined);
  let inFlight: Promise<string | undefined> | undefined;

  const renew = async (rejected: string): Promise<string | undefined> => {
    const session = await options.store.session();
    if (!session || session.expired) return undefined;
    // Someone else (another request, or another tab) renewed it meanwhile.
    if (session.token !== rejected) return session.token;
    if (!session.refreshToken) return undefined;
    try {
      const answer = await refreshTokens(options.baseUrl, session.refreshToken, options.fetch);
      // What the answer leaves out (an older server's idle limit) stays as it was.
      const renewed: Session = { ...session, ...sessionFromAnswer(answer) };
      await options.store.saveSession(renewed);
      return renewed.token;
    } catch (error) {
      // The server refused the refresh token (expired, revoked, reused): sign in again.
      if (error instanceof TransportError && (error.kind === 'auth' || error.kind === 'refused')) return undefined;
      // No network, a timeout, a 5xx: not the officer's problem; the run fails and is retried,
      // and a lost answer may be retried with the same refresh token (the server allows it briefly).
      throw error;
    }
  };

  return (rejected) => {
    inFlight ??= (locks ? locks.request(REFRESH_LOCK_NAME, () => renew(rejected)) : renew(rejected)).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
