/**
 * Photos on the device (docs/photos.md). Attaching one writes its description, its bytes (the
 * untouched original and the display copy) and its upload row in one strict transaction, after
 * the space check (photo-space.ts): either the photo is on disk whole, queued to be sent, or
 * nothing changed. Never inside the record's JSON: a record stays a few kilobytes to seal and sync.
 *
 * The uploader (sync/photo-uploader.ts) reads the queue and writes only the small upload rows.
 */
import type { PhotoContentType, PhotoMeta } from '../domain/photos';
import type { TraceDB } from './db';
import { guarded } from './errors';
import { photoFileId, type PhotoFileRow, type PhotoLocation, type PhotoRow, type PhotoUploadRow } from './photo-rows';
import { currentEstimate, photoRefusal, PhotoRefusedError, type SpaceEstimate } from './photo-space';
import { withSpaceReserve } from './space-reserve';

export interface DisplayCopy {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export interface NewPhoto {
  meta: PhotoMeta;
  original: Uint8Array;
  display?: DisplayCopy;
  takenAt?: string;
  location?: PhotoLocation;
}

/** A photo with where its upload stands (own photos; shared ones have none). */
export interface PhotoView extends PhotoRow {
  upload?: PhotoUploadRow;
}

export interface PhotoConfig {
  maxBytes: number;
  uploadUrl: string;
}

/** A photo the uploader may send now: its description and its upload row. */
export interface DueUpload {
  photo: PhotoRow;
  upload: PhotoUploadRow;
}

/**
 * domain/photos.ts's PHOTO_DEFAULT_MAX_BYTES and PHOTO_CONTENT_TYPES, repeated: that module
 * builds zod schemas as it loads, and storage is part of the first screen, which loads no zod
 * (test/unit/photo-storage.test.ts keeps the two equal).
 */
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
export const CONTENT_TYPES: readonly PhotoContentType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];

const PHOTO_TABLES = (db: TraceDB) => [db.photos, db.photoFiles, db.photoUploads];
const CONFIG_KEY = 'photoConfig';
/** A photo the server holds, or is taking: no longer the officer's to delete on this device. */
const SENT_STATES = new Set(['on_server', 'uploading']);

const fileRows = (photoId: string, original: Uint8Array | undefined, display: DisplayCopy | undefined): PhotoFileRow[] => [
  ...(original ? [{ fileId: photoFileId(photoId, 'original'), photoId, kind: 'original' as const, bytes: original }] : []),
  ...(display ? [{ fileId: photoFileId(photoId, 'display'), photoId, kind: 'display' as const, bytes: display.bytes }] : []),
];

/** Deletes every photo of these records, inside the caller's transaction (which must include the photo tables). */
export async function dropPhotosOf(db: TraceDB, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  const photoIds = (await db.photos.where('recordId').anyOf([...recordIds]).primaryKeys()) as string[];
  const fileIds = photoIds.flatMap((id) => [photoFileId(id, 'original'), photoFileId(id, 'display')]);
  await Promise.all([db.photos.bulkDelete(photoIds), db.photoFiles.bulkDelete(fileIds), db.photoUploads.bulkDelete(photoIds)]);
}

