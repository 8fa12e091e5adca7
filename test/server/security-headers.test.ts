import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';

let app: FastifyInstance;

beforeAll(async () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'traceready-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>TraceReady</title>');
  app = await buildApp({ distDir: dist, database: { kind: 'sqlite', file: path.join(dist, 'db.sqlite') } });
});
afterAll(async () => {
  await app.close();
});

describe('security headers', () => {
  it.each(['/', '/seizures/x/edit', '/api/v1/health', '/api/v1/sync/pull', '/api/v1/nothing'])('%s carries a strict policy', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    const csp = String(response.headers['content-security-policy']);
    // WebAssembly may compile (the barcode reader), JavaScript may not be made from strings.
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toBeUndefined(); // plain http here
  });

  it('never lets an API answer be cached', async () => {
    for (const url of ['/api/v1/health', '/api/v1/sync/pull']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('adds HSTS when the request came over TLS', async () => {
    const tls = await buildApp({ database: { kind: 'sqlite', file: path.join(mkdtempSync(path.join(tmpdir(), 'tr-')), 'db.sqlite') }, logger: false });
    // Fastify reads the protocol from the socket; a TLS socket is what a reverse proxy removes,
    // so emulate it the way Fastify's trustProxy would see it.
    tls.addHook('onRequest', async (request) => {
      Object.defineProperty(request, 'protocol', { value: 'https' });
    });
    const response = await tls.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await tls.close();
  });
});
