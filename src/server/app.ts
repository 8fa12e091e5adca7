/**
 * The HTTP server: the sync API under /api/v1 and, when a build is given, the app itself, on one
 * port. Built as a function so tests can start it in-process with app.inject().
 *
 * Stateless over its database: everything a request depends on (sessions, idempotency keys, the
 * pull sequence) lives in the database, so any number of instances can serve the same devices.
 *
 * Caching: hashed assets never change, so browsers may keep them for a year; index.html, the
 * service worker and the manifest must be revalidated every time or an update never arrives.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { DEFAULT_THRESHOLDS, type LinkThresholds } from '../domain/links';
import { DEFAULT_ADDRESS_LIMITS, type AddressLimits } from './auth/address-limits';
import { DEFAULT_LOCK_AFTER_MINUTES } from './auth/device-lock-policy';
import { DEFAULT_ACCESS_TOKEN_TTL_MINUTES } from './auth/session-tokens';
import { DEFAULT_TOKEN_TTL_HOURS } from './auth/tokens';
import { ERROR_CODES } from './errors';
import authentication from './plugins/app/authentication';
import { clientErrorHandler } from './plugins/app/client-errors';
import earlyAnswers from './plugins/app/early-answers';
import errorHandler from './plugins/app/error-handler';
import jsonBody from './plugins/app/json-body';
import securityHeaders from './plugins/app/security-headers';
import storePlugin from './plugins/app/store';
import rateLimit from './plugins/app/rate-limit';
import apiV1 from './routes/api';
import { ANY_TO_ANY, type SharingPolicy } from './sharing/policy';
import type { TrustProxy } from './config';
import type { PhotoOptions } from './photos/storage';
import type { DatabaseConfig } from './store';
import type { Database } from './store/schema';

/** docs/sync-protocol.md: a push body is at most 5 MB; larger ones get 413. */
export const BODY_LIMIT_BYTES = 5 * 1024 * 1024;

export interface AppOptions {
  /** The built web app to serve; without it the server answers the API only. */
  distDir?: string;
  /** Where to store: a configuration to open (and close with the app) or an open Kysely instance. */
  database: DatabaseConfig | Kysely<Database>;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Lifetime of a sign-in (its refresh tokens); refreshing never extends it. */
  tokenTtlHours?: number;
  /** Lifetime of one access token. */
  accessTokenTtlMinutes?: number;
  /** Minutes without use before the app locks itself on the device (sent with each sign-in). */
  lockAfterMinutes?: number;
  /** Which agency may share with which (sharing/policy.ts); any with any other by default. */
  sharing?: SharingPolicy;
  /** Sign-ins and refreshes per client address per minute. */
  addressLimits?: AddressLimits;
  /** Fastify's trustProxy: whose X-Forwarded-For / -Proto to believe (TRUST_PROXY, docs/server.md). */
  trustProxy?: TrustProxy;
  /** The link rules' thresholds (docs/links.md); the short time to crime comes from LINK_SHORT_TIME_TO_CRIME_YEARS. */
  linkThresholds?: LinkThresholds;
  /** Photo limits and where photos are kept (config.ts photoConfig); without them no photo route is served. */
  photos?: PhotoOptions;
}


export async function buildApp({
  distDir,
  database,
  logger = false,
  now = () => new Date(),
  tokenTtlHours = DEFAULT_TOKEN_TTL_HOURS,
  accessTokenTtlMinutes = DEFAULT_ACCESS_TOKEN_TTL_MINUTES,
  lockAfterMinutes = DEFAULT_LOCK_AFTER_MINUTES,
  sharing = ANY_TO_ANY,
  addressLimits = DEFAULT_ADDRESS_LIMITS,
  trustProxy = false,
  linkThresholds = DEFAULT_THRESHOLDS,
  photos,
}: AppOptions): Promise<FastifyInstance> {
  if (distDir !== undefined && !existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`No built app in ${distDir}: run "npm run build" first.`);
  }
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count as Fastify takes it at run time (its types only list the other forms).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    clientErrorHandler,
  });

  await app.register(securityHeaders);
  await app.register(errorHandler);
  await app.register(jsonBody);
  await app.register(storePlugin, { database, now });
  await app.register(authentication);
  await app.register(earlyAnswers);
  await app.register(rateLimit);
  await app.register(apiV1, {
    prefix: '/api/v1',
    sharing,
    lockAfterMinutes,
    addressLimits,
    linkThresholds,
    ...(photos && { photos }),
    lifetimes: { sessionMs: tokenTtlHours * 3_600_000, accessMs: Math.min(accessTokenTtlMinutes * 60_000, tokenTtlHours * 3_600_000) },
  });

  // Unknown API paths answer in JSON, never with the app's HTML.
  app.all('/api/*', async (_request, reply) => reply.code(404).send({ error: ERROR_CODES.notFound }));

  if (distDir !== undefined) {
    await app.register(fastifyStatic, {
      root: distDir,
      // The build writes .br and .gz copies of its text files (vite.config.ts): sent to browsers that accept them.
      preCompressed: true,
      cacheControl: false,
      index: ['index.html'],
      setHeaders(reply, filePath) {
        const name = path.basename(filePath);
        if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
        else reply.header('Cache-Control', 'no-cache');
        if (name === 'sw.js') reply.header('Service-Worker-Allowed', '/');
      },
    });
  }

  // Deep links (/seizures/…) open the app; the service worker does the same when offline.
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !path.extname(request.url.split('?')[0] ?? '');
    if (distDir !== undefined && wantsPage) return reply.sendFile('index.html');
    return reply.code(404).send({ error: ERROR_CODES.notFound });
  });

  return app;
}
