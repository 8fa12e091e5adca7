/**
 * The intelligence links' reads (docs/links.md "API"), straight to the server through the sync
 * room's transport, like the other supervisor screens: nothing is kept on the device. The answers
 * are read with the schemas below, which load with these screens only.
 */
import { z } from 'zod/mini';
import { LINK_REASONS, STRENGTHS } from '../../../domain/links';
import { createSyncStore, db } from '../../../storage';
import { ON_SCREEN_DEADLINE_MS, signedInTransport } from '../../../sync/signed-in-transport';
import { linkQuery, type LinkFilters, type LinkSubject } from './link-query';

export type { LinkFilters, LinkSubject } from './link-query';

const text = z.nullable(z.string());
const reason = z.enum(LINK_REASONS);
const strength = z.enum(STRENGTHS);

const SummarySchema = z.object({
  recordId: z.string(),
  agency: z.string(),
  recoveredOn: text,
  state: text,
  municipality: text,
  caseNumber: text,
  status: z.string(),
  firearms: z.number(),
  shortTimeToCrime: z.boolean(),
});
const DetailsSchema = z.object({
  person: z.optional(z.string()),
  fromFirearm: z.optional(z.string()),
  toFirearm: z.optional(z.string()),
  serialDistance: z.optional(z.number()),
  model: z.optional(z.string()),
  metres: z.optional(z.number()),
  days: z.optional(z.number()),
  dealerFfl: z.optional(z.string()),
  shortTimeToCrime: z.optional(z.boolean()),
  document: z.optional(z.string()),
  purchaser: z.optional(z.boolean()),
});
const EdgeSchema = z.object({ from: z.string(), to: z.string(), reason, strength, details: DetailsSchema });
const LinkViewSchema = z.object({
  seizure: SummarySchema,
  depth: z.number(),
  groups: z.array(z.object({ reason, links: z.array(z.object({ strength, details: DetailsSchema, seizure: SummarySchema })) })),
  pointers: z.array(z.object({ agency: z.string(), recoveredOn: text, state: text, status: z.string(), reason, strength })),
  nodes: z.array(z.object({ ...SummarySchema.shape, depth: z.number() })),
  edges: z.array(EdgeSchema),
});
const LeadsSchema = z.object({
  window: z.object({ from: z.string(), to: z.string() }),
  leads: z.array(z.object({ size: z.number(), newest: text, reasons: z.record(z.string(), z.number()), seizures: z.array(SummarySchema) })),
  cursor: z.nullable(z.string()),
  truncated: z.boolean(),
});

export type SeizureSummary = z.infer<typeof SummarySchema>;
export type LinkEdge = z.infer<typeof EdgeSchema>;
export type LinkView = z.infer<typeof LinkViewSchema>;
export type LeadsPage = z.infer<typeof LeadsSchema>;

const transport = () => signedInTransport(createSyncStore(db), location.origin, ON_SCREEN_DEADLINE_MS);
const path = (subject: LinkSubject) => `/links/${subject.kind}/${encodeURIComponent(subject.id)}`;

export const loadLinkView = (subject: LinkSubject, filters: LinkFilters): Promise<LinkView> => transport().call(`${path(subject)}${linkQuery(filters)}`, LinkViewSchema);
export const loadLeads = (cursor?: string): Promise<LeadsPage> => transport().call(`/links/leads${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, LeadsSchema);
/** The view's edges as the server's CSV (audited there as `links.export`). */
export const downloadEdgesCsv = (subject: LinkSubject, filters: LinkFilters, depth: 1 | 2) => transport().file(`${path(subject)}/edges.csv${linkQuery(filters, depth)}`);
