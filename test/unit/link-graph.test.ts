/**
 * The link view's pure parts (src/features/supervisor/links): a server answer merged with the
 * answers of expanded seizures (each seizure at its fewest steps, each link once, nothing past
 * two steps expandable), a seizure's links grouped by reason, strongest first, and the graph's
 * elements: one node per person digest, per dealer and per firearm, a serial link between two
 * firearms each held by its seizure, other links straight between seizures.
 */
import { describe, expect, it } from 'vitest';
import { graphElements, nodeCounts, type Labels } from '../../src/features/supervisor/links/graph-elements';
import { linkQuery, NO_FILTERS } from '../../src/features/supervisor/links/link-query';
import { canExpand, groupsOf, linksByReason, mergeView, startState } from '../../src/features/supervisor/links/link-state';
import type { LinkEdge, LinkView, SeizureSummary } from '../../src/features/supervisor/links/links-api';

const summary = (recordId: string, recoveredOn = '2026-11-20'): SeizureSummary => ({
  recordId,
  agency: 'ATF',
  recoveredOn,
  state: 'AZ',
  municipality: null,
  caseNumber: `C-${recordId}`,
  status: 'ready',
  firearms: 1,
  shortTimeToCrime: false,
});
const edge = (from: string, to: string, reason: LinkEdge['reason'], strength: LinkEdge['strength'] = 'strong', details: LinkEdge['details'] = {}): LinkEdge => ({ from, to, reason, strength, details });
const view = (start: string, nodes: [string, number, string?][], edges: LinkEdge[]): LinkView => ({
  seizure: summary(start),
  depth: 1,
  groups: [],
  pointers: [],
  nodes: nodes.map(([id, depth, date]) => ({ ...summary(id, date), depth })),
  edges,
});

// a1 — a2 by person and serial, a1 — a3 by serial (weaker), a1 — a4 by place.
const first = view(
  'a1',
  [['a1', 0], ['a2', 1, '2026-11-21'], ['a3', 1, '2026-11-22'], ['a4', 1, '2026-11-22']],
  [
    edge('a1', 'a2', 'person', 'strong', { person: 'p1' }),
    edge('a1', 'a2', 'serial', 'strong', { serialDistance: 2, model: 'M4 Carbine', fromFirearm: 'g1', toFirearm: 'g2' }),
    edge('a1', 'a3', 'serial', 'medium', { serialDistance: 8, model: 'M4 Carbine', fromFirearm: 'g1', toFirearm: 'g3' }),
    edge('a1', 'a4', 'place', 'weak', { metres: 300, days: 2 }),
  ],
);
// a3's own view: back to a1 (already known), to a4 by dealer, to h1 by dealer (a new seizure, two steps out).
const fromA3 = view(
  'a3',
  [['a3', 0], ['a1', 1], ['a4', 1], ['h1', 1, '2026-11-24']],
  [
    edge('a3', 'a1', 'serial', 'medium', { serialDistance: 8, model: 'M4 Carbine', fromFirearm: 'g3', toFirearm: 'g1' }),
    edge('a3', 'a4', 'dealer', 'strong', { dealerFfl: 'FFL-9', shortTimeToCrime: true, fromFirearm: 'g3', toFirearm: 'g4' }),
    edge('a3', 'h1', 'dealer', 'strong', { dealerFfl: 'FFL-9', shortTimeToCrime: true, fromFirearm: 'g3', toFirearm: 'g5' }),
  ],
);

const labels: Labels = {
  seizure: (s) => s.caseNumber ?? '',
  person: (n) => `Person ${n}`,
  dealer: (ffl) => `Dealer ${ffl}`,
  firearm: (model) => model ?? 'Firearm',
  link: (e) => e.reason,
};

