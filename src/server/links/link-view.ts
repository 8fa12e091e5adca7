/**
 * A seizure's links (GET /api/v1/links/seizures/:id, docs/links.md): the seizure's index rows,
 * the rows of other records that could match them (index lookups, store/links-repository.ts),
 * the domain's rules deciding which match (domain/links/rules.ts), then what the caller's agency
 * may see of each. Depth 2 repeats the lookup once from the visible seizures of depth 1 (at most
 * EXPANDED of them); a hidden seizure is a pointer and is never expanded: what a hidden record
 * links to would tell its content.
 */
import { matchKeys, strongestPerPair, strongerFirst, type IndexedKey, type Link, type LinkReason, type LinkThresholds, type LinkViewQuery } from '../../domain/links';
import type { Store } from '../store';
import type { RecordSide } from '../store/links-repository';
import { inWindow, pointerOf, summaryOf, type Pointer, type SeizureSummary } from './summaries';

/** Depth-1 seizures whose own links a depth-2 view looks up: a bounded second round. */
export const EXPANDED = 50;

export interface LinkView {
  seizure: SeizureSummary;
  depth: number;
  /** The seizure's own links the caller may see, by reason, strongest first. */
  groups: { reason: LinkReason; links: (Pick<Link, 'strength' | 'details'> & { seizure: SeizureSummary })[] }[];
  /** Links to seizures the caller may not see: who to ask, never what. */
  pointers: (Pointer & { reason: LinkReason; strength: Link['strength'] })[];
  /** Every visible seizure of the view (depth 0, 1, 2) and the links between them. */
  nodes: (SeizureSummary & { depth: number })[];
  edges: Link[];
}

/** The links of `keys` (rows of one or more records) with the candidates found for them. */
function linksOf(keys: readonly IndexedKey[], candidates: readonly IndexedKey[], t: LinkThresholds, reasons: ReadonlySet<LinkReason> | undefined): Link[] {
  const byKind = new Map<string, IndexedKey[]>();
  for (const candidate of candidates) {
    const list = byKind.get(candidate.kind);
    if (list) list.push(candidate);
    else byKind.set(candidate.kind, [candidate]);
  }
  const links: Link[] = [];
  for (const key of keys) {
    if (reasons && !reasons.has(key.kind)) continue;
    for (const candidate of byKind.get(key.kind) ?? []) {
      const link = matchKeys(key, candidate, t);
      if (link) links.push(link);
    }
  }
  return strongestPerPair(links);
}

/**
 * The view of a seizure, or of one of its firearms (`firearmId`): then only the firearm's own
 * keys start it (its serial series, its dealer), and the second step is as for a seizure.
 */
export async function linkView(store: Store, agency: string, recordId: string, query: LinkViewQuery, t: LinkThresholds, firearmId?: string): Promise<LinkView | undefined> {
  const subject = (await store.links.sides([recordId], agency)).get(recordId);
  if (!subject?.visible) return undefined;
  const reasons = query.reasons && new Set(query.reasons);
  const depth = query.depth ?? 1;

  const ownKeys = (await store.links.keysOf([recordId])).filter((key) => firearmId === undefined || key.firearmId === firearmId);
  const first = linksOf(ownKeys, await store.links.candidates(ownKeys, t), t, reasons);
  const sides = await store.links.sides([...new Set(first.map((link) => link.to))], agency);
  const kept = (link: Link) => {
    const side = sides.get(link.to);
    return side !== undefined && inWindow(summaryDate(side), query.from, query.to);
  };
  const firstKept = first.filter(kept);
  const visibleFirst = firstKept.filter((link) => sides.get(link.to)?.visible);
  const hiddenFirst = firstKept.filter((link) => !sides.get(link.to)?.visible);

  const depthOf = new Map<string, number>([[recordId, 0]]);
  for (const link of visibleFirst) depthOf.set(link.to, 1);
  const edges: Link[] = [...visibleFirst];
  if (depth === 2) {
    const expanded = [...new Set(visibleFirst.map((link) => link.to))].slice(0, EXPANDED);
    const keys = await store.links.keysOf(expanded);
    const second = linksOf(keys, await store.links.candidates(keys, t), t, reasons).filter((link) => link.to !== recordId);
    const more = await store.links.sides([...new Set(second.map((link) => link.to))].filter((id) => !sides.has(id)), agency);
    for (const [id, side] of more) sides.set(id, side);
    for (const link of second) {
      const side = sides.get(link.to);
      if (!side?.visible || !inWindow(summaryDate(side), query.from, query.to)) continue;
      if (!depthOf.has(link.to)) depthOf.set(link.to, 2);
      edges.push(link);
    }
  }

  const ttc = await store.links.timesToCrime([...depthOf.keys()]);
  const summary = (side: RecordSide) => summaryOf(side, ttc.get(side.recordId), t.shortTimeToCrimeDays);
  const groups = new Map<LinkReason, LinkView['groups'][number]['links']>();
  for (const link of [...visibleFirst].sort(strongerFirst)) {
    const list = groups.get(link.reason) ?? [];
    list.push({ strength: link.strength, details: link.details, seizure: summary(sides.get(link.to)!) });
    groups.set(link.reason, list);
  }
  const pointers = new Map<string, LinkView['pointers'][number]>();
  for (const link of hiddenFirst.sort(strongerFirst)) {
    // One pointer per hidden record and reason; the pointer has no id, so the key stays here.
    const id = `${link.to}|${link.reason}`;
    if (!pointers.has(id)) pointers.set(id, { ...pointerOf(sides.get(link.to)!), reason: link.reason, strength: link.strength });
  }
  return {
    seizure: summary(subject),
    depth,
    groups: [...groups].map(([reason, links]) => ({ reason, links })),
    pointers: [...pointers.values()],
    nodes: [...depthOf].map(([id, d]) => ({ ...summary(id === recordId ? subject : sides.get(id)!), depth: d })),
    edges: strongestPerPair(edges),
  };
}

const summaryDate = (side: RecordSide) => side.body.recovery.occurredAt?.slice(0, 10) ?? null;
