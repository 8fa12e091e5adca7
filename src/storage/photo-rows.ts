/**
 * What the device keeps of a photo (docs/photos.md): three kinds of rows, all sealed
 * (crypto/sealed-tables.ts). The description (`photos`) is small and read for every list; the
 * bytes (`photoFiles`, the original and the display copy, one row each) are read only to show
 * or send one photo; the upload's state (`photoUploads`) is what the uploader rewrites, so a
 * retry never re-seals megabytes.
 */
import type { PhotoContentType, PhotoShot } from '../domain/photos';

/** own: taken on this device, to be uploaded; shared: another agency's, fetched to be seen here. */
export type PhotoOrigin = 'own' | 'shared';

/** Where the camera says the photo was taken (EXIF GPS), shown to the officer. */
export interface PhotoLocation {
  latitude: number;
  longitude: number;
}

export interface PhotoRow {
  photoId: string;
  recordId: string;
  firearmId?: string;
  shot: PhotoShot;
  /** SHA-256 of the original bytes exactly as taken, lower-case hex (domain/photos.ts). */
  sha256: string;
  /** Of the original. */
  size: number;
  contentType: PhotoContentType;
  /** When the camera says it was taken (EXIF), else when the file was made. */
  takenAt?: string;
  /** When it was attached on this device. */
  addedAt: string;
  location?: PhotoLocation;
  origin: PhotoOrigin;
  /** The display copy, when the browser could make one (it cannot decode HEIC everywhere). */
  display?: { width: number; height: number; size: number };
  /** Shared photos: only their display copy is kept on this device, the original stays on the server. */
  originalKept: boolean;
}

export type PhotoFileKind = 'original' | 'display';

export interface PhotoFileRow {
  /** `<photoId>/<kind>` */
  fileId: string;
  photoId: string;
  kind: PhotoFileKind;
  bytes: Uint8Array;
}

export const photoFileId = (photoId: string, kind: PhotoFileKind): string => `${photoId}/${kind}`;

/**
 * queued: waiting to be sent (again, after `nextAttemptAt` when a try failed);
 * uploading: a tus upload exists on the server (`uploadUrl`) and is resumed from its offset;
 * on_server: the server answered the last byte with 204, or said it already holds this photo;
 * failed: the server refused it for a reason retrying cannot change (`lastError`), until the officer acts.
 */
export type PhotoUploadState = 'queued' | 'uploading' | 'on_server' | 'failed';

export interface PhotoUploadRow {
  photoId: string;
  recordId: string;
  state: PhotoUploadState;
  /** The tus upload's address, kept so a cut upload resumes where the server's offset stands. */
  uploadUrl?: string;
  /** Tries so far (any outcome): sets the backoff. */
  attempts: number;
  /** Uploads thrown away after the server found other bytes than the hash said (bounded). */
  restarts: number;
  /** The server's code (photo.tooLarge) or the failure's kind (network, timeout, server). */
  lastError?: string;
  nextAttemptAt?: string;
  /** Bytes the server held at the last report (progress on screen). */
  sentBytes?: number;
  updatedAt: string;
}
