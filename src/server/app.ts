/**
 * The HTTP server: serves the built app and (from the sync issue on) the API, on one port.
 * Built as a function so tests can start it in-process with app.inject().
 *
 * Caching: hashed assets never change, so browsers may keep them for a year; index.html, the
 * service worker and the manifest must be revalidated every time or an update never arrives.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';

export interface AppOptions {
  distDir: string;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ distDir, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger, bodyLimit: 1024 * 1024 });

  app.get('/api/v1/health', async () => ({ status: 'ok' }));

  // Unknown API paths answer in JSON, never with the app's HTML.
  app.all('/api/*', async (_request, reply) => reply.code(404).send({ error: 'notFound' }));

  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`No built app in ${distDir}: run "npm run build" first.`);
  }
  await app.register(fastifyStatic, {
    root: distDir,
    cacheControl: false,
    index: ['index.html'],
    setHeaders(reply, filePath) {
      const name = path.basename(filePath);
      if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      else reply.header('Cache-Control', 'no-cache');
      if (name === 'sw.js') reply.header('Service-Worker-Allowed', '/');
    },
  });

  // Deep links (/seizures/…) open the app; the service worker does the same when offline.
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !path.extname(request.url.split('?')[0] ?? '');
    if (wantsPage) return reply.sendFile('index.html');
    return reply.code(404).send({ error: 'notFound' });
  });

  return app;
}
