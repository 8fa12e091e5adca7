/**
 * Photos of seizures (docs/sync-protocol.md#photos): the announced limits, a record's photos and
 * one photo's original bytes, plus the tus upload endpoint (tus.ts).
 *
 * Who sees a photo: the agency that owns its record, and every agency the record is shared with
 * while the share lasts; roles do not widen that (a supervisor or administrator sees their own
 * agency's and what is shared with it). Anything else answers exactly like a record or photo
 * that does not exist. Every list and every original sent is an audit row.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { ApiError, ERROR_CODES } from '../../../errors';
import { sessionOf } from '../../../plugins/app/authentication';
import { parseOrReject } from '../../../protocol/envelopes';
import { openPhotoStore, type PhotoOptions } from '../../../photos/storage';
import { photoUploads } from '../../../photos/uploads';
import type { AuditEvent } from '../../../store/audit-repository';
import type { StoredPhoto } from '../../../store/photos-repository';
import type { SessionUser } from '../../../store/sessions-repository';
import tusRoutes from './tus';

const RecordParams = z.strictObject({ recordId: z.uuid() });
const PhotoParams = z.strictObject({ photoId: z.uuid() });

export interface PhotoDto {
  photoId: string;
  recordId: string;
  firearmId?: string;
  shot: string;
  sha256: string;
  size: number;
  contentType: string;
  uploadedAt: string;
  uploadedBy: { id: string; username: string | null };
}

export interface PhotoRoutesOptions extends PhotoOptions {
  /** Where the routes are mounted, as clients address them ('/api/v1/photos'). */
  mountPath: string;
}

export default async function photoRoutes(app: FastifyInstance, { maxBytes, storage, mountPath }: PhotoRoutesOptions): Promise<void> {
  const photoStore = openPhotoStore(storage);
  const uploadPath = `${mountPath}/uploads`;
  await app.register(tusRoutes, { prefix: '/uploads', maxBytes, uploadPath, photoStore, uploads: photoUploads(app.store, photoStore, maxBytes, app.now) });

  const audited = (event: AuditEvent) => app.store.writeLocked((tx) => tx.audit.append(event, app.now()));

  /** Whether the caller's agency may see this record's photos now. */
  async function maySee(session: SessionUser, recordId: string): Promise<boolean> {
    const record = await app.store.records.findLatest(recordId);
    if (!record) return false;
    return record.agencyCode === session.agencyCode || app.store.shares.isSharedWith(recordId, session.agencyCode);
  }

  async function toDtos(photos: StoredPhoto[]): Promise<PhotoDto[]> {
    const names = await app.store.users.usernames(photos.map((photo) => photo.uploadedBy));
    return photos.map((photo) => ({
      photoId: photo.photoId,
      recordId: photo.recordId,
      ...(photo.firearmId !== undefined && { firearmId: photo.firearmId }),
      shot: photo.shot,
      sha256: photo.sha256,
      size: photo.size,
      contentType: photo.contentType,
      uploadedAt: photo.uploadedAt,
      uploadedBy: { id: photo.uploadedBy, username: names.get(photo.uploadedBy) ?? null },
    }));
  }

  app.get('/config', async () => ({ maxBytes, uploadUrl: uploadPath }));

  app.get('/records/:recordId', async (request) => {
    const session = sessionOf(request);
    const { recordId } = parseOrReject(RecordParams, request.params);
    if (!(await maySee(session, recordId))) throw new ApiError(404, ERROR_CODES.photoUnknownRecord);
    const photos = await app.store.photos.forRecord(recordId);
    await audited({ action: 'photo.list', actorUserId: session.userId, agencyCode: session.agencyCode, subject: recordId, details: { photos: photos.length } });
    return { photos: await toDtos(photos) };
  });

  app.get('/:photoId', async (request, reply) => {
    const session = sessionOf(request);
    const { photoId } = parseOrReject(PhotoParams, request.params);
    const photo = await app.store.photos.find(photoId);
    if (!photo || !(await maySee(session, photo.recordId))) throw new ApiError(404, ERROR_CODES.photoNotFound);
    const bytes = await photoStore.read(photo.storageKey);
    await audited({ action: 'photo.view', actorUserId: session.userId, agencyCode: session.agencyCode, subject: photoId, details: { recordId: photo.recordId, sha256: photo.sha256 } });
    return reply
      .type(photo.contentType)
      .header('content-length', String(photo.size))
      .header('etag', `"${photo.sha256}"`)
      .header('content-disposition', `inline; filename="${photo.photoId}"`)
      .send(bytes);
  });
}
