/**
 * A photo of a seizure (issue 17 item 1): what the device and the server agree a photo is, and
 * the codes the server answers an upload with (the wire contract: docs/sync-protocol.md#photos).
 *
 * A photo is identified on the device (a random v4 UUID, lower-case so the same id never names
 * two stored objects), belongs to one record and optionally to one firearm of it, and is known
 * by the SHA-256 of its original bytes exactly as the camera gave them (EXIF kept). Only that
 * original travels; the display copy never leaves the device. The same file is copied verbatim
 * to the device branch: keep both identical.
 */
import { z } from 'zod/mini';

/** The guided shots: serial close-up, each side, each other marking, the obliterated area, anything else. */
export const PHOTO_SHOTS = ['serial', 'left', 'right', 'marking', 'obliterated', 'other'] as const;
export type PhotoShot = (typeof PHOTO_SHOTS)[number];

/** What a phone camera or gallery gives; the server stores and serves nothing else. */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/** The server's default upper bound on one original; the server announces its own (GET /api/v1/photos/config). */
export const PHOTO_DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** The metadata keys of a tus upload (Upload-Metadata); the size travels as Upload-Length. */
export const PHOTO_UPLOAD_METADATA_KEYS = ['photoId', 'recordId', 'firearmId', 'shot', 'sha256', 'contentType'] as const;

const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const PhotoMetaSchema = z.strictObject({
  photoId: z.string().check(z.regex(PHOTO_ID)),
  recordId: z.uuid(),
  firearmId: z.optional(z.uuid()),
  shot: z.enum(PHOTO_SHOTS),
  sha256: z.string().check(z.regex(SHA256_HEX)),
  size: z.int().check(z.gt(0)),
  contentType: z.enum(PHOTO_CONTENT_TYPES),
});
export type PhotoMeta = z.infer<typeof PhotoMetaSchema>;

/** The server's answers about a photo (the status of each: docs/sync-protocol.md#photos). */
export const PHOTO_ISSUE_CODES = [
  'photo.badMetadata',
  'photo.tooLarge',
  'photo.unknownRecord',
  'photo.forbidden',
  'photo.alreadyStored',
  'photo.idReused',
  'photo.hashMismatch',
  'photo.notFound',
] as const;
export type PhotoIssueCode = (typeof PHOTO_ISSUE_CODES)[number];

/** The tus Upload-Metadata pairs for a photo (firearmId omitted when the photo is the seizure's own). */
export const photoUploadMetadata = (meta: PhotoMeta): Record<string, string> => {
  const pairs: Record<string, string> = {
    photoId: meta.photoId,
    recordId: meta.recordId,
    shot: meta.shot,
    sha256: meta.sha256,
    contentType: meta.contentType,
  };
  if (meta.firearmId !== undefined) pairs.firearmId = meta.firearmId;
  return pairs;
};

/**
 * The photo an upload announces, from its decoded Upload-Metadata and Upload-Length; undefined
 * when anything is missing, unknown or malformed (the server answers photo.badMetadata).
 */
export const photoMetaFromUpload = (
  metadata: Readonly<Record<string, string | null | undefined>>,
  uploadLength: number | undefined,
): PhotoMeta | undefined => {
  const known = new Set<string>(PHOTO_UPLOAD_METADATA_KEYS);
  if (Object.keys(metadata).some((key) => !known.has(key))) return undefined;
  const candidate: Record<string, unknown> = { size: uploadLength };
  for (const key of PHOTO_UPLOAD_METADATA_KEYS) {
    const value = metadata[key];
    // A key sent without a value (tus allows it) is as good as absent, which only firearmId may be.
    if (typeof value === 'string' && value !== '') candidate[key] = value;
  }
  const parsed = PhotoMetaSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
};
