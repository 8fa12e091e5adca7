/**
 * The engine as both the page and the service worker build it: the same store, transport and
 * device id, so a Background Sync run in the worker does exactly what a run in the page does.
 */
import { createSettingsStore, createSyncStore, type TraceDB } from '../storage';
import { createSyncEngine, type SyncEngine } from './engine';
import { createSessionRefresher } from './session-refresh';
import { createHttpTransport } from './transport';

export function buildSyncEngine(db: TraceDB, baseUrl: string): SyncEngine {
  const store = createSyncStore(db);
  const settings = createSettingsStore(db);
  return createSyncEngine({
    store,
    transport: createHttpTransport({
      baseUrl,
      token: async () => {
        const session = await store.session();
        return session && !session.expired ? session.token : undefined;
      },
      refresh: createSessionRefresher({ store, baseUrl }),
    }),
    deviceId: () => settings.deviceId(),
  });
}

/** Tag of the Background Sync registration the page asks for after each save. */
export const BACKGROUND_SYNC_TAG = 'traceready-sync';
export const SYNC_LOCK_NAME = 'traceready-sync';
