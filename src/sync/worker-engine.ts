/** The engine as the page builds it: the store, transport and device id over the device database. */
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

export const SYNC_LOCK_NAME = 'traceready-sync';
