/**
 * Push and pull (docs/sync-protocol.md), of records and of trace statuses. Push applies the mutations in order in one transaction,
 * each under its own savepoint (protocol/push.ts); pull pages through the caller's agency's records, and those
 * shared with it, by the global sequence (protocol/pull.ts). Logs carry counts and ids, never record contents.
 */
import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../../plugins/app/authentication';
import { DEFAULT_PULL_LIMIT, PullQuerySchema, PushRequestSchema, type PullResponse, type PushResponse } from '../../../../domain/sync-wire';
import { parseOrReject } from '../../../protocol/envelopes';
import { pullPage } from '../../../protocol/pull';
import { applyPush, type MutationStatus } from '../../../protocol/push';
import { TracePushRequestSchema } from '../../../../domain/trace-wire';
import { DeviceReportSchema } from '../../../../domain/device-report';
import { invalidRequest } from '../../../errors';
import { applyTracePush } from '../../../protocol/trace-push';
import { DEVICE_TIME_HEADER, skewAtArrival } from '../../../../domain/clock-skew';
import { tracePullPage } from '../../../protocol/trace-pull';

const CLOCK_SKEW_MS = 5 * 60_000;

export default async function syncRoutes(app: FastifyInstance): Promise<void> {
  app.post('/push', async (request) => {
    const session = sessionOf(request);
    const { deviceId, mutations } = parseOrReject(PushRequestSchema, request.body);
    const sentAt = request.headers[DEVICE_TIME_HEADER];
    const caller = { userId: session.userId, username: session.username, agencyCode: session.agencyCode };
    const now = app.now();
    // A header that is not one date and time says nothing about the clock; the push goes on.
    const clockSkew = skewAtArrival(typeof sentAt === 'string' ? sentAt : undefined, now);

    // In the order given (a later save of the same record builds on an earlier one), in one transaction.
    const results = await applyPush({ store: app.store, caller, deviceId, now, ...(clockSkew && { clockSkew }) }, mutations);

    const counts: Record<MutationStatus, number> = { applied: 0, duplicate: 0, conflict: 0, rejected: 0 };
    for (const result of results) counts[result.status] += 1;
    request.log.info({ userId: caller.userId, deviceId, ...counts }, 'push');
    return { results } satisfies PushResponse;
  });

  app.get('/pull', async (request) => {
    const session = sessionOf(request);
    const { cursor = 0, limit = DEFAULT_PULL_LIMIT } = parseOrReject(PullQuerySchema, request.query);
    return (await pullPage(app.store, session.agencyCode, cursor, limit)) satisfies PullResponse;
  });

  // Trace status per firearm: its own push and pull, in the same sequence as the records.
  app.post('/trace-push', async (request) => {
    const session = sessionOf(request);
    const { deviceId, changes } = parseOrReject(TracePushRequestSchema, request.body);
    const caller = { userId: session.userId, username: session.username, agencyCode: session.agencyCode, role: session.role };
    const results = await applyTracePush({ store: app.store, caller, deviceId, now: app.now() }, changes);
    const counts = { applied: 0, duplicate: 0, conflict: 0, rejected: 0 };
    for (const result of results) counts[result.status] += 1;
    request.log.info({ userId: caller.userId, deviceId, ...counts }, 'trace push');
    return { results };
  });

  app.get('/trace-pull', async (request) => {
    const session = sessionOf(request);
    const { cursor = 0, limit = DEFAULT_PULL_LIMIT } = parseOrReject(PullQuerySchema, request.query);
    return tracePullPage(app.store, session.agencyCode, cursor, limit);
  });

  // The device's word on what it still holds unsent (docs/supervisor.md "Devices").
  app.post('/device-report', async (request) => {
    const session = sessionOf(request);
    const report = parseOrReject(DeviceReportSchema, request.body);
    const now = app.now();
    // A phone's clock may run a little fast; a record saved in the future is not.
    if (report.oldestPendingAt && Date.parse(report.oldestPendingAt) > now.getTime() + CLOCK_SKEW_MS) throw invalidRequest();
    await app.store.devices.record({ ...report, userId: session.userId, agencyCode: session.agencyCode }, now);
    return { recorded: true };
  });
}
