/**
 * Sync as the rest of the app sees it: start it once, ask for a run, read its status, sign in
 * and out. Nothing else in the app talks to the server.
 */
import { useSyncExternalStore } from 'react';
import { createSettingsStore, createSyncStore, db, photos, seizures, traceStatuses, type DisplayCopy, type Session } from '../storage';
import type { SyncEngine, SyncStatus } from './engine';
import { startSyncScheduler, type SyncScheduler, type SyncTrigger } from './scheduler';
import type { RecordHistory } from './protocol';
import { buildSyncEngine, SYNC_LOCK_NAME } from './device-engine';
import { sessionFromAnswer } from './session-refresh';
import { ON_SCREEN_DEADLINE_MS, signedInTransport } from './signed-in-transport';
import { login, logout, refreshTokens, TransportError } from './transport';
import { createPhotoTransport, type PhotoTransport } from './photo-transport';
import type { PhotoUploader } from './photo-uploader';
import { fetchSharedPhotos, startPhotoSync, type PhotoSync } from './photo-sync';

const store = createSyncStore(db);
let engine: SyncEngine | undefined;
let scheduler: SyncScheduler | undefined;
let photoSync: PhotoSync | undefined;
let photoTransport: PhotoTransport | undefined;
const IDLE_STATUS: SyncStatus = { phase: 'idle', failures: 0 };

/** Saves and trace statuses not yet on the server: while there are any, sync runs more often. */
const pendingWork = async () => (await seizures.pendingCount()) + (await traceStatuses.pendingCount());

export function startSync(baseUrl = location.origin): void {
  if (engine) return;
  engine = buildSyncEngine(db, baseUrl);
  // The records are sealed: with nobody unlocked there is nothing sync could read or record.
  scheduler = startSyncScheduler({ engine, lockName: SYNC_LOCK_NAME, pendingCount: pendingWork, paused: () => !db.isUnlocked });
  // Photos go after each records' run that reached the server, in a loop of their own
  // (photo-sync.ts): never inside the records' run, so a photo cannot hold a record back.
  const transport = (photoTransport = createPhotoTransport(store, baseUrl));
  let uploader: Promise<PhotoUploader> | undefined;
  const loadUploader = () =>
    (uploader ??= import('./photo-uploader')
      .then(({ createPhotoUploader }) => createPhotoUploader({ store: photos, transport }))
      .catch((error: unknown) => {
        // A chunk not fetched (no signal before the precache): the next pass tries again.
        uploader = undefined;
        throw error;
      }));
  const sending = startPhotoSync({ uploader: loadUploader, nextDueAt: () => photos.nextDueAt(), paused: () => !db.isUnlocked });
  photoSync = sending;
  let previous = engine.status().phase;
  engine.subscribe((status) => {
    if (previous === 'syncing' && status.phase === 'idle') sending.request();
    previous = status.phase;
  });
}

/** A photo was attached or retried: the records' run goes first (the photo's record must be on the server), then the photos. */
export function requestPhotoUpload(): void {
  requestSync('save');
  photoSync?.request();
}

/**
 * A shared record's photos from the server, when it is opened online; `makeCopy` turns an
 * original into the display copy the device keeps (the browser's decoder: lib/photo-file.ts).
 * Fails like any signed-in call (TransportError) when offline or refused.
 */
export function loadSharedPhotos(recordId: string, makeCopy: (bytes: Uint8Array, contentType: string) => Promise<DisplayCopy | undefined>, baseUrl = location.origin): Promise<number> {
  photoTransport ??= createPhotoTransport(store, baseUrl);
  return fetchSharedPhotos(photos, photoTransport, recordId, makeCopy);
}

export function requestSync(trigger: SyncTrigger): void {
  scheduler?.request(trigger);
}

const subscribe = (listener: () => void) => engine?.subscribe(listener) ?? (() => undefined);
export const useSyncStatus = (): SyncStatus => useSyncExternalStore(subscribe, () => engine?.status() ?? IDLE_STATUS, () => IDLE_STATUS);

/**
 * `otp`: the code from the officer's authenticator app, when the server asked for one. The answer
 * carries the account key for the device lock (src/lock): handed on, never stored.
 */
export async function signIn(username: string, password: string, otp?: string, baseUrl = location.origin): Promise<Session & { accountKey?: string | undefined }> {
  const deviceId = await createSettingsStore(db).deviceId().catch(() => undefined);
  const answer = await login(baseUrl, username, password, undefined, deviceId, otp);
  const session = sessionFromAnswer(answer);
  await store.saveSession(session);
  engine?.resetBackoff();
  requestSync('manual');
  return { ...session, accountKey: answer.accountKey };
}

/**
 * Forgets the sign-in on the device, and ends it on the server too when it can be reached, so a
 * copy of the refresh token left anywhere stops working. An expired access token is renewed
 * once for the purpose.
 */
export async function signOut(baseUrl = location.origin): Promise<void> {
  const session = await store.session();
  await store.clearSession();
  if (!session || session.expired) return;
  await logout(baseUrl, session.token)
    .catch(async (error: unknown) => {
      if (!(error instanceof TransportError && error.kind === 'auth' && session.refreshToken)) return;
      await logout(baseUrl, (await refreshTokens(baseUrl, session.refreshToken)).token);
    })
    .catch(() => undefined);
}
export const currentSession = (): Promise<Session | undefined> => store.session();
export const keepMyVersion = async (recordId: string) => {
  await store.keepMine(recordId);
  requestSync('save');
};
export const takeServerVersion = (recordId: string) => store.takeTheirs(recordId);
/** What waits to be sent: saved records and trace status changes, counted together, and the oldest of either. */
export async function pendingSummary(): Promise<{ count: number; oldest?: string }> {
  const [records, traces] = await Promise.all([store.pendingSummary(), traceStatuses.pendingSummary()]);
  const oldest = [records.oldest, traces.oldest].filter((at): at is string => at !== undefined).sort()[0];
  return { count: records.count + traces.count, ...(oldest !== undefined && { oldest }) };
}
export const lastSuccessfulSync = () => store.lastSuccess();
/** Photos not yet on the server (queued, part-sent, or refused and waiting for the officer). */
export const unsentPhotos = async (): Promise<number> => (await photos.totals()).unsent;
/** The clock skew the last sync measured; unknown while the device is locked (it is sealed). */
export const lastClockSkew = () => store.clockSkew().catch(() => undefined);

/** A record's history from the server; needs a connection and a supervisor's or admin's sign-in. */
export function recordHistory(recordId: string, baseUrl = location.origin): Promise<RecordHistory> {
  return signedInTransport(store, baseUrl, ON_SCREEN_DEADLINE_MS).recordHistory(recordId);
}

export type { RecordHistory } from './protocol';
export type { SyncStatus } from './engine';
export type { FailureKind } from './transport';
export { TransportError } from './transport';
