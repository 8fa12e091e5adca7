/**
 * Deconfliction alerts (docs/supervisor.md "Deconfliction alerts"), for supervisors and
 * administrators of an agency involved. An alert points at the other agency and whom to call;
 * the other agency's record id is given only when that record is shared with the caller's.
 * Listing marks the listed alerts seen (audited once per agency), counting does not;
 * acknowledging is audited too.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { acceptableText } from '../../../../domain/text';
import { supervisorOf } from '../../../auth/supervising';
import { ApiError, ERROR_CODES } from '../../../errors';
import { parseOrReject } from '../../../protocol/envelopes';
import type { AlertRow, AlertSide } from '../../../store/deconfliction-repository';

const ListQuery = z.strictObject({
  limit: z.optional(z.pipe(z.string().check(z.regex(/^[1-9][0-9]?$/)), z.transform(Number))),
  /** The previous page's cursor: "<createdAt>|<id>". */
  cursor: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/))),
});
const AlertParams = z.strictObject({ id: z.uuid() });
const AcknowledgeBody = z.strictObject({ note: z.optional(z.string().check(z.maxLength(500), acceptableText('multiline'))) });

export default async function deconflictionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/alerts', async (request) => {
    const session = supervisorOf(request);
    const { limit = 25, cursor } = parseOrReject(ListQuery, request.query);
    const [createdAt, id] = cursor?.split('|') ?? [];
    const rows = await app.store.deconfliction.list(session.agencyCode, limit + 1, createdAt && id ? { createdAt, id } : undefined);
    const page = rows.slice(0, limit);
    const contacts = await app.store.agencies.contacts([...new Set(page.map((row) => row.other.agency))]);
    const visible = async (side: AlertSide) => side.agency === session.agencyCode || (await app.store.shares.isSharedWith(side.recordId, session.agencyCode));
    const alerts = [];
    for (const row of page) alerts.push(await toDto(row, contacts, await visible(row.other)));
    const now = app.now();
    await app.store.writeLocked(async ({ deconfliction, audit }) => {
      const seen = await deconfliction.markSeen(session.agencyCode, page.map((row) => row.id), session.userId, now);
      await audit.appendAll(
        seen.map((alertId) => ({ action: 'alert.seen' as const, actorUserId: session.userId, agencyCode: session.agencyCode, subject: alertId })),
        now,
      );
    });
    const last = page.at(-1);
    return {
      alerts,
      unacknowledged: await app.store.deconfliction.unacknowledged(session.agencyCode),
      cursor: rows.length > limit && last ? `${last.createdAt}|${last.id}` : null,
    };
  });

  // The app's header count, asked for every minute: it marks nothing seen (only the list that
  // shows the alerts does) and reads one count.
  app.get('/alerts/count', async (request) => {
    const session = supervisorOf(request);
    parseOrReject(z.strictObject({}), request.query);
    return { unacknowledged: await app.store.deconfliction.unacknowledged(session.agencyCode) };
  });

  app.post('/alerts/:id/acknowledge', async (request) => {
    const session = supervisorOf(request);
    const { id } = parseOrReject(AlertParams, request.params);
    const { note } = parseOrReject(AcknowledgeBody, request.body ?? {});
    const now = app.now();
    const outcome = await app.store.writeLocked(async ({ deconfliction, audit }) => {
      const result = await deconfliction.acknowledge(session.agencyCode, id, session.userId, note?.trim() || undefined, now);
      if (result === 'done') await audit.append({ action: 'alert.acknowledge', actorUserId: session.userId, agencyCode: session.agencyCode, subject: id, details: { withNote: Boolean(note?.trim()) } }, now);
      return result;
    });
    // Another agency's alert and one that does not exist are the same 404.
    if (outcome === 'unknown') throw new ApiError(404, ERROR_CODES.notFound);
    return { id, acknowledged: true, already: outcome === 'already' };
  });
}

async function toDto(row: AlertRow, contacts: Map<string, { name: string; contact: string | null }>, otherVisible: boolean) {
  const other = contacts.get(row.other.agency);
  const { recordId, ...pointer } = row.other;
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.createdAt,
    seenAt: row.seenAt,
    acknowledged: row.acknowledged,
    mine: row.mine,
    other: {
      ...(otherVisible ? { recordId, firearmId: pointer.firearmId } : {}),
      agency: pointer.agency,
      agencyName: other?.name ?? pointer.agency,
      contact: other?.contact ?? null,
      recoveredOn: pointer.recoveredOn,
      state: pointer.state,
      recordStatus: pointer.recordStatus,
    },
  };
}
