/**
 * Sharing between agencies (docs/sync-protocol.md "Shares"). Supervisors and administrators of
 * the owning agency share one record, or every record of one of its cases, with another agency
 * that the sharing policy allows; the receiving agency pulls them read-only. Every grant and
 * revocation is an audit row written in the same transaction.
 *
 * Answers reveal nothing about other agencies' records: a record that is not the caller's
 * agency's is 404 like one that does not exist, and a share neither given nor received by the
 * caller's agency is 404.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { caseNumberKey } from '../../../../domain/keys';
import { CaseNumberSchema } from '../../../../domain/schema';
import { ApiError, ERROR_CODES, invalidRequest } from '../../../errors';
import { sessionOf } from '../../../plugins/app/authentication';
import { parseOrReject } from '../../../protocol/envelopes';
import type { SharingPolicy } from '../../../sharing/policy';
import type { SessionUser } from '../../../store/sessions-repository';
import type { Share } from '../../../store/shares-repository';

const AGENCY_CODE = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{1,31}$/));
const ShareRequest = z
  .strictObject({
    recordId: z.optional(z.uuid()),
    // The domain's own rule for a case number: the same limit, the same characters.
    caseNumber: z.optional(CaseNumberSchema),
    toAgency: AGENCY_CODE,
  })
  .check(z.refine((body) => (body.recordId === undefined) !== (body.caseNumber === undefined)));
const ShareParams = z.strictObject({ id: z.uuid() });

const MAY_SHARE = new Set(['supervisor', 'admin']);

export interface ShareDto {
  id: string;
  recordId: string | null;
  caseNumber: string | null;
  fromAgency: string;
  toAgency: string;
  grantedBy: { id: string; username: string | null };
  grantedAt: string;
  revokedAt: string | null;
  revokedBy: { id: string; username: string | null } | null;
}

export interface SharesOptions {
  sharing: SharingPolicy;
}

function requireSharer(session: SessionUser): void {
  if (!MAY_SHARE.has(session.role)) throw new ApiError(403, ERROR_CODES.forbidden);
}

export default async function shareRoutes(app: FastifyInstance, { sharing }: SharesOptions): Promise<void> {
  async function toDtos(shares: Share[]): Promise<ShareDto[]> {
    const names = await app.store.users.usernames(shares.flatMap((s) => [s.grantedBy, ...(s.revokedBy ? [s.revokedBy] : [])]));
    const who = (id: string) => ({ id, username: names.get(id) ?? null });
    return shares.map((s) => ({
      id: s.id,
      recordId: s.recordId,
      caseNumber: s.caseNumber,
      fromAgency: s.fromAgency,
      toAgency: s.toAgency,
      grantedBy: who(s.grantedBy),
      grantedAt: s.grantedAt,
      revokedAt: s.revokedAt,
      revokedBy: s.revokedBy ? who(s.revokedBy) : null,
    }));
  }

  app.post('/', async (request, reply) => {
    const session = sessionOf(request);
    requireSharer(session);
    const body = parseOrReject(ShareRequest, request.body);
    const from = session.agencyCode;
    if (!(await app.store.agencies.find(body.toAgency))) throw new ApiError(400, ERROR_CODES.shareUnknownAgency);
    if (!sharing.mayShare(from, body.toAgency)) throw new ApiError(403, ERROR_CODES.shareNotAllowed);
    const caseKey = body.caseNumber === undefined ? undefined : caseNumberKey(body.caseNumber);
    if (caseKey === '') throw invalidRequest();
    const now = app.now();

    const outcome = await app.store.writeLocked(async ({ records, shares, audit }) => {
      if (body.recordId !== undefined) {
        const record = await records.findLatest(body.recordId);
        if (!record || record.agencyCode !== from) throw new ApiError(404, ERROR_CODES.notFound);
      }
      const wanted =
        body.recordId !== undefined
          ? { id: randomUUID(), fromAgency: from, toAgency: body.toAgency, grantedBy: session.userId, recordId: body.recordId }
          : { id: randomUUID(), fromAgency: from, toAgency: body.toAgency, grantedBy: session.userId, caseNumber: body.caseNumber!.trim(), caseKey: caseKey! };
      const existing = await shares.findActive(wanted);
      if (existing) return { share: existing, created: false };
      const share = await shares.grant(wanted, now);
      await audit.append(
        {
          action: 'share.grant',
          actorUserId: session.userId,
          agencyCode: from,
          subject: share.id,
          details: { toAgency: share.toAgency, ...(share.recordId ? { recordId: share.recordId } : { caseNumber: share.caseNumber }) },
        },
        now,
      );
      return { share, created: true };
    });
    request.log.info({ userId: session.userId, shareId: outcome.share.id, toAgency: outcome.share.toAgency, created: outcome.created }, 'share granted');
    const [dto] = await toDtos([outcome.share]);
    return reply.code(outcome.created ? 201 : 200).send(dto);
  });

  app.delete('/:id', async (request) => {
    const session = sessionOf(request);
    requireSharer(session);
    const { id } = parseOrReject(ShareParams, request.params);
    const now = app.now();
    const share = await app.store.writeLocked(async ({ shares, audit }) => {
      const found = await shares.find(id);
      if (!found || (found.fromAgency !== session.agencyCode && found.toAgency !== session.agencyCode)) throw new ApiError(404, ERROR_CODES.notFound);
      // The receiving agency knows the share exists (it lists it) but only the owner ends it.
      if (found.fromAgency !== session.agencyCode) throw new ApiError(403, ERROR_CODES.forbidden);
      if (found.revokedAt !== null) return found;
      const revoked = (await shares.revoke(id, session.userId, now))!;
      await audit.append(
        { action: 'share.revoke', actorUserId: session.userId, agencyCode: session.agencyCode, subject: id, details: { toAgency: revoked.toAgency } },
        now,
      );
      return revoked;
    });
    request.log.info({ userId: session.userId, shareId: id }, 'share revoked');
    const [dto] = await toDtos([share]);
    return dto;
  });

  app.get('/', async (request) => {
    const session = sessionOf(request);
    requireSharer(session);
    const { given, received } = await app.store.shares.listFor(session.agencyCode);
    const agencies = await app.store.agencies.list();
    return {
      given: await toDtos(given),
      received: await toDtos(received),
      mayShareWith: agencies.filter((a) => sharing.mayShare(session.agencyCode, a.code)).map((a) => ({ code: a.code, name: a.name, country: a.country })),
    };
  });
}
