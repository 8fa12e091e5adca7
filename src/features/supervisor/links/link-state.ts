/**
 * What the link view has gathered: the start's view and the views of the seizures expanded from
 * it, merged into one set of seizures (each at its fewest steps from the start) and links. Pure,
 * so the merge, the two-step limit and the grouping are tested without a browser
 * (test/unit/link-graph.test.ts).
 */
import { LINK_REASONS, STRENGTHS, type LinkReason } from '../../../domain/links';
import type { LinkEdge, LinkView, SeizureSummary } from './links-api';

/** Steps from the start a seizure may be expanded from: its links then reach two steps out, as the server's depth 2. */
export const EXPANDABLE_DEPTH = 1;

export interface LinkState {
  start: string;
  seizures: Map<string, SeizureSummary & { depth: number }>;
  edges: LinkEdge[];
  /** The seizures whose own links have been added. */
  expanded: Set<string>;
}

const edgeId = (edge: Pick<LinkEdge, 'from' | 'to' | 'reason'>) => `${[edge.from, edge.to].sort().join('|')}|${edge.reason}`;

export function startState(view: LinkView): LinkState {
  return mergeView({ start: view.seizure.recordId, seizures: new Map(), edges: [], expanded: new Set() }, view);
}

/**
 * Adds a seizure's view to the state: its seizures one step further than it is (a seizure keeps
 * its fewest steps) and its links, once per pair and reason. A new state; the old one is untouched.
 */
export function mergeView(state: LinkState, view: LinkView): LinkState {
  const base = state.seizures.get(view.seizure.recordId)?.depth ?? 0;
  const seizures = new Map(state.seizures);
  for (const node of view.nodes) {
    const depth = base + node.depth;
    const known = seizures.get(node.recordId);
    if (!known || depth < known.depth) seizures.set(node.recordId, { ...node, depth });
  }
  const seen = new Set(state.edges.map(edgeId));
  const edges = [...state.edges];
  for (const edge of view.edges) {
    const id = edgeId(edge);
    if (seen.has(id) || !seizures.has(edge.from) || !seizures.has(edge.to)) continue;
    seen.add(id);
    edges.push(edge);
  }
  return { start: state.start, seizures, edges, expanded: new Set([...state.expanded, view.seizure.recordId]) };
}

/** Whether tapping a seizure may add its links: within one step of the start, not yet added. */
export const canExpand = (state: LinkState, recordId: string): boolean =>
  !state.expanded.has(recordId) && (state.seizures.get(recordId)?.depth ?? Infinity) <= EXPANDABLE_DEPTH;

export interface LinkedSeizure {
  seizure: SeizureSummary & { depth: number };
  edge: LinkEdge;
}
export interface ReasonGroup {
  reason: LinkReason;
  links: LinkedSeizure[];
}

const strengthRank = (edge: LinkEdge) => STRENGTHS.indexOf(edge.strength);

/** A seizure's links in the state, by reason (in the rules' order), strongest first, then newest. */
export function groupsOf(state: LinkState, recordId: string): ReasonGroup[] {
  const groups: ReasonGroup[] = [];
  for (const reason of LINK_REASONS) {
    const links: LinkedSeizure[] = [];
    for (const edge of state.edges) {
      if (edge.reason !== reason || (edge.from !== recordId && edge.to !== recordId)) continue;
      const other = state.seizures.get(edge.from === recordId ? edge.to : edge.from);
      if (other) links.push({ seizure: other, edge });
    }
    links.sort((x, y) => strengthRank(x.edge) - strengthRank(y.edge) || (y.seizure.recoveredOn ?? '').localeCompare(x.seizure.recoveredOn ?? ''));
    if (links.length > 0) groups.push({ reason, links });
  }
  return groups;
}

/** How many links of each reason the state holds (the graph's text summary). */
export function linksByReason(state: LinkState): Partial<Record<LinkReason, number>> {
  const counts: Partial<Record<LinkReason, number>> = {};
  for (const edge of state.edges) counts[edge.reason] = (counts[edge.reason] ?? 0) + 1;
  return counts;
}
