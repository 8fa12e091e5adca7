/**
 * What the server decides about a photo upload (docs/sync-protocol.md#photos), apart from the tus
 * protocol itself (@tus/server does that): whether one may be created, and what a finished one
 * becomes. Refusals are thrown as tus errors ({ status_code, body }), which @tus/server answers
 * with; the body is the API's usual `{ "error": <code> }`.
 *
 * An upload's metadata keeps, beside the device's keys, who created it and for which agency
 * (UPLOADER_KEYS): written by the server at creation, read back by whichever instance receives
 * the last byte, and checked on every later request of the upload.
 */
import type { Upload } from '@tus/server';
import { photoMetaFromUpload, type PhotoMeta } from '../../domain/photos';
import { ERROR_CODES, type ErrorCode } from '../errors';
import type { SessionUser } from '../store/sessions-repository';
import type { Store } from '../store';
import { sha256Of, type PhotoStore } from './storage';

export const UPLOADER_KEYS = { userId: 'uploadedBy', agencyCode: 'agencyCode' } as const;

/** A refusal as @tus/server answers it (status_code, body), with its code for our own answers. */
export interface TusRefusal {
  status_code: number;
  body: string;
  code: ErrorCode;
}

export const refusal = (status: number, code: ErrorCode): TusRefusal => ({ status_code: status, body: JSON.stringify({ error: code }), code });

export const isRefusal = (value: unknown): value is TusRefusal =>
  typeof (value as TusRefusal | null)?.status_code === 'number' && typeof (value as TusRefusal).code === 'string';

/** The device's metadata of an upload, without the server's own keys; undefined when it is not a photo's. */
export function photoMetaOf(upload: Pick<Upload, 'metadata' | 'size'>): PhotoMeta | undefined {
  const serverKeys = new Set<string>(Object.values(UPLOADER_KEYS));
  const device = Object.fromEntries(Object.entries(upload.metadata ?? {}).filter(([key]) => !serverKeys.has(key)));
  return photoMetaFromUpload(device, upload.size);
}

export interface UploaderOf {
  userId: string;
  agencyCode: string;
}

export function uploaderOf(upload: Pick<Upload, 'metadata'>): UploaderOf | undefined {
  const userId = upload.metadata?.[UPLOADER_KEYS.userId];
  const agencyCode = upload.metadata?.[UPLOADER_KEYS.agencyCode];
  return userId && agencyCode ? { userId, agencyCode } : undefined;
}

export interface PhotoUploads {
  /** Checks a new upload; returns the metadata to store with it. */
  admit(session: SessionUser, upload: Upload): Promise<Record<string, string | null>>;
  /** Hashes a finished upload's bytes and stores its photo; throws the refusal otherwise (its bytes deleted). */
  complete(upload: Upload): Promise<void>;
}

export function photoUploads(store: Store, photoStore: PhotoStore, maxBytes: number, now: () => Date): PhotoUploads {
  async function refuseAndDelete(uploadId: string, status: number, code: ErrorCode): Promise<never> {
    await photoStore.remove(uploadId);
    throw refusal(status, code);
  }

  return {
    async admit(session, upload) {
      // No deferred length: the device knows its photo's size, and the server bounds it up front.
      const meta = upload.sizeIsDeferred ? undefined : photoMetaOf(upload);
      if (!meta) throw refusal(400, ERROR_CODES.photoBadMetadata);
      if (meta.size > maxBytes) throw refusal(413, ERROR_CODES.photoTooLarge);
      const record = await store.records.findLatest(meta.recordId);
      // A record the caller's agency cannot see is as unknown as one that does not exist.
      if (!record) throw refusal(404, ERROR_CODES.photoUnknownRecord);
      if (record.agencyCode !== session.agencyCode) {
        const shared = await store.shares.isSharedWith(meta.recordId, session.agencyCode);
        throw shared ? refusal(403, ERROR_CODES.photoForbidden) : refusal(404, ERROR_CODES.photoUnknownRecord);
      }
      // A firearm the server's copy of the record does not hold: the device has not synced it yet.
      if (meta.firearmId !== undefined && !record.body.firearms.some((firearm) => firearm.id === meta.firearmId)) {
        throw refusal(404, ERROR_CODES.photoUnknownRecord);
      }
      const stored = await store.photos.find(meta.photoId);
      if (stored) throw refusal(409, stored.sha256 === meta.sha256 ? ERROR_CODES.photoAlreadyStored : ERROR_CODES.photoIdReused);
      return { ...upload.metadata, [UPLOADER_KEYS.userId]: session.userId, [UPLOADER_KEYS.agencyCode]: session.agencyCode };
    },

    async complete(upload) {
      const meta = photoMetaOf(upload);
      const uploader = uploaderOf(upload);
      // Only admitted uploads exist, so this is a store someone else wrote to: nothing to keep.
      if (!meta || !uploader) return refuseAndDelete(upload.id, 400, ERROR_CODES.photoBadMetadata);
      // The bytes as stored, not as received: what is kept is what was checked.
      const digest = await sha256Of(await photoStore.read(upload.id));
      if (digest !== meta.sha256) return refuseAndDelete(upload.id, 422, ERROR_CODES.photoHashMismatch);
      const at = now();
      const outcome = await store.writeLocked(async ({ photos, audit }) => {
        const existing = await photos.find(meta.photoId);
        // Two uploads of one photo raced (a device that lost its upload URL): the first one to finish is kept.
        if (existing) return existing.storageKey === upload.id ? 'stored' : existing.sha256 === meta.sha256 ? 'duplicate' : 'reused';
        await photos.add({ ...meta, agencyCode: uploader.agencyCode, storageKey: upload.id, uploadedBy: uploader.userId }, at);
        await audit.append(
          {
            action: 'photo.upload',
            actorUserId: uploader.userId,
            agencyCode: uploader.agencyCode,
            subject: meta.photoId,
            details: { recordId: meta.recordId, firearmId: meta.firearmId ?? null, shot: meta.shot, sha256: meta.sha256, size: meta.size, contentType: meta.contentType },
          },
          at,
        );
        return 'stored';
      });
      if (outcome === 'duplicate') await refuseAndDelete(upload.id, 409, ERROR_CODES.photoAlreadyStored);
      if (outcome === 'reused') await refuseAndDelete(upload.id, 409, ERROR_CODES.photoIdReused);
    },
  };
}
