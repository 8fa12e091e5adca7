/**
 * Sharing records with other agencies (docs/sync-protocol.md "Shares"), for supervisors and
 * administrators. Each call goes to the server at once and needs a connection: a share is a
 * decision that only counts once the server has it, so nothing here is queued on the device.
 */
import { createSyncStore, db } from '../storage';
import type { Share, Shares } from './protocol';
import { createSessionRefresher } from './session-refresh';
import { createHttpTransport, type HttpTransport, type ShareRequest } from './transport';

const store = createSyncStore(db);

function transport(baseUrl: string): HttpTransport {
  return createHttpTransport({
    baseUrl,
    token: async () => {
      const session = await store.session();
      return session && !session.expired ? session.token : undefined;
    },
    refresh: createSessionRefresher({ store, baseUrl }),
    timeoutMs: 15_000,
  });
}

export const listShares = (baseUrl = location.origin): Promise<Shares> => transport(baseUrl).shares();
export const shareWithAgency = (request: ShareRequest, baseUrl = location.origin): Promise<Share> => transport(baseUrl).share(request);
export const revokeShare = (shareId: string, baseUrl = location.origin): Promise<Share> => transport(baseUrl).revokeShare(shareId);
export type { Share, Shares } from './protocol';
export type { ShareRequest } from './transport';
