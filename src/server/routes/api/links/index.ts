/**
 * Intelligence links (docs/links.md), for supervisors and administrators only: an officer gets
 * 403 whatever it asks. A seizure the caller's agency may not see is 404, as one that does not
 * exist. Every view is an event in the audit chain with the seizures it showed (who looked at
 * which person's links), written before the answer leaves.
 *
 * GET /seizures/:id            the seizure's links by reason, pointers to hidden ones, nodes and edges
 * GET /seizures/:id/edges.csv  the same view's edges as CSV
 * GET /firearms/:id            a firearm's links (its serial series and dealer), as a seizure's
 * GET /firearms/:id/edges.csv  the same firearm view's edges as CSV
 * GET /leads                   clusters of three or more seizures, newest first, a page at a time
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod/mini';
import { csvLines, CSV_BOM, MEDIA_TYPES } from '../../../../domain/export';
import { LeadsQuerySchema, LinkViewQuerySchema, type Link, type LinkThresholds, type LinkViewQuery } from '../../../../domain/links';
import { supervisorOf } from '../../../auth/supervising';
import { ApiError, ERROR_CODES } from '../../../errors';
import { leads, leadsWindow } from '../../../links/leads';
import { linkView, type LinkView } from '../../../links/link-view';
import { parseOrReject } from '../../../protocol/envelopes';
import type { AuditEvent } from '../../../store/audit-repository';

export interface LinkRoutesOptions {
  thresholds: LinkThresholds;
}

const SeizureParams = z.strictObject({ id: z.uuid() });

const EDGE_COLUMNS = ['from_record', 'to_record', 'reason', 'strength', 'serial_distance', 'model', 'metres', 'days', 'dealer_ffl', 'short_time_to_crime', 'id_document', 'purchaser'] as const;
const edgeLine = (link: Link) => [
  link.from,
  link.to,
  link.reason,
  link.strength,
  link.details.serialDistance ?? null,
  link.details.model ?? null,
  link.details.metres ?? null,
  link.details.days ?? null,
  link.details.dealerFfl ?? null,
  link.details.shortTimeToCrime ?? null,
  link.details.document ?? null,
  link.details.purchaser ?? null,
];

export default async function linkRoutes(app: FastifyInstance, { thresholds }: LinkRoutesOptions): Promise<void> {
  const thresholdsOf = (query: LinkViewQuery): LinkThresholds => ({
    ...thresholds,
    ...(query.serialDistance !== undefined && { serialDistance: query.serialDistance }),
    ...(query.placeMetres !== undefined && { placeMetres: query.placeMetres }),
    ...(query.placeDays !== undefined && { placeDays: query.placeDays }),
  });

  const audited = async (event: AuditEvent) => app.store.writeLocked((tx) => tx.audit.append(event, app.now()));

  async function viewOf(request: FastifyRequest, action: 'links.view' | 'links.export', of: 'seizure' | 'firearm' = 'seizure'): Promise<LinkView> {
    const session = supervisorOf(request);
    const { id: asked } = parseOrReject(SeizureParams, request.params);
    const query = parseOrReject(LinkViewQuerySchema, request.query);
    let view: LinkView | undefined;
    if (of === 'seizure') view = await linkView(app.store, session.agencyCode, asked, query, thresholdsOf(query));
    else {
      // A firearm of a record the agency may not see is the same 404 as one that does not exist.
      for (const recordId of await app.store.links.recordsOfFirearm(asked)) {
        view ??= await linkView(app.store, session.agencyCode, recordId, query, thresholdsOf(query), asked);
      }
    }
    if (!view) throw new ApiError(404, ERROR_CODES.notFound);
    const id = view.seizure.recordId;
    await audited({
      action,
      actorUserId: session.userId,
      agencyCode: session.agencyCode,
      subject: id,
      details: {
        ...(of === 'firearm' && { firearmId: asked }),
        depth: view.depth,
        reasons: query.reasons ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        seizures: view.nodes.filter((node) => node.recordId !== id).map((node) => node.recordId),
        personLinks: view.edges.filter((edge) => edge.reason === 'person').length,
        pointers: view.pointers.length,
      },
    });
    return view;
  }

  app.get('/seizures/:id', async (request) => viewOf(request, 'links.view'));
  app.get('/firearms/:id', async (request) => viewOf(request, 'links.view', 'firearm'));

  const edgesCsv = (of: 'seizure' | 'firearm') => async (request: FastifyRequest, reply: FastifyReply) => {
    const view = await viewOf(request, 'links.export', of);
    return reply
      .header('content-type', MEDIA_TYPES.csv)
      .header('content-disposition', `attachment; filename="traceready-links-${view.seizure.recordId}.csv"`)
      .header('cache-control', 'no-store')
      .send(CSV_BOM + csvLines([EDGE_COLUMNS, ...view.edges.map(edgeLine)]));
  };
  app.get('/seizures/:id/edges.csv', edgesCsv('seizure'));
  app.get('/firearms/:id/edges.csv', edgesCsv('firearm'));

  app.get('/leads', async (request) => {
    const session = supervisorOf(request);
    const query = parseOrReject(LeadsQuerySchema, request.query);
    const window = leadsWindow(query, app.now());
    if (!window) throw new ApiError(400, ERROR_CODES.requestInvalid);
    const page = await leads(app.store, session.agencyCode, query, window, thresholds);
    await audited({
      action: 'links.leads',
      actorUserId: session.userId,
      agencyCode: session.agencyCode,
      subject: null,
      details: { window, reasons: query.reasons ?? null, cursor: query.cursor ?? 0, leads: page.leads.length, seizures: page.leads.flatMap((lead) => lead.seizures.map((s) => s.recordId)) },
    });
    return page;
  });
}
