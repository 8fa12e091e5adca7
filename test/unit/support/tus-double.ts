/**
 * A stand-in for the server's photo endpoints (docs/sync-protocol.md, "Photos"), over real HTTP
 * on localhost, so the device's uploader is tested with the real tus-js-client: tus 1.0.0
 * create / HEAD / PATCH with offsets, the contract's refusals (401, 409 alreadyStored, 413,
 * 422 hashMismatch, 403, 404), the server's SHA-256 check of the finished bytes, and a cut
 * connection that keeps what arrived before the cut (as @tus/server's stores do).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredPhoto {
  photoId: string;
  recordId: string;
  sha256: string;
  bytes: Buffer;
  metadata: Record<string, string>;
  /** Bytes served instead of the stored ones (a damaged download). */
  served?: Buffer;
}

interface Upload {
  id: string;
  length: number;
  metadata: Record<string, string>;
  chunks: Buffer[];
  offset: number;
}

export interface TusDouble {
  baseUrl: string;
  stored: Map<string, StoredPhoto>;
  /** Bytes received in PATCH bodies, all uploads together (what was sent, resent included). */
  bytesReceived: number;
  creates: number;
  /** Tokens the server accepts. */
  tokens: Set<string>;
  maxBytes: number;
  /** Refuses a create with this status and code (the record unknown, another agency's). */
  refuseCreate?: (metadata: Record<string, string>) => { status: number; code: string } | undefined;
  /** Flips a byte of the next finished uploads: their hash no longer matches (this many times). */
  corruptNext: number;
  /** Cuts the connection once this many bytes of PATCH bodies have arrived in all (those are kept), once. */
  cutAfterBytes?: number;
  /** Forgets the token a config read was made with, once: the next request draws a 401. */
  expireAfterConfig?: boolean;
  /** Answers every request with 503 while true. */
  down: boolean;
  close(): Promise<void>;
}

const decodeMetadata = (header: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (header ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [key, value] = pair.trim().split(' ');
        return [key!, value ? Buffer.from(value, 'base64').toString('utf8') : ''];
      }),
  );

const TUS = { 'Tus-Resumable': '1.0.0', 'Access-Control-Expose-Headers': 'Location, Upload-Offset, Upload-Length' };

export async function startTusDouble(): Promise<TusDouble> {
  const uploads = new Map<string, Upload>();
  const double: TusDouble = {
    baseUrl: '',
    stored: new Map(),
    bytesReceived: 0,
    creates: 0,
    tokens: new Set(),
    maxBytes: 25 * 1024 * 1024,
    corruptNext: 0,
    down: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const answer = (res: ServerResponse, status: number, headers: Record<string, string | number> = {}, body?: unknown) => {
    res.writeHead(status, { ...TUS, ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  function finish(upload: Upload, res: ServerResponse) {
    uploads.delete(upload.id);
    const bytes = Buffer.concat(upload.chunks);
    if (double.corruptNext > 0) {
      double.corruptNext--;
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== upload.metadata.sha256) return answer(res, 422, {}, { error: 'photo.hashMismatch' });
    double.stored.set(upload.metadata.photoId!, { photoId: upload.metadata.photoId!, recordId: upload.metadata.recordId!, sha256, bytes, metadata: upload.metadata });
    answer(res, 204, { 'Upload-Offset': upload.offset });
  }

  function patch(upload: Upload, req: IncomingMessage, res: ServerResponse) {
    if (Number(req.headers['upload-offset']) !== upload.offset) return answer(res, 409, {}, 'Upload-Offset conflict');
    req.on('data', (chunk: Buffer) => {
      if (req.socket.destroyed) return;
      const cutAt = double.cutAfterBytes;
      const part = cutAt === undefined ? chunk : chunk.subarray(0, Math.max(0, cutAt - double.bytesReceived));
      upload.chunks.push(part);
      upload.offset += part.length;
      double.bytesReceived += part.length;
      if (cutAt !== undefined && double.bytesReceived >= cutAt) {
        // The link drops: what arrived is kept, the request never gets an answer.
        double.cutAfterBytes = undefined;
        req.socket.destroy();
      }
    });
    req.on('end', () => {
      if (req.socket.destroyed) return;
      if (upload.offset === upload.length) return finish(upload, res);
      answer(res, 204, { 'Upload-Offset': upload.offset });
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') return answer(res, 204, { 'Tus-Version': '1.0.0', 'Tus-Extension': 'creation,termination' });
    if (double.down) return answer(res, 503, { 'Retry-After': '1' }, { error: 'server.unavailable' });
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!double.tokens.has(token)) return answer(res, 401, {}, { error: 'auth.required' });
    if (url.pathname === '/api/v1/photos/config') {
      if (double.expireAfterConfig) {
        double.expireAfterConfig = false;
        double.tokens.delete(token);
      }
      return answer(res, 200, {}, { maxBytes: double.maxBytes, uploadUrl: '/api/v1/photos/uploads' });
    }
    const listed = /^\/api\/v1\/photos\/records\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && listed) {
      const photos = [...double.stored.values()].filter((p) => p.recordId === listed[1]).map((p) => ({ ...JSON.parse(p.metadata.listed ?? '{}'), photoId: p.photoId, recordId: p.recordId, sha256: p.sha256, size: p.bytes.length, shot: p.metadata.shot ?? 'serial', contentType: p.metadata.contentType ?? 'image/jpeg', uploadedAt: '2026-11-28T12:00:00Z', uploadedBy: { id: 'u-9', username: 'other' } }));
      return photos.length > 0 ? answer(res, 200, {}, { photos }) : answer(res, 404, {}, { error: 'photo.unknownRecord' });
    }
    const original = /^\/api\/v1\/photos\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (req.method === 'GET' && original) {
      const photo = double.stored.get(original[1]!);
      if (!photo) return answer(res, 404, {}, { error: 'photo.notFound' });
      res.writeHead(200, { 'content-type': photo.metadata.contentType ?? 'image/jpeg', etag: `"${photo.sha256}"` });
      return res.end(photo.served ?? photo.bytes);
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/photos/uploads') {
      const length = Number(req.headers['upload-length']);
      const metadata = decodeMetadata(req.headers['upload-metadata'] as string | undefined);
      req.resume();
      if (!Number.isInteger(length) || !metadata.photoId || !metadata.sha256) return answer(res, 400, {}, { error: 'photo.badMetadata' });
      if (length > double.maxBytes) return answer(res, 413, {}, { error: 'photo.tooLarge' });
      const refusal = double.refuseCreate?.(metadata);
      if (refusal) return answer(res, refusal.status, {}, { error: refusal.code });
      const known = double.stored.get(metadata.photoId);
      if (known) return answer(res, 409, {}, { error: known.sha256 === metadata.sha256 ? 'photo.alreadyStored' : 'photo.idReused' });
      const id = randomUUID();
      uploads.set(id, { id, length, metadata, chunks: [], offset: 0 });
      double.creates++;
      return answer(res, 201, { Location: `/api/v1/photos/uploads/${id}` });
    }
    const upload = uploads.get(url.pathname.replace('/api/v1/photos/uploads/', ''));
    if (!upload) {
      req.resume();
      return answer(res, 404, {}, { error: 'photo.notFound' });
    }
    if (req.method === 'HEAD') return answer(res, 200, { 'Upload-Offset': upload.offset, 'Upload-Length': upload.length, 'Cache-Control': 'no-store' });
    if (req.method === 'PATCH') return patch(upload, req, res);
    req.resume();
    answer(res, 405);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  double.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return double;
}
