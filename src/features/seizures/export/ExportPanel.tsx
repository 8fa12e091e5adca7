/**
 * Export from the list, on the device and offline (docs/exports.md): the seizures ticked on the
 * list, or, with none ticked, every seizure the search matches (not only the ones shown). The
 * outcome is said in a live region: the file made, or that there was nothing to export.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../../domain/export/audit-wire';
import { useLanguage } from '../../../lib/use-language';
import { seizures, type SeizureView } from '../../../storage';
import { exportSeizures, type ExportOutcome } from './export-seizures';

/** Far above what a phone holds; the search's own limit would otherwise cut the list at 100. */
const WHOLE_LIST = 1_000_000;

interface Props {
  selectedIds: readonly string[];
  query: string;
  onExported(): void;
}

type State = { kind: 'idle' } | { kind: 'working' } | ExportOutcome | { kind: 'failed' };

export function ExportPanel({ selectedIds, query, onExported }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const ids = useId();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function run() {
    setState({ kind: 'working' });
    try {
      const selected = selectedIds.length > 0;
      const rows = selected
        ? (await Promise.all(selectedIds.map((id) => seizures.get(id)))).filter((row): row is SeizureView => row !== undefined)
        : await seizures.search(query, WHOLE_LIST);
      const filter = selected ? ({ kind: 'selected' } as const) : ({ kind: 'list', query: query.trim() } as const);
      const outcome = await exportSeizures({ rows, filter, format, lang });
      setState(outcome);
      if (outcome.kind === 'done') onExported();
    } catch {
      setState({ kind: 'failed' });
    }
  }

  return (
    <section className="export-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('export.title')}</h2>
      <p className="hint">{t('export.hint')}</p>
      <fieldset>
        <legend>{t('export.format')}</legend>
        {(['csv', 'json'] as const).map((option) => (
          <div key={option} className="field field-checkbox">
            <input id={`${ids}-${option}`} type="radio" name={`${ids}-format`} checked={format === option} onChange={() => setFormat(option)} />
            <label htmlFor={`${ids}-${option}`}>{t(`export.${option}`)}</label>
          </div>
        ))}
      </fieldset>
      <button type="button" className="secondary" disabled={state.kind === 'working'} onClick={() => void run()}>
        {selectedIds.length > 0 ? t('export.selectedButton', { n: selectedIds.length }) : t('export.listButton')}
      </button>
      <p role="status" className="export-status">
        {state.kind === 'working' && t('export.working')}
        {state.kind === 'empty' && t('export.nothing')}
        {state.kind === 'done' && t('export.done', { name: state.fileName, rows: state.rows, seizures: state.seizures })}
      </p>
      {state.kind === 'failed' && <p role="alert">{t('export.failed')}</p>}
    </section>
  );
}
