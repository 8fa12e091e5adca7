/**
 * Leads (GET /api/v1/links/leads, docs/links.md "Leads"): groups of three or more seizures the
 * caller's agency may see, tied together by links, newest first. Computed on request from the
 * link index over a window of recovery dates (a year by default, two at most): one range read of
 * the agency's rows and one of the rows of records shared with it, then every link among them
 * (domain linksAmong: bucketed, so only rows that can match are compared) and the connected
 * components. Bounded by ROW_CAP rows: past it the answer says `truncated` and a narrower window
 * should be asked for. Only visible records are read, so a hidden record can never tie a lead.
 */
import { clustersOf, LEADS_MAX_WINDOW_DAYS, linksAmong, type LeadsQuery, type LinkReason, type LinkThresholds } from '../../domain/links';
import type { Store } from '../store';
import { summaryOf, type SeizureSummary } from './summaries';

export const ROW_CAP = 200_000;
/** Seizures listed per lead (its size says how many it has). */
export const SEIZURES_PER_LEAD = 50;

export interface Lead {
  size: number;
  newest: string | null;
  reasons: Partial<Record<LinkReason, number>>;
  seizures: SeizureSummary[];
}

export interface LeadsPage {
  window: { from: string; to: string };
  leads: Lead[];
  cursor: string | null;
  truncated: boolean;
}

const DAY = 86_400_000;
const dateText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The window asked for, or the year up to today; undefined when it is longer than allowed. */
export function leadsWindow(query: Pick<LeadsQuery, 'from' | 'to'>, now: Date): { from: string; to: string } | undefined {
  const to = query.to ?? dateText(now.getTime());
  const from = query.from ?? dateText(Date.parse(to) - 365 * DAY);
  return (Date.parse(to) - Date.parse(from)) / DAY > LEADS_MAX_WINDOW_DAYS ? undefined : { from, to };
}

export async function leads(store: Store, agency: string, query: LeadsQuery, window: { from: string; to: string }, t: LinkThresholds): Promise<LeadsPage> {
  const rows = await store.links.visibleRows(agency, window.from, window.to, ROW_CAP);
  const truncated = rows.length > ROW_CAP;
  const reasons = query.reasons && new Set(query.reasons);
  const links = linksAmong(rows.slice(0, ROW_CAP), t).filter((link) => !reasons || reasons.has(link.reason));
  const newestOf = new Map<string, string>();
  for (const row of rows) if (row.recoveredOn && row.recoveredOn > (newestOf.get(row.recordId) ?? '')) newestOf.set(row.recordId, row.recoveredOn);
  const byNewest = (a: string, b: string) => (newestOf.get(b) ?? '').localeCompare(newestOf.get(a) ?? '') || a.localeCompare(b);
  const clusters = clustersOf(links).map((cluster) => cluster.sort(byNewest));
  clusters.sort((a, b) => byNewest(a[0]!, b[0]!) || b.length - a.length);

  const offset = query.cursor ?? 0;
  const limit = query.limit ?? 20;
  const page = clusters.slice(offset, offset + limit);
  // Only the page's seizures are read from the records, at most SEIZURES_PER_LEAD per lead.
  const shown = page.flatMap((cluster) => cluster.slice(0, SEIZURES_PER_LEAD));
  const sides = await store.links.sides(shown, agency);
  const ttc = await store.links.timesToCrime(shown);
  // The page's links by reason, in one pass over the links: a link's two ends are in one cluster.
  const leadOf = new Map(page.flatMap((cluster, index) => cluster.map((id) => [id, index] as const)));
  const counts = page.map((): Partial<Record<LinkReason, number>> => ({}));
  for (const link of links) {
    const index = leadOf.get(link.from);
    if (index !== undefined) counts[index]![link.reason] = (counts[index]![link.reason] ?? 0) + 1;
  }
  const leadsOf = page.map((cluster, index): Lead => {
    const count = counts[index]!;
    const seizures = cluster.slice(0, SEIZURES_PER_LEAD).flatMap((id) => {
      const side = sides.get(id);
      return side?.visible ? [summaryOf(side, ttc.get(id), t.shortTimeToCrimeDays)] : [];
    });
    return { size: cluster.length, newest: newestOf.get(cluster[0]!) ?? null, reasons: count, seizures };
  });
  return { window, leads: leadsOf, cursor: offset + limit < clusters.length ? String(offset + limit) : null, truncated };
}
