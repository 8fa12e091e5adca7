/**
 * The link state as a graph's nodes and edges (cytoscape's elements, as plain data): seizures,
 * and the persons, dealers and firearms that tie them, drawn from what each link says. A person
 * link's `person` digest is one person node for every seizure it ties; a dealer link is its
 * dealer's node, reached through each side's firearm when the link names them; a serial link is
 * an edge between the two firearms, each held by its seizure. Case, address and place links join
 * two seizures directly. An answer without the firearm or person details (an older server) still
 * draws: the link then joins the seizures or the dealer directly.
 *
 * Pure: the labels come from the caller, in the supervisor's language.
 */
import type { LinkReason, Strength } from '../../../domain/links';
import type { LinkEdge, SeizureSummary } from './links-api';
import type { LinkState } from './link-state';

export type NodeKind = 'seizure' | 'person' | 'dealer' | 'firearm';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The seizure a seizure node is, or a firearm node's seizure. */
  recordId?: string;
  /** Steps from the start, for seizures; 0 is the start. */
  depth?: number;
  expandable?: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** `holds`: a seizure and one of its firearms, not a link. */
  reason: LinkReason | 'holds';
  strength: Strength | null;
  label: string;
}

export interface Labels {
  seizure(summary: SeizureSummary): string;
  /** The persons of one graph, numbered as they appear (1, 2…). */
  person(index: number): string;
  dealer(ffl: string): string;
  firearm(model: string | undefined): string;
  link(edge: LinkEdge): string;
}

export interface GraphElements {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function graphElements(state: LinkState, labels: Labels, expandable: (recordId: string) => boolean): GraphElements {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  let persons = 0;
  const seizureNode = (recordId: string) => `seizure:${recordId}`;
  for (const [recordId, summary] of state.seizures) {
    nodes.set(seizureNode(recordId), { id: seizureNode(recordId), kind: 'seizure', label: labels.seizure(summary), recordId, depth: summary.depth, expandable: expandable(recordId) });
  }
  const addNode = (node: GraphNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
    return node.id;
  };
  const addEdge = (source: string, target: string, reason: GraphEdge['reason'], strength: Strength | null, label: string) => {
    const id = `${reason}:${[source, target].sort().join('~')}`;
    if (!edges.has(id)) edges.set(id, { id, source, target, reason, strength, label });
  };
  const firearmOf = (recordId: string, firearmId: string | undefined, model: string | undefined) => {
    if (!firearmId) return seizureNode(recordId);
    const id = `firearm:${firearmId}`;
    // A dealer link does not say the model; a serial link of the same firearm does.
    const known = nodes.get(id);
    if (!known || model) nodes.set(id, { id, kind: 'firearm', label: labels.firearm(model), recordId });
    addEdge(seizureNode(recordId), id, 'holds', null, '');
    return id;
  };

  for (const edge of state.edges) {
    const { details } = edge;
    const [from, to] = [seizureNode(edge.from), seizureNode(edge.to)];
    const label = labels.link(edge);
    if (edge.reason === 'person' && details.person) {
      const id = `person:${details.person}`;
      if (!nodes.has(id)) addNode({ id, kind: 'person', label: labels.person((persons += 1)) });
      addEdge(from, id, 'person', edge.strength, label);
      addEdge(to, id, 'person', edge.strength, label);
    } else if (edge.reason === 'dealer' && details.dealerFfl) {
      const dealer = addNode({ id: `dealer:${details.dealerFfl}`, kind: 'dealer', label: labels.dealer(details.dealerFfl) });
      addEdge(firearmOf(edge.from, details.fromFirearm, undefined), dealer, 'dealer', edge.strength, label);
      addEdge(firearmOf(edge.to, details.toFirearm, undefined), dealer, 'dealer', edge.strength, label);
    } else if (edge.reason === 'serial' && details.fromFirearm && details.toFirearm) {
      addEdge(firearmOf(edge.from, details.fromFirearm, details.model), firearmOf(edge.to, details.toFirearm, details.model), 'serial', edge.strength, label);
    } else {
      addEdge(from, to, edge.reason, edge.strength, label);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** How many nodes of each kind a graph has (its text summary). */
export function nodeCounts(elements: GraphElements): Record<NodeKind, number> {
  const counts: Record<NodeKind, number> = { seizure: 0, person: 0, dealer: 0, firearm: 0 };
  for (const node of elements.nodes) counts[node.kind] += 1;
  return counts;
}
