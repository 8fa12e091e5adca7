/**
 * The link view's files: the edges as the server's CSV (fetched with the session; the server
 * audits it as `links.export`) and the graph as a PNG drawn on the device. Both are named in the
 * supervisor's language. The CSV holds the links of the view as asked; once the graph was
 * expanded, those two steps out (the server's depth 2 under the same filters).
 */
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerProblem } from '../ServerProblem';
import { failureOf, type Failure } from '../server-read';
import type { GraphHandle } from './LinkGraph';
import { downloadEdgesCsv, type LinkFilters, type LinkSubject } from './links-api';
import { saveFile } from '../../../lib/save-file';

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; file: string } | { kind: 'failed'; failure: Failure | 'graph' };

export function LinkExport({ subject, recordId, filters, expanded, graph }: { subject: LinkSubject; recordId: string; filters: LinkFilters; expanded: boolean; graph: RefObject<GraphHandle | undefined> }) {
  const { t } = useTranslation('supervisor');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const id = recordId.slice(0, 8);

  async function csv() {
    setOutcome({ kind: 'busy' });
    try {
      const answer = await downloadEdgesCsv(subject, filters, expanded ? 2 : 1);
      const file = t('links.csvFile', { id });
      saveFile(answer.blob, file);
      setOutcome({ kind: 'done', file });
    } catch (error) {
      setOutcome({ kind: 'failed', failure: failureOf(error) });
    }
  }

  async function png() {
    const handle = graph.current;
    if (!handle) return setOutcome({ kind: 'failed', failure: 'graph' });
    setOutcome({ kind: 'busy' });
    try {
      const file = t('links.pngFile', { id });
      saveFile(await handle.png(), file);
      setOutcome({ kind: 'done', file });
    } catch {
      setOutcome({ kind: 'failed', failure: 'graph' });
    }
  }

  return (
    <section aria-labelledby="link-export-title" className="link-export">
      <h2 id="link-export-title">{t('links.exportTitle')}</h2>
      <div className="button-row">
        <button type="button" className="secondary" disabled={outcome.kind === 'busy'} onClick={() => void csv()}>
          {t('links.csv')}
        </button>
        <button type="button" className="secondary" disabled={outcome.kind === 'busy'} onClick={() => void png()}>
          {t('links.png')}
        </button>
      </div>
      <p role="status">{outcome.kind === 'done' ? t('links.downloaded', { file: outcome.file }) : ''}</p>
      {outcome.kind === 'failed' &&
        (outcome.failure === 'graph' ? (
          <p className="banner banner-error" role="alert">
            {t('links.exportFailed')}
          </p>
        ) : (
          <ServerProblem failure={outcome.failure} />
        ))}
    </section>
  );
}
