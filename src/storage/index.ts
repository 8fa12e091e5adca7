/**
 * The storage surface the screens use. One database per origin; screens read through live
 * queries over these functions and write only through them, never through Dexie tables.
 */
import { TraceDB } from './db';
import { createDraftStore } from './draft-store';
import { createExportLog } from './export-log';
import { createSeizureRepository, recordChecks } from './seizure-repository';
import { createSettingsStore, profileSchema } from './settings-store';
import { createPhotoStore } from './photo-store';
import { createTraceStore } from './trace-store';

export const db = new TraceDB();
export const seizures = createSeizureRepository(db);
export const drafts = createDraftStore(db);
export const settings = createSettingsStore(db);
export const exportLog = createExportLog(db);
export const traceStatuses = createTraceStore(db);
export const photos = createPhotoStore(db);

/**
 * Loads what a profile read and a save check against (zod, the shared schema, the domain's
 * checks), which the first screen does without. Called once an officer can open the app, so the
 * list, the form's saves and sync never wait for it; offline it comes from the service worker's
 * cache like every chunk.
 */
export const preloadChecks = (): Promise<void> => Promise.all([recordChecks(), profileSchema()]).then(() => undefined);

export type { ExportLogEntry, FormDraft, OutboxEntry, SeizureRow, SeizureView, ServerVersion, SyncRow, SyncState } from './db';
export type { ExportLog } from './export-log';
export { TraceDB } from './db';
export { StorageError, STORAGE_ERROR_CODES, toStorageError, type StorageErrorCode } from './errors';
export { newId } from './ids';
export { repairOutbox } from './integrity';
export { claimUnsealed } from './claim-unsealed';
export { reindexSealed } from './reindex-sealed';
export { splitSyncState } from './split-sync-state';
export { readViews, seizureView } from './sync-state';
export { LockedError } from './crypto/sealing-middleware';
export { ensureSpaceReserve } from './space-reserve';
export { createSyncStore, type OutgoingMutation, type PushOutcome, type Session, type SyncStore } from './sync-store';
export { requestPersistence, storageEstimate, type PersistenceState, type StorageHealth } from './persistence';
export { NotReadyError } from './seizure-repository';
export type { Profile } from './settings-store';
export { createPhotoStore, type DisplayCopy, type DueUpload, type NewPhoto, type PhotoConfig, type PhotoStore, type PhotoView } from './photo-store';
export { PhotoRefusedError, type PhotoRefusal } from './photo-space';
export type { PhotoFileRow, PhotoLocation, PhotoOrigin, PhotoRow, PhotoUploadRow, PhotoUploadState } from './photo-rows';
export { createDraftStore, createExportLog, createSeizureRepository, createSettingsStore, createTraceStore };
export type { OutgoingTrace, TraceStore } from './trace-store';
export type { ServerTrace, TraceOutboxEntry, TraceStatusRow, TraceSyncState } from './trace-rows';
export { TraceLockedError, type PulledStatus, type TraceOutcome } from './trace-rules';
