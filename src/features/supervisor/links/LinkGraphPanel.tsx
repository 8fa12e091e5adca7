/**
 * Where the graph goes: loads the graph's chunk (cytoscape) on first show, says so while it
 * loads, and if it cannot load says the list holds the same links. The text summary and the
 * legend are here, in the supervisor chunk, so they read the same with or without the canvas.
 */
import { useEffect, useId, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { LINK_REASONS } from '../../../domain/links';
import { nodeCounts, type GraphElements } from './graph-elements';
import type { GraphHandle } from './LinkGraph';

type GraphComponent = ComponentType<{
  elements: GraphElements;
  label: string;
  describedBy: string;
  onTapSeizure: (recordId: string) => void;
  onReady: (handle: GraphHandle | undefined) => void;
}>;
type Colours = Record<(typeof LINK_REASONS)[number], string>;

export function LinkGraphPanel({ elements, links, onTapSeizure, onReady }: { elements: GraphElements; links: number; onTapSeizure: (recordId: string) => void; onReady: (handle: GraphHandle | undefined) => void }) {
  const { t } = useTranslation('supervisor');
  const summaryId = useId();
  const [graph, setGraph] = useState<{ kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; Graph: GraphComponent; colours: Colours }>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    import('./LinkGraph').then(
      (module) => live && setGraph({ kind: 'ready', Graph: module.default, colours: module.REASON_COLOURS }),
      () => live && setGraph({ kind: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);
  const counts = nodeCounts(elements);
  return (
    <section aria-labelledby="link-graph-title" className="link-graph-panel">
      <h2 id="link-graph-title">{t('links.graphTitle')}</h2>
      <p className="hint">{t('links.graphHint')}</p>
      <p id={summaryId}>{t('links.graphSummary', { seizures: counts.seizure, persons: counts.person, dealers: counts.dealer, firearms: counts.firearm, links })}</p>
      {graph.kind === 'loading' && <p role="status">{t('links.graphLoading')}</p>}
      {graph.kind === 'failed' && (
        <p className="banner banner-error" role="alert">
          {t('links.graphFailed')}
        </p>
      )}
      {graph.kind === 'ready' && (
        <>
          <graph.Graph elements={elements} label={t('links.graphLabel')} describedBy={summaryId} onTapSeizure={onTapSeizure} onReady={onReady} />
          <ul className="link-legend" aria-hidden="true">
            {(['start', 'seizure', 'person', 'dealer', 'firearm', 'expandable'] as const).map((kind) => (
              <li key={kind} className={`link-legend-${kind}`}>
                {t(`links.legend.${kind}`)}
              </li>
            ))}
            {LINK_REASONS.map((reason) => (
              <li key={reason}>
                <span className="link-swatch" style={{ background: graph.colours[reason] }} />
                {t(`links.reason.${reason}`)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
