/**
 * Exports (docs/exports.md, docs/server.md "Exports").
 *
 * GET /firearms: the firearms of the caller's agency's records and of those shared with it, as
 * CSV or JSON, streamed. Supervisors and administrators only: an officer gets 403 whatever the
 * query. The file is two events in the audit chain under one export id: `export.start` (who, what
 * filter) before its first byte, so a server killed mid-file still leaves a trace of it, and
 * `export` when the stream ends, with how many rows went out and whether it ended complete (a
 * client that hangs up mid-file gets an event with `completed: false`).
 *
 * POST /device: a device reports the exports it made offline; each becomes an `export` event
 * once, however often it is sent (the export id made on the device, per user, is the key).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { DeviceExportsRequestSchema, EXPORT_FORMATS, exportFileName, MEDIA_TYPES, type DeviceExportsResponse } from '../../../../domain/export';
import { LANGUAGES } from '../../../../domain/schema';
import { ApiError, ERROR_CODES } from '../../../errors';
import { firearmsFile, type ExportCounts } from '../../../exports/firearms-file';
import { sessionOf } from '../../../plugins/app/authentication';
import { parseOrReject } from '../../../protocol/envelopes';

const MAY_EXPORT = new Set(['supervisor', 'admin']);

const instant = z.iso.datetime({ offset: true });
const ExportQuery = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS),
    from: z.optional(instant),
    to: z.optional(instant),
    lang: z.optional(z.enum(LANGUAGES)),
  })
  .check(z.refine(({ from, to }) => from === undefined || to === undefined || Date.parse(from) < Date.parse(to)));

// Stored times are UTC toISOString() text, so a bound compares as text only in that same form.
const utc = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso).toISOString());

export default async function exportRoutes(app: FastifyInstance): Promise<void> {
  app.get('/firearms', async (request, reply) => {
    const session = sessionOf(request);
    if (!MAY_EXPORT.has(session.role)) throw new ApiError(403, ERROR_CODES.forbidden);
    const query = parseOrReject(ExportQuery, request.query);
    const lang = query.lang ?? 'en';
    const scope = { agencyCode: session.agencyCode, ...(query.from && { from: utc(query.from) }), ...(query.to && { to: utc(query.to) }) };
    const pages = app.store.exports.visibleRecords(scope);
    const first = await pages.next();

    const exportId = randomUUID();
    const started = app.now();
    const counts: ExportCounts = { seizures: 0, rows: 0 };
    const what = { source: 'server', format: query.format, language: lang, filter: { from: scope.from ?? null, to: scope.to ?? null } };
    const event = (action: 'export.start' | 'export', details: Record<string, unknown>) => ({ action, actorUserId: session.userId, agencyCode: session.agencyCode, subject: exportId, details });
    try {
      // Before any byte goes out: a file the chain cannot record is not sent (the error is 503).
      await app.store.writeLocked((tx) => tx.audit.append(event('export.start', what), started));
    } catch (err) {
      await pages.return(undefined);
      throw err;
    }
    const audit = async (completed: boolean) => {
      try {
        await app.store.writeLocked((tx) => tx.audit.append(event('export', { ...what, seizures: counts.seizures, rows: counts.rows, completed }), app.now()));
      } catch (err) {
        // The file has gone out; the failure is for the operators (the log), not the client.
        request.log.error({ err, exportId }, 'export audit failed');
      }
      request.log.info({ userId: session.userId, exportId, rows: counts.rows, completed }, 'export');
    };
    const tracesOf = async (firearmIds: readonly string[]) => new Map([...(await app.store.trace.findLatestMany(firearmIds))].map(([id, latest]) => [id, latest.body]));
    async function* audited(): AsyncGenerator<string> {
      let completed = false;
      try {
        yield* firearmsFile(pages, first, query.format, lang, counts, tracesOf);
        completed = true;
      } finally {
        await pages.return(undefined);
        await audit(completed);
      }
    }

    return reply
      .header('content-type', MEDIA_TYPES[query.format])
      .header('content-disposition', `attachment; filename="${exportFileName(query.format, started)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(audited(), { objectMode: false, highWaterMark: 64 * 1024 }));
  });

  app.post('/device', async (request) => {
    const session = sessionOf(request);
    const { deviceId, exports } = parseOrReject(DeviceExportsRequestSchema, request.body);
    const now = app.now();
    const results = await app.store.writeLocked(async (tx) => {
      const answers: DeviceExportsResponse['results'] = [];
      for (const report of exports) {
        // Under the write lock: two instances given the same retry cannot both write it.
        const earlier = await tx.audit.about(report.exportId);
        if (earlier.some((row) => row.action === 'export' && row.actorUserId === session.userId)) {
          answers.push({ exportId: report.exportId, status: 'duplicate' });
          continue;
        }
        const { exportId, at, ...what } = report;
        await tx.audit.append({ action: 'export', actorUserId: session.userId, agencyCode: session.agencyCode, deviceId, subject: exportId, details: { source: 'device', exportedAt: at, ...what } }, now);
        answers.push({ exportId, status: 'recorded' });
      }
      return answers;
    });
    request.log.info({ userId: session.userId, deviceId, exports: results.length }, 'device exports');
    return { results } satisfies DeviceExportsResponse;
  });
}
