/**
 * The sync engine startSync runs in the page: this device's outbox and session, its device id,
 * and the signed-in transport. (It once ran in the service worker too; a worker woken with the
 * app closed has no keys to open the sealed outbox, so now only pages sync.)
 */
import { createExportLog, createSettingsStore, createSyncStore, createTraceStore, type TraceDB } from '../storage';
import { createSyncEngine, type SyncEngine } from './engine';
import { signedInTransport } from './signed-in-transport';

export function buildSyncEngine(db: TraceDB, baseUrl: string): SyncEngine {
  const store = createSyncStore(db);
  const settings = createSettingsStore(db);
  const transport = signedInTransport(store, baseUrl);
  return createSyncEngine({
    store,
    transport,
    deviceId: () => settings.deviceId(),
    exports: { log: createExportLog(db), send: (body) => transport.reportExports(body) },
    traces: { store: createTraceStore(db), push: (body) => transport.tracePush(body), pull: (cursor, limit) => transport.tracePull(cursor, limit) },
    device: { pending: () => store.pendingSummary(), send: (body) => transport.reportDevice(body) },
  });
}

/** Held by every run in every tab, so only one uploads at a time (scheduler.ts). */
export const SYNC_LOCK_NAME = 'traceready-sync';
