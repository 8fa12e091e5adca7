/**
 * The supervisor's routes (docs/supervisor.md): supervisors and administrators only (an officer
 * gets 403 whatever it asks), over the caller's agency's records and what other agencies share
 * with it, never another's.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { checkDashboardQuery, checkFirearmSearch, DashboardQuerySchema, FirearmSearchQuerySchema, SEARCH_PAGE_DEFAULT } from '../../../../domain/firearm-search';
import { ApiError, ERROR_CODES } from '../../../errors';
import { supervisorOf } from '../../../auth/supervising';
import { parseOrReject } from '../../../protocol/envelopes';

const DevicesQuery = z.strictObject({ limit: z.optional(z.pipe(z.string().check(z.regex(/^[1-9][0-9]{0,2}$/)), z.pipe(z.transform(Number), z.int().check(z.lte(500))))) });

const SEARCH_ERRORS = {
  'search.rangeReversed': ERROR_CODES.searchRangeReversed,
  'search.serialHasNoKey': ERROR_CODES.searchSerialHasNoKey,
  'search.caseHasNoKey': ERROR_CODES.searchCaseHasNoKey,
} as const;

export default async function supervisorRoutes(app: FastifyInstance): Promise<void> {
  app.get('/firearms', async (request) => {
    const session = supervisorOf(request);
    const query = parseOrReject(FirearmSearchQuerySchema, request.query);
    const [problem] = checkFirearmSearch(query);
    if (problem) throw new ApiError(400, SEARCH_ERRORS[problem]);
    const page = await app.store.firearmSearch.search(session.agencyCode, query, query.limit ?? SEARCH_PAGE_DEFAULT);
    request.log.info({ userId: session.userId, hits: page.hits.length }, 'firearm search');
    return page;
  });

  app.get('/dashboard', async (request) => {
    const session = supervisorOf(request);
    const period = parseOrReject(DashboardQuerySchema, request.query);
    const [problem] = checkDashboardQuery(period);
    if (problem) throw new ApiError(400, SEARCH_ERRORS[problem]);
    return { period, ...(await app.store.dashboard.forAgency(session.agencyCode, period)) };
  });

  app.get('/devices', async (request) => {
    const session = supervisorOf(request);
    const { limit = 100 } = parseOrReject(DevicesQuery, request.query);
    const now = app.now().getTime();
    const devices = await app.store.devices.forAgency(session.agencyCode, limit);
    return {
      devices: devices.map((device) => ({
        ...device,
        oldestPendingHours: device.oldestPendingAt ? Math.max(0, Math.floor((now - Date.parse(device.oldestPendingAt)) / 3_600_000)) : null,
      })),
    };
  });
}
