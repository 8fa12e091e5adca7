/**
 * The server's history of one seizure, for supervisors and administrators: every revision with
 * who stored it, when, from which device and which fields it changed (never the values). It is
 * read from the server on request, so it needs a connection; the record itself stays on the
 * device whatever happens here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { recordHistory, TransportError, type RecordHistory as History } from '../../../sync';
import { TraceHistory } from '../trace-status/TraceHistory';
import { issueFieldLabel, type Translate } from './issue-field-label';

type Failure = 'offline' | 'notOnServer' | 'signIn' | 'forbidden' | 'server';
type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; history: History } | { kind: 'failed'; failure: Failure };

function failureOf(error: unknown): Failure {
  if (!(error instanceof TransportError)) return 'server';
  if (error.kind === 'network' || error.kind === 'timeout') return 'offline';
  if (error.kind === 'auth') return 'signIn';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'notOnServer';
  return 'server';
}

/** `firearms[0].serialNumber` (the server's form) → `firearms.0.serialNumber` (the form's issue paths). */
const toIssuePath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

export function RecordHistory({ recordId, firearms = [] }: { recordId: string; firearms?: readonly { id: string; itemNumber: number }[] }) {
  const { t } = useTranslation('seizure');
  const lang = useLanguage();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const tr = t as unknown as Translate;

  const load = async () => {
    setState({ kind: 'loading' });
    try {
      setState({ kind: 'loaded', history: await recordHistory(recordId) });
    } catch (error) {
      setState({ kind: 'failed', failure: failureOf(error) });
    }
  };

  return (
    <section className="section record-history" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      <p className="hint">{t('history.explain')}</p>
      {state.kind === 'loading' && <p role="status">{t('history.loading')}</p>}
      {state.kind === 'failed' && (
        <div className="banner banner-error" role="alert">
          <p>{t(`history.failure.${state.failure}`)}</p>
        </div>
      )}
      {state.kind === 'loaded' && (
        <table className="compare">
          <caption>{t('history.caption', { n: state.history.revisions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.revision')}</th>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.who')}</th>
              <th scope="col">{t('history.device')}</th>
              <th scope="col">{t('history.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {state.history.revisions.map((entry) => (
              <tr key={entry.revision}>
                <th scope="row">{entry.revision}</th>
                <td>{formatDateTime(entry.at, lang)}</td>
                <td>{entry.author.username ?? t('history.unknownUser')}</td>
                <td>{entry.deviceId}</td>
                <td>
                  {entry.changedFields === null
                    ? t('history.created')
                    : entry.changedFields.length === 0
                      ? t('history.noFieldChanged')
                      : entry.changedFields.map((path) => issueFieldLabel(toIssuePath(path), tr, (index) => index + 1)).join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.kind === 'loaded' && <TraceHistory changes={state.history.traceChanges ?? []} firearms={firearms} />}
      {state.kind !== 'loading' && (
        <button type="button" className="secondary" onClick={() => void load()}>
          {state.kind === 'idle' ? t('history.show') : t('history.reload')}
        </button>
      )}
    </section>
  );
}