describe('the link state', () => {
  it('starts from the view and merges an expansion: known seizures keep their steps, new ones are two out, links are not doubled', () => {
    const start = startState(first);
    expect(Object.fromEntries([...start.seizures].map(([id, s]) => [id, s.depth]))).toEqual({ a1: 0, a2: 1, a3: 1, a4: 1 });
    expect(start.edges).toHaveLength(4);
    const merged = mergeView(start, fromA3);
    expect(Object.fromEntries([...merged.seizures].map(([id, s]) => [id, s.depth]))).toEqual({ a1: 0, a2: 1, a3: 1, a4: 1, h1: 2 });
    // a3 — a1 by serial was already there, in the other direction.
    expect(merged.edges).toHaveLength(6);
    expect(linksByReason(merged)).toEqual({ person: 1, serial: 2, place: 1, dealer: 2 });
    expect(start.edges).toHaveLength(4);
    expect([...merged.expanded].sort()).toEqual(['a1', 'a3']);
  });

  it('lets only seizures one step out, not yet expanded, be expanded', () => {
    const merged = mergeView(startState(first), fromA3);
    expect(canExpand(merged, 'a2')).toBe(true);
    expect(canExpand(merged, 'a3')).toBe(false);
    expect(canExpand(merged, 'h1')).toBe(false);
    expect(canExpand(merged, 'unknown')).toBe(false);
  });

  it('groups a seizure\'s links by reason in the rules\' order, strongest first, then newest', () => {
    const start = startState(first);
    const groups = groupsOf(start, 'a1');
    expect(groups.map((g) => g.reason)).toEqual(['person', 'serial', 'place']);
    expect(groups[1]!.links.map((l) => [l.seizure.recordId, l.edge.strength, l.edge.details.serialDistance])).toEqual([
      ['a2', 'strong', 2],
      ['a3', 'medium', 8],
    ]);
    const merged = mergeView(start, fromA3);
    expect(groupsOf(merged, 'a3').map((g) => [g.reason, g.links.map((l) => l.seizure.recordId)])).toEqual([
      ['serial', ['a1']],
      ['dealer', ['h1', 'a4']],
    ]);
    expect(groupsOf(merged, 'nobody')).toEqual([]);
  });
});

describe('the graph elements', () => {
  it('draws persons, dealers and firearms as their own nodes, and the other links between seizures', () => {
    const merged = mergeView(startState(first), fromA3);
    const graph = graphElements(merged, labels, (id) => canExpand(merged, id));
    expect(nodeCounts(graph)).toEqual({ seizure: 5, person: 1, dealer: 1, firearm: 5 });
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    expect(byId.get('person:p1')?.label).toBe('Person 1');
    expect(byId.get('dealer:FFL-9')?.label).toBe('Dealer FFL-9');
    // A dealer link does not name the model; the serial link of the same firearm does.
    expect(byId.get('firearm:g3')).toMatchObject({ label: 'M4 Carbine', recordId: 'a3' });
    expect(byId.get('firearm:g4')).toMatchObject({ label: 'Firearm', recordId: 'a4' });
    expect(byId.get('seizure:a1')).toMatchObject({ depth: 0, expandable: false });
    expect(byId.get('seizure:a2')).toMatchObject({ depth: 1, expandable: true });
    const pairs = graph.edges.map((e) => `${e.reason}:${[e.source, e.target].sort().join('~')}`).sort();
    expect(pairs).toEqual(
      [
        'person:person:p1~seizure:a1',
        'person:person:p1~seizure:a2',
        'serial:firearm:g1~firearm:g2',
        'serial:firearm:g1~firearm:g3',
        'place:seizure:a1~seizure:a4',
        'dealer:dealer:FFL-9~firearm:g3',
        'dealer:dealer:FFL-9~firearm:g4',
        'dealer:dealer:FFL-9~firearm:g5',
        'holds:firearm:g1~seizure:a1',
        'holds:firearm:g2~seizure:a2',
        'holds:firearm:g3~seizure:a3',
        'holds:firearm:g4~seizure:a4',
        'holds:firearm:g5~seizure:h1',
      ].sort(),
    );
    // Every edge ends at a node of the graph (cytoscape refuses one that does not).
    for (const e of graph.edges) expect(byId.has(e.source) && byId.has(e.target), e.id).toBe(true);
  });

  it('joins the seizures directly when a link does not name its person or firearms', () => {
    const bare = view('a1', [['a1', 0], ['a2', 1], ['a3', 1]], [edge('a1', 'a2', 'person'), edge('a1', 'a3', 'serial', 'strong', { serialDistance: 1, model: 'M4' }), edge('a1', 'a2', 'dealer', 'weak', { dealerFfl: 'F' })]);
    const graph = graphElements(startState(bare), labels, () => false);
    expect(nodeCounts(graph)).toEqual({ seizure: 3, person: 0, dealer: 1, firearm: 0 });
    expect(graph.edges.map((e) => `${e.reason}:${[e.source, e.target].sort().join('~')}`).sort()).toEqual(
      ['dealer:dealer:F~seizure:a1', 'dealer:dealer:F~seizure:a2', 'person:seizure:a1~seizure:a2', 'serial:seizure:a1~seizure:a3'].sort(),
    );
  });
});

describe('the link view\'s query', () => {
  it('sends only the filters given, the reasons in the rules\' order, and no reason filter for all or none', () => {
    expect(linkQuery(NO_FILTERS)).toBe('');
    expect(linkQuery({ reasons: ['place', 'serial'], from: '2026-11-01', to: '' }, 2)).toBe('?depth=2&reasons=serial%2Cplace&from=2026-11-01');
    expect(linkQuery({ reasons: ['person', 'serial', 'dealer', 'case', 'address', 'place'], from: '', to: '2026-11-30' })).toBe('?to=2026-11-30');
  });
});
