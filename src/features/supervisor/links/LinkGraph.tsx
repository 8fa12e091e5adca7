/**
 * The link graph, drawn by cytoscape. This module is a chunk of its own (LinkGraphPanel imports
 * it on demand), so cytoscape loads only when a link view opens, never with the capture form or
 * the other supervisor screens. The canvas is a picture for sighted users: it is one labelled
 * image with a text summary, and the grouped list beside it is the accessible equivalent (every
 * expansion the graph offers is a button there too).
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { GraphElements } from './graph-elements';

export interface GraphHandle {
  /** The whole graph as a PNG, on white, at twice the screen's scale. */
  png(): Promise<Blob>;
}

export const REASON_COLOURS = {
  person: '#c0392b',
  serial: '#1d3557',
  dealer: '#7b2cbf',
  case: '#2a9d8f',
  address: '#b5651d',
  place: '#6c757d',
  holds: '#adb5bd',
} as const;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 9,
      'text-wrap': 'wrap',
      'text-max-width': '90px',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      color: '#1b1b1b',
      'background-color': '#457b9d',
      width: 22,
      height: 22,
    },
  },
  { selector: 'node[kind = "seizure"]', style: { shape: 'round-rectangle', 'background-color': '#1d3557', width: 30, height: 22 } },
  { selector: 'node[depth = 0]', style: { 'background-color': '#b5172a', width: 38, height: 28, 'font-weight': 'bold' } },
  { selector: 'node[?expandable]', style: { 'border-width': 3, 'border-color': '#f4a261' } },
  { selector: 'node[kind = "person"]', style: { shape: 'ellipse', 'background-color': REASON_COLOURS.person } },
  { selector: 'node[kind = "dealer"]', style: { shape: 'diamond', 'background-color': REASON_COLOURS.dealer, width: 26, height: 26 } },
  { selector: 'node[kind = "firearm"]', style: { shape: 'triangle', 'background-color': '#495057', width: 16, height: 16, 'font-size': 8 } },
  { selector: 'edge', style: { width: 2, 'curve-style': 'bezier', 'line-color': REASON_COLOURS.holds } },
  { selector: 'edge[strength = "strong"]', style: { width: 4 } },
  { selector: 'edge[strength = "weak"]', style: { 'line-style': 'dashed' } },
  ...(['person', 'serial', 'dealer', 'case', 'address', 'place'] as const).map((reason) => ({ selector: `edge[reason = "${reason}"]`, style: { 'line-color': REASON_COLOURS[reason] } })),
];

const definitions = (elements: GraphElements): ElementDefinition[] => [
  ...elements.nodes.map((node) => ({ group: 'nodes' as const, data: { ...node } })),
  ...elements.edges.map((edge) => ({ group: 'edges' as const, data: { ...edge } })),
];

export default function LinkGraph({
  elements,
  label,
  describedBy,
  onTapSeizure,
  onReady,
}: {
  elements: GraphElements;
  label: string;
  describedBy: string;
  onTapSeizure: (recordId: string) => void;
  onReady: (handle: GraphHandle | undefined) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const graph = useRef<Core | undefined>(undefined);
  const tap = useRef(onTapSeizure);
  useEffect(() => {
    tap.current = onTapSeizure;
  }, [onTapSeizure]);

  useEffect(() => {
    const cy = cytoscape({ container: host.current, style: STYLE, minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false, autoungrabify: true });
    cy.on('tap', 'node[kind = "seizure"]', (event) => tap.current(String(event.target.data('recordId'))));
    graph.current = cy;
    onReady({ png: () => cy.png({ output: 'blob-promise', bg: '#ffffff', full: true, scale: 2 }) });
    return () => {
      onReady(undefined);
      graph.current = undefined;
      cy.destroy();
    };
    // Made once; the elements are replaced below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const cy = graph.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(definitions(elements));
    });
    // Force-directed, labels counted as part of each node, so names do not sit on each other on a phone.
    cy.layout({ name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, padding: 12, idealEdgeLength: () => 48, nodeRepulsion: () => 9000, componentSpacing: 40 }).run();
    cy.fit(undefined, 12);
  }, [elements]);

  return <div ref={host} className="link-graph" role="img" aria-label={label} aria-describedby={describedBy} />;
}
