/**
 * Sharing records with other agencies (docs/sync-protocol.md "Shares"), for supervisors and
 * administrators. Each call goes to the server at once and needs a connection: a share is a
 * decision that only counts once the server has it, so nothing here is queued on the device.
 */
import { createSyncStore, db } from '../storage';
import type { Share, Shares } from './protocol';
import { ON_SCREEN_DEADLINE_MS, signedInTransport } from './signed-in-transport';
import type { ShareRequest } from './transport';

const store = createSyncStore(db);
const transport = (baseUrl: string) => signedInTransport(store, baseUrl, ON_SCREEN_DEADLINE_MS);

export const listShares = (baseUrl = location.origin): Promise<Shares> => transport(baseUrl).shares();
export const shareWithAgency = (request: ShareRequest, baseUrl = location.origin): Promise<Share> => transport(baseUrl).share(request);
export const revokeShare = (shareId: string, baseUrl = location.origin): Promise<Share> => transport(baseUrl).revokeShare(shareId);
export type { Share, Shares } from './protocol';
export type { ShareRequest } from './transport';
