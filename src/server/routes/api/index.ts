/**
 * API v1. A breaking change gets /api/v2 beside this one while devices may still run the old app.
 * Every route here requires a bearer token unless its config says `public: true`.
 */
import type { FastifyInstance } from 'fastify';
import type { TokenLifetimes } from '../../auth/session-tokens';
import type { SharingPolicy } from '../../sharing/policy';
import type { AddressLimits } from '../../auth/address-limits';
import type { LinkThresholds } from '../../../domain/links';
import type { PhotoOptions } from '../../photos/storage';
import authRoutes from './auth';
import deconflictionRoutes from './deconfliction';
import exportRoutes from './exports';
import healthRoutes from './health';
import linkRoutes from './links';
import photoRoutes from './photos';
import recordRoutes from './records';
import shareRoutes from './shares';
import supervisorRoutes from './supervisor';
import syncRoutes from './sync';

export interface ApiOptions {
  lifetimes: TokenLifetimes;
  lockAfterMinutes: number;
  sharing: SharingPolicy;
  addressLimits: AddressLimits;
  linkThresholds: LinkThresholds;
  /** Photo limits and storage; without them the photo routes are not served. */
  photos?: PhotoOptions;
}

export default async function apiV1(app: FastifyInstance, { lifetimes, lockAfterMinutes, sharing, addressLimits, linkThresholds, photos }: ApiOptions): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public !== true) await app.authenticate(request);
  });
  await app.register(healthRoutes, { prefix: '/health' });
  await app.register(authRoutes, { prefix: '/auth', lifetimes, lockAfterMinutes, addressLimits });
  await app.register(syncRoutes, { prefix: '/sync' });
  await app.register(recordRoutes, { prefix: '/records' });
  await app.register(shareRoutes, { prefix: '/shares', sharing });
  await app.register(supervisorRoutes, { prefix: '/supervisor' });
  await app.register(deconflictionRoutes, { prefix: '/deconfliction' });
  await app.register(exportRoutes, { prefix: '/exports' });
  await app.register(linkRoutes, { prefix: '/links', thresholds: linkThresholds });
  if (photos) await app.register(photoRoutes, { prefix: '/photos', mountPath: `${app.prefix}/photos`, ...photos });
}
