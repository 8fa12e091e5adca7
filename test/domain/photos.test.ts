/**
 * The photo contract (src/domain/photos.ts): what metadata the server accepts for an upload, and
 * the tus Upload-Metadata the device sends for it, round-tripping through the same schema.
 */
import { describe, expect, it } from 'vitest';
import {
  PHOTO_DEFAULT_MAX_BYTES,
  PHOTO_ISSUE_CODES,
  PHOTO_SHOTS,
  PhotoMetaSchema,
  photoMetaFromUpload,
  photoUploadMetadata,
  type PhotoMeta,
} from '../../src/domain/photos';

const META: PhotoMeta = {
  photoId: '3f1c2b7a-9d4e-4c1a-8b2f-0a1b2c3d4e5f',
  recordId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  firearmId: 'e4a1f3c2-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  shot: 'serial',
  sha256: 'a'.repeat(64),
  size: 4_000_000,
  contentType: 'image/jpeg',
};

describe('PhotoMetaSchema', () => {
  it('accepts a photo of a firearm and a seizure-level photo', () => {
    expect(PhotoMetaSchema.safeParse(META).success).toBe(true);
    const seizureLevel: PhotoMeta = { ...META };
    delete seizureLevel.firearmId;
    expect(PhotoMetaSchema.safeParse(seizureLevel).success).toBe(true);
  });

  it('accepts every guided shot and no other', () => {
    for (const shot of PHOTO_SHOTS) expect(PhotoMetaSchema.safeParse({ ...META, shot }).success).toBe(true);
    expect(PhotoMetaSchema.safeParse({ ...META, shot: 'front' }).success).toBe(false);
  });

  it.each([
    ['an upper-case photo id', { photoId: META.photoId.toUpperCase() }],
    ['a photo id that is not v4', { photoId: '3f1c2b7a-9d4e-1c1a-8b2f-0a1b2c3d4e5f' }],
    ['a record id that is no UUID', { recordId: 'seizure-1' }],
    ['a short hash', { sha256: 'a'.repeat(63) }],
    ['an upper-case hash', { sha256: 'A'.repeat(64) }],
    ['an empty photo', { size: 0 }],
    ['a fractional size', { size: 1.5 }],
    ['a type that is no image', { contentType: 'application/pdf' }],
    ['an unknown field', { note: 'x' }],
  ])('refuses %s', (_name, change) => {
    expect(PhotoMetaSchema.safeParse({ ...META, ...change }).success).toBe(false);
  });

  it('names a default maximum of 25 MB and the codes of every refusal', () => {
    expect(PHOTO_DEFAULT_MAX_BYTES).toBe(26_214_400);
    expect(PHOTO_ISSUE_CODES).toContain('photo.hashMismatch');
    expect(new Set(PHOTO_ISSUE_CODES).size).toBe(PHOTO_ISSUE_CODES.length);
  });
});

describe('tus Upload-Metadata', () => {
  it('round-trips a photo through the metadata and Upload-Length', () => {
    expect(photoMetaFromUpload(photoUploadMetadata(META), META.size)).toEqual(META);
    const seizureLevel: PhotoMeta = { ...META };
    delete seizureLevel.firearmId;
    const pairs = photoUploadMetadata(seizureLevel);
    expect(pairs).not.toHaveProperty('firearmId');
    expect(photoMetaFromUpload(pairs, META.size)).toEqual(seizureLevel);
  });

  it('treats a key without a value as absent', () => {
    expect(photoMetaFromUpload({ ...photoUploadMetadata(META), firearmId: null }, META.size)).not.toHaveProperty('firearmId');
    expect(photoMetaFromUpload({ ...photoUploadMetadata(META), shot: '' }, META.size)).toBeUndefined();
  });

  it('refuses unknown keys, a missing length and a bad value', () => {
    expect(photoMetaFromUpload({ ...photoUploadMetadata(META), filename: 'a.jpg' }, META.size)).toBeUndefined();
    expect(photoMetaFromUpload(photoUploadMetadata(META), undefined)).toBeUndefined();
    expect(photoMetaFromUpload({ ...photoUploadMetadata(META), sha256: 'nothex' }, META.size)).toBeUndefined();
  });
});
