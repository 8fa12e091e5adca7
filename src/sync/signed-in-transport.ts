/**
 * HTTP to the server as the officer signed in on this device: the kept session's access token,
 * renewed with its refresh token when the server says it ran out (session-refresh.ts). A session
 * marked expired sends nothing: only a new sign-in can help.
 */
import type { SyncStore } from '../storage';
import { createSessionRefresher } from './session-refresh';
import { createHttpTransport, type HttpTransport } from './transport';

/** For what an officer waits for on the screen (a history, a share): sooner than sync's 30 s. */
export const ON_SCREEN_DEADLINE_MS = 15_000;

export function signedInTransport(store: Pick<SyncStore, 'session' | 'saveSession'>, baseUrl: string, timeoutMs?: number): HttpTransport {
  return createHttpTransport({
    baseUrl,
    token: async () => {
      const session = await store.session();
      return session && !session.expired ? session.token : undefined;
    },
    refresh: createSessionRefresher({ store, baseUrl }),
    ...(timeoutMs !== undefined && { timeoutMs }),
  });
}
