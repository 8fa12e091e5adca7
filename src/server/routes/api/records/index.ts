/**
 * A record's history (docs/sync-protocol.md "Record history"): every stored revision with who
 * stored it, when, from which device and which fields it changed, and every change of its
 * firearms' trace status (from which state to which). Field paths and states only, never values. Supervisors and administrators of the record's agency only: an officer gets 403 for
 * any id (so the answer tells nothing about which records exist), and a record of another
 * agency is 404 like one that does not exist.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { changedPaths } from '../../../audit/changed-paths';
import { ApiError, ERROR_CODES } from '../../../errors';
import { sessionOf } from '../../../plugins/app/authentication';
import { parseOrReject } from '../../../protocol/envelopes';

const HistoryParams = z.strictObject({ id: z.uuid() });
const MAY_READ_HISTORY = new Set(['supervisor', 'admin']);

export interface HistoryEntryDto {
  revision: number;
  at: string;
  author: { id: string; username: string | null };
  deviceId: string;
  /** null for the first revision (the record was created); otherwise the paths that changed. */
  changedFields: string[] | null;
}

/** A change of one firearm's trace status (its own revisions, apart from the record's). */
export interface TraceHistoryEntryDto {
  firearmId: string;
  revision: number;
  at: string;
  author: { id: string; username: string | null };
  deviceId: string;
  from: string;
  to: string;
}

export default async function recordRoutes(app: FastifyInstance): Promise<void> {
  app.get('/:id/history', async (request) => {
    const session = sessionOf(request);
    if (!MAY_READ_HISTORY.has(session.role)) throw new ApiError(403, ERROR_CODES.forbidden);
    const { id } = parseOrReject(HistoryParams, request.params);
    const revisions = await app.store.records.history(id);
    if (revisions.length === 0 || revisions[0]?.agencyCode !== session.agencyCode) throw new ApiError(404, ERROR_CODES.notFound);
    const traces = await app.store.trace.history(id);
    const names = await app.store.users.usernames([...revisions, ...traces].map((r) => r.authorUserId));
    const entries: HistoryEntryDto[] = revisions.map((r, i) => ({
      revision: r.revision,
      at: r.receivedAt,
      author: { id: r.authorUserId, username: names.get(r.authorUserId) ?? null },
      deviceId: r.deviceId,
      changedFields: i === 0 ? null : changedPaths(revisions[i - 1]?.body, r.body),
    }));
    const lastState = new Map<string, string>();
    const traceChanges: TraceHistoryEntryDto[] = traces.map((t) => {
      const from = lastState.get(t.firearmId) ?? 'not_requested';
      lastState.set(t.firearmId, t.body.status);
      return { firearmId: t.firearmId, revision: t.revision, at: t.receivedAt, author: { id: t.authorUserId, username: names.get(t.authorUserId) ?? null }, deviceId: t.deviceId, from, to: t.body.status };
    });
    request.log.info({ userId: session.userId, recordId: id }, 'history read');
    return { recordId: id, revisions: entries, traceChanges };
  });
}
