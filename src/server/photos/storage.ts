/**
 * Where photo bytes are kept (docs/server.md "Photos"): files under DATA_DIR/photos by default,
 * or an S3-compatible bucket when PHOTO_S3_BUCKET is set, so several server instances share the
 * same photos and the same unfinished uploads. Either is a tus DataStore (the upload protocol's
 * own store), plus the two things the server does with stored bytes besides receiving them:
 * read them back (to hash them, and to send them) and delete them (a mismatch, a duplicate).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { S3Store } from '@tus/s3-store';
import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { ERRORS, type DataStore, type KvStore } from '@tus/server';

export type PhotoStorage =
  | { kind: 'disk'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      region: string;
      /** An S3-compatible server's address; path-style addressing is forced when it is given. */
      endpoint?: string;
      /** Without them the SDK's own chain applies (environment, instance role). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };

export interface PhotoOptions {
  /** The largest original accepted (announced at GET /api/v1/photos/config). */
  maxBytes: number;
  storage: PhotoStorage;
}

export interface PhotoStore {
  /** The tus store uploads are written to, under their upload id. */
  datastore: DataStore;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** S3 parts other than the last must be at least 5 MiB; 8 MiB keeps a 25 MB photo to four parts. */
const S3_PART_BYTES = 8 * 1024 * 1024;

export function openPhotoStore(storage: PhotoStorage): PhotoStore {
  if (storage.kind === 'disk') {
    const store = new FileStore({ directory: storage.dir });
    return { datastore: store, read: async (key) => store.read(key), remove: (key) => store.remove(key) };
  }
  const client = {
    region: storage.region,
    // Checksums only where S3 requires them: the SDK's newer default (a CRC trailer on every
    // upload, aws-chunked bodies) is what many S3-compatible servers do not speak.
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
    ...(storage.endpoint !== undefined && { endpoint: storage.endpoint, forcePathStyle: true }),
    ...(storage.credentials !== undefined && { credentials: storage.credentials }),
  };
  const store = new S3Store({ partSize: S3_PART_BYTES, cache: NO_CACHE, s3ClientConfig: { bucket: storage.bucket, ...client } });
  const s3 = new S3Client(client);
  return {
    datastore: store,
    read: (key) => store.read(key),
    async remove(key) {
      try {
        await store.remove(key);
      } catch (error) {
        // A finished upload has no multipart upload left to abort, and S3Store.remove then gives
        // up before deleting anything: the object and its .info are deleted here instead.
        if (error !== ERRORS.FILE_NOT_FOUND) throw error;
        await s3.send(new DeleteObjectsCommand({ Bucket: storage.bucket, Delete: { Objects: [{ Key: key }, { Key: `${key}.info` }] } }));
      }
    },
  };
}

/**
 * No cache of uploads' metadata: S3Store's default keeps it in each instance's memory, where it
 * outlives an upload another instance deleted. One small read of the .info object per request is
 * the price of every instance seeing the same uploads.
 */
const NO_CACHE: KvStore<never> = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
};

/** The SHA-256 (lower-case hex) of stored bytes, read as a stream: a 25 MB photo is never held whole. */
export async function sha256Of(bytes: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of bytes) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
