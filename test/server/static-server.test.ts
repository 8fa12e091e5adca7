import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';

let app: FastifyInstance;
let dist: string;
let data: string;

beforeAll(async () => {
  // A stand-in build, so this test does not depend on running Vite.
  dist = mkdtempSync(path.join(tmpdir(), 'traceready-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>TraceReady</title>');
  writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1);');
  // What the build's precompress step writes beside each asset (vite.config.ts).
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log(1);'));
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1);'));
  data = mkdtempSync(path.join(tmpdir(), 'traceready-data-'));
  app = await buildApp({ distDir: dist, database: { kind: 'sqlite', file: path.join(data, 'traceready.sqlite') } });
});

afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
});

describe('serving the built app', () => {
  it('answers the health check, naming its database', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'sqlite' });
  });

  it('serves index.html for deep links, revalidated every time', async () => {
    const response = await app.inject({ method: 'GET', url: '/seizures/2b1c/edit' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<title>TraceReady</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('lets browsers keep hashed assets for a year but always revalidates the service worker', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const worker = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['service-worker-allowed']).toBe('/');
  });

  it('answers unknown API paths and missing files with JSON 404s, never the app', async () => {
    for (const url of ['/api/v1/nothing', '/assets/missing.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'notFound' });
    }
  });

  it('sends the precompressed copy a browser accepts, and the plain file to one that accepts none', async () => {
    const br = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1);');
    const gz = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1);');
  });
});