export function createPhotoStore(db: TraceDB, estimate: () => Promise<SpaceEstimate> = currentEstimate) {
  const serverConfig = async (): Promise<PhotoConfig | undefined> => (await db.meta.get(CONFIG_KEY))?.value as PhotoConfig | undefined;
  const maxBytes = async () => (await serverConfig())?.maxBytes ?? DEFAULT_MAX_BYTES;

  async function refuseIfNotFitting(size: number, displaySize: number): Promise<void> {
    const refusal = photoRefusal(await estimate(), size, displaySize, await maxBytes());
    if (refusal) throw new PhotoRefusedError(refusal);
  }

  return {
    /** Refused (PhotoRefusedError) before anything is written when it does not fit or could never be sent. */
    async add(photo: NewPhoto, now = new Date()): Promise<PhotoRow> {
      const { meta, original, display } = photo;
      if (!CONTENT_TYPES.includes(meta.contentType)) throw new PhotoRefusedError({ code: 'photo.notAnImage' });
      await refuseIfNotFitting(original.byteLength, display?.bytes.byteLength ?? 0);
      const at = now.toISOString();
      const row: PhotoRow = {
        ...meta,
        addedAt: at,
        origin: 'own',
        originalKept: true,
        ...(photo.takenAt !== undefined && { takenAt: photo.takenAt }),
        ...(photo.location && { location: photo.location }),
        ...(display && { display: { width: display.width, height: display.height, size: display.bytes.byteLength } }),
      };
      const upload: PhotoUploadRow = { photoId: meta.photoId, recordId: meta.recordId, state: 'queued', attempts: 0, restarts: 0, updatedAt: at };
      const files = fileRows(meta.photoId, original, display);
      // Megabytes to seal: WebCrypto does it before the transaction, off the page's thread.
      await db.preseal('photoFiles', files);
      await guarded(() =>
        db.transaction('rw', PHOTO_TABLES(db), async () => {
          await Promise.all([db.photos.put(row), db.photoFiles.bulkPut(files), db.photoUploads.put(upload)]);
        }),
      );
      return row;
    },

    /** A shared record's photo fetched from the server: only its display copy is kept. Skipped when there is no room. */
    async addShared(meta: PhotoMeta, display: DisplayCopy | undefined, now = new Date()): Promise<boolean> {
      if (await db.photos.get(meta.photoId)) return true;
      const refusal = photoRefusal(await estimate(), display?.bytes.byteLength ?? 1, 0, Number.MAX_SAFE_INTEGER);
      if (refusal) return false;
      const row: PhotoRow = {
        ...meta,
        addedAt: now.toISOString(),
        origin: 'shared',
        originalKept: false,
        ...(display && { display: { width: display.width, height: display.height, size: display.bytes.byteLength } }),
      };
      const files = fileRows(meta.photoId, undefined, display);
      await db.preseal('photoFiles', files);
      await guarded(() => db.transaction('rw', PHOTO_TABLES(db), () => Promise.all([db.photos.put(row), db.photoFiles.bulkPut(files)])));
      return true;
    },

    forRecord: (recordId: string): Promise<PhotoView[]> =>
      guarded(async () => {
        const [rows, uploads] = await Promise.all([db.photos.where('recordId').equals(recordId).toArray(), db.photoUploads.where('recordId').equals(recordId).toArray()]);
        const byId = new Map(uploads.map((u) => [u.photoId, u]));
        return rows.sort((a, b) => a.addedAt.localeCompare(b.addedAt)).map((row) => ({ ...row, ...(byId.has(row.photoId) && { upload: byId.get(row.photoId) }) }));
      }),

    displayCopy: (photoId: string): Promise<Uint8Array | undefined> => guarded(async () => (await db.photoFiles.get(photoFileId(photoId, 'display')))?.bytes),
    original: (photoId: string): Promise<Uint8Array | undefined> => guarded(async () => (await db.photoFiles.get(photoFileId(photoId, 'original')))?.bytes),

    /** Only a photo the server does not hold yet: once sent it is evidence on the server too. */
    remove: (photoId: string): Promise<boolean> =>
      guarded(() =>
        db.transaction('rw', PHOTO_TABLES(db), async () => {
          const [photo, upload] = await Promise.all([db.photos.get(photoId), db.photoUploads.get(photoId)]);
          if (!photo || photo.origin !== 'own' || (upload && SENT_STATES.has(upload.state))) return false;
          await Promise.all([db.photos.delete(photoId), db.photoFiles.bulkDelete([photoFileId(photoId, 'original'), photoFileId(photoId, 'display')]), db.photoUploads.delete(photoId)]);
          return true;
        }),
      ),

    /** How many photos this officer keeps on the device, and their bytes (originals and display copies). */
    totals: (): Promise<{ count: number; bytes: number; unsent: number }> =>
      guarded(async () => {
        const [rows, unsent] = await Promise.all([db.photos.toArray(), db.photoUploads.where('state').anyOf(['queued', 'uploading', 'failed']).count()]);
        const bytes = rows.reduce((sum, row) => sum + (row.originalKept ? row.size : 0) + (row.display?.size ?? 0), 0);
        return { count: rows.length, bytes, unsent };
      }),

    /**
     * The photos the uploader may send now: queued or part-sent, due, and of a record the server
     * holds (acknowledged at some revision): the server refuses a photo of a record it lacks.
     */
    dueUploads: (now: Date, limit = 20): Promise<DueUpload[]> =>
      guarded(async () => {
        const uploads = (await db.photoUploads.where('state').anyOf(['queued', 'uploading']).toArray()).filter(
          (u) => u.nextAttemptAt === undefined || Date.parse(u.nextAttemptAt) <= now.getTime(),
        );
        if (uploads.length === 0) return [];
        const records = await db.syncStates.bulkGet([...new Set(uploads.map((u) => u.recordId))]);
        const onServer = new Set(records.flatMap((r) => (r && r.revision !== undefined ? [r.id] : [])));
        const ready = uploads.filter((u) => onServer.has(u.recordId)).slice(0, limit);
        const photos = await db.photos.bulkGet(ready.map((u) => u.photoId));
        return ready.flatMap((upload, i) => (photos[i] ? [{ photo: photos[i], upload }] : []));
      }),

    /** The earliest time a photo waiting out a backoff is due again. */
    nextDueAt: (now = new Date()): Promise<string | undefined> =>
      guarded(async () => {
        // Only backoffs still running: a photo due already but whose record is not on the server
        // yet is sent after the records' run that delivers its record.
        const waiting = await db.photoUploads.where('state').anyOf(['queued', 'uploading']).toArray();
        return waiting.flatMap((u) => (u.nextAttemptAt && Date.parse(u.nextAttemptAt) > now.getTime() ? [u.nextAttemptAt] : [])).sort()[0];
      }),

    /** Records the uploader's progress; a photo deleted meanwhile stays deleted. Bookkeeping: may use the space reserve. */
    saveUpload: (next: PhotoUploadRow): Promise<void> =>
      guarded(() =>
        withSpaceReserve(() =>
          db.transaction('rw', [db.photos, db.photoUploads], async () => {
            if (await db.photos.get(next.photoId)) await db.photoUploads.put(next);
          }),
        ),
      ),

    /** The officer asks to try a refused photo again (after the record or the server changed). */
    retry: (photoId: string, now = new Date()): Promise<void> =>
      guarded(() =>
        db.transaction('rw', db.photoUploads, async () => {
          const upload = await db.photoUploads.get(photoId);
          if (upload?.state !== 'failed') return;
          // A fresh start: no tus address, error or wait carried over.
          await db.photoUploads.put({ photoId: upload.photoId, recordId: upload.recordId, state: 'queued', attempts: upload.attempts, restarts: 0, updatedAt: now.toISOString() });
        }),
      ),

    sharedIds: (recordId: string): Promise<Set<string>> => guarded(async () => new Set((await db.photos.where('recordId').equals(recordId).toArray()).map((row) => row.photoId))),

    serverConfig,
    maxBytes,
    rememberServerConfig: (config: PhotoConfig): Promise<void> => guarded(async () => void (await db.meta.put({ key: CONFIG_KEY, value: config }))),
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
