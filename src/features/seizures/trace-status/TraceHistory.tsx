/**
 * The trace status changes in a record's server history (the history answer's traceChanges):
 * which firearm, from which state to which, who and when. States only, as the server gives them.
 */
import { useTranslation } from 'react-i18next';
import { TRACE_STATES, type TraceState } from '../../../domain/trace-status';
import { formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import type { RecordHistory } from '../../../sync';

type Change = NonNullable<RecordHistory['traceChanges']>[number];

const isState = (value: string): value is TraceState => (TRACE_STATES as readonly string[]).includes(value);

export function TraceHistory({ changes, firearms }: { changes: readonly Change[]; firearms: readonly { id: string; itemNumber: number }[] }) {
  const { t } = useTranslation(['trace', 'vocab']);
  const lang = useLanguage();
  if (changes.length === 0) return null;
  const itemOf = new Map(firearms.map((f) => [f.id, f.itemNumber]));
  const state = (value: string) => (isState(value) ? t(`vocab:traceState.${value}`) : value);
  return (
    <table className="compare trace-history">
      <caption>{t('history.caption', { n: changes.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('history.firearm')}</th>
          <th scope="col">{t('history.from')}</th>
          <th scope="col">{t('history.to')}</th>
          <th scope="col">{t('history.when')}</th>
          <th scope="col">{t('history.who')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={`${change.firearmId}-${change.revision}`}>
            <th scope="row">{itemOf.has(change.firearmId) ? t('history.item', { item: itemOf.get(change.firearmId) }) : change.firearmId.slice(0, 8)}</th>
            <td>{state(change.from)}</td>
            <td>{state(change.to)}</td>
            <td>{formatDateTime(change.at, lang)}</td>
            <td>{change.author.username ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
