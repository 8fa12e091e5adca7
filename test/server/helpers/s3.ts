/**
 * A real S3-compatible server in the test process: s3rver (npm), on a random loopback port, its
 * objects in a temp dir, one bucket. No network leaves the machine.
 *
 * s3rver implements the multipart upload itself (initiate, upload part, complete) but not two
 * calls of it that @tus/s3-store makes: ListParts (how a resumed upload learns its offset) and
 * AbortMultipartUpload (deleting an unfinished one). Those two are answered here from s3rver's
 * own record of the parts (its uploads/<id>/<n> files and their .md5), with S3's XML; every
 * other request is s3rver's. So the photo store runs against S3's wire protocol end to end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export const S3_BUCKET = 'traceready-photos';
/** s3rver's fixed credentials: it checks every request's signature against them. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  close(): Promise<void>;
}

interface S3rverStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putBucket(bucket: string): Promise<void>;
}

const noSuchUpload = (res: ServerResponse) => {
  res.writeHead(404, { 'content-type': 'application/xml' });
  res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>');
};

async function partsOf(uploadDir: string): Promise<{ number: number; etag: string; size: number; modified: Date }[] | undefined> {
  const names = await readdir(uploadDir).catch(() => undefined);
  if (!names) return undefined;
  const parts = [];
  for (const name of names.filter((n) => /^\d+$/.test(n))) {
    const file = path.join(uploadDir, name);
    const [info, md5] = await Promise.all([stat(file), readFile(`${file}.md5`, 'utf8').catch(() => '')]);
    parts.push({ number: Number(name), etag: md5, size: info.size, modified: info.mtime });
  }
  return parts.sort((a, b) => a.number - b.number);
}

export async function startS3(): Promise<TestS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'traceready-s3-'));
  const s3 = new S3rver({ directory: dir, silent: true });
  const store = (s3 as unknown as { store: S3rverStore }).store;
  await store.putBucket(S3_BUCKET);
  const koa = s3.callback();

  async function multipartCall(req: IncomingMessage, res: ServerResponse, url: URL, uploadId: string): Promise<void> {
    const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const uploadDir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const parts = await partsOf(uploadDir);
    if (!parts) return noSuchUpload(res);
    if (req.method === 'DELETE') {
      await rm(uploadDir, { recursive: true, force: true });
      res.writeHead(204).end();
      return;
    }
    const xml = parts
      .map((p) => `<Part><PartNumber>${p.number}</PartNumber><LastModified>${p.modified.toISOString()}</LastModified><ETag>&quot;${p.etag}&quot;</ETag><Size>${p.size}</Size></Part>`)
      .join('');
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>${xml}</ListPartsResult>`,
    );
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const uploadId = url.searchParams.get('uploadId');
    const listOrAbort = uploadId !== null && !url.searchParams.has('partNumber') && (req.method === 'GET' || req.method === 'DELETE');
    if (!listOrAbort) return void koa(req, res);
    req.resume();
    multipartCall(req, res, url, uploadId).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
