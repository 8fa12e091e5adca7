/**
 * Photo uploads for server tests: a server listening on loopback with a photo store on disk or
 * in s3rver (s3.ts), photos of random bytes with their real SHA-256, raw tus 1.0.0 requests, and
 * tus-js-client, the device's own client, run in Node.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { photoUploadMetadata, type PhotoMeta } from '../../../src/domain/photos';
import type { PhotoStorage } from '../../../src/server/photos/storage';
import type { TestServer, TestUser } from './app';
import { S3_BUCKET, S3_CREDENTIALS, startS3, type TestS3 } from './s3';

export const STORAGE_KINDS = ['disk', 's3'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];
export const UPLOADS = '/api/v1/photos/uploads';

export interface TestPhotoStorage {
  storage: PhotoStorage;
  close(): Promise<void>;
}

/** A fresh photo store of the kind: a temp dir, or an s3rver of its own. */
export async function testPhotoStorage(kind: StorageKind, s3?: TestS3): Promise<TestPhotoStorage> {
  if (kind === 'disk') {
    const dir = mkdtempSync(path.join(tmpdir(), 'traceready-photos-'));
    return { storage: { kind: 'disk', dir }, close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const own = s3 ?? (await startS3());
  return {
    storage: { kind: 's3', bucket: S3_BUCKET, region: 'us-east-1', endpoint: own.endpoint, credentials: S3_CREDENTIALS },
    close: async () => (s3 ? undefined : own.close()),
  };
}

export async function listen(server: TestServer): Promise<string> {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
}

export interface TestPhoto {
  meta: PhotoMeta;
  bytes: Buffer;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function testPhoto(recordId: string, size: number, overrides: Partial<PhotoMeta> = {}): TestPhoto {
  const bytes = randomBytes(size);
  return { bytes, meta: { photoId: randomUUID(), recordId, shot: 'serial', sha256: sha256(bytes), size, contentType: 'image/jpeg', ...overrides } };
}

const b64 = (value: string) => Buffer.from(value).toString('base64');
export const metadataHeader = (pairs: Record<string, string>): string =>
  Object.entries(pairs)
    .map(([key, value]) => `${key} ${b64(value)}`)
    .join(',');

export function rawTus(base: string) {
  const headers = (user: TestUser | undefined, extra: Record<string, string> = {}) => ({
    'tus-resumable': '1.0.0',
    ...(user && { authorization: `Bearer ${user.token}` }),
    ...extra,
  });
  return {
    create: (user: TestUser | undefined, photo: TestPhoto, extra: Record<string, string> = {}) =>
      fetch(`${base}${UPLOADS}`, {
        method: 'POST',
        headers: headers(user, { 'upload-length': String(photo.meta.size), 'upload-metadata': metadataHeader(photoUploadMetadata(photo.meta)), ...extra }),
      }),
    head: (user: TestUser | undefined, location: string) => fetch(`${base}${location}`, { method: 'HEAD', headers: headers(user) }),
    patch: (user: TestUser | undefined, location: string, offset: number, body: Buffer) =>
      fetch(`${base}${location}`, {
        method: 'PATCH',
        headers: headers(user, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }),
        body,
      }),
    /** Any request, for the malformed ones. */
    send: (user: TestUser | undefined, pathname: string, method: string, extra: Record<string, string> = {}, body?: Buffer) =>
      fetch(`${base}${pathname}`, { method, headers: headers(user, extra), ...(body && { body }) }),
  };
}

export interface ClientOutcome {
  ok: boolean;
  status?: number;
  body?: string;
  url: string | null;
}

/** One upload with tus-js-client as the device runs it (no retries here: a test wants the first answer). */
export function uploadWithClient(base: string, user: TestUser, photo: TestPhoto, options: Partial<tus.UploadOptions> = {}): Promise<ClientOutcome> {
  return new Promise((resolve) => {
    const upload = new tus.Upload(photo.bytes, {
      endpoint: `${base}${UPLOADS}`,
      metadata: photoUploadMetadata(photo.meta),
      headers: { authorization: `Bearer ${user.token}` },
      retryDelays: [],
      ...options,
      onSuccess: () => resolve({ ok: true, url: upload.url }),
      onError: (error) => {
        const response = (error as tus.DetailedError).originalResponse;
        resolve({ ok: false, status: response?.getStatus(), body: response?.getBody(), url: upload.url });
      },
    });
    upload.start();
  });
}
