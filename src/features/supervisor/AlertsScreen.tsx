/**
 * Deconfliction alerts for the agency: another agency holds the same firearm (its name, the
 * contact point it configured, its seizure's date and state: a pointer, not its record unless
 * shared), or the agency recorded one gun twice. Each is acknowledged with an optional note;
 * listing marks them seen on the server.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { agencyNameOf } from '../../domain';
import { formatDateTime } from '../../i18n';
import { useLanguage } from '../../lib/use-language';
import { calendarDate, stateName } from './labels';
import { ServerLoading, ServerProblem } from './ServerProblem';
import { failureOf, useServerRead, type Failure } from './server-read';
import { acknowledgeAlert, ALERTS_CHANGED, listAlerts, type Alert, type AlertsPage } from './supervisor-api';

const NOTE_MAX = 500;

export function AlertsScreen() {
  const { t } = useTranslation('supervisor');
  const { state, reload } = useServerRead(() => listAlerts(), 'alerts');
  const [older, setOlder] = useState<{ after: string; alerts: Alert[]; cursor: string | null }>();
  if (state.kind === 'loading') return <ServerLoading />;
  if (state.kind === 'failed') return <ServerProblem failure={state.failure} onRetry={reload} />;
  const page: AlertsPage = state.value;
  const extra = older?.after === page.cursor ? older : undefined;
  const alerts = [...page.alerts, ...(extra?.alerts ?? [])];
  const cursor = extra ? extra.cursor : page.cursor;
  const changed = () => {
    window.dispatchEvent(new Event(ALERTS_CHANGED));
    setOlder(undefined);
    reload();
  };
  return (
    <>
      <p role="status">{t('alerts.unacknowledged', { count: page.unacknowledged })}</p>
      {alerts.length === 0 && <p>{t('alerts.none')}</p>}
      {alerts.map((alert) => (
        <AlertCard key={alert.id} alert={alert} onAcknowledged={changed} />
      ))}
      {cursor && (
        <button
          type="button"
          className="secondary wide"
          onClick={() => void listAlerts(cursor).then((next) => setOlder({ after: page.cursor ?? '', alerts: [...(extra?.alerts ?? []), ...next.alerts], cursor: next.cursor }))}
        >
          {t('alerts.more')}
        </button>
      )}
    </>
  );
}

function AlertCard({ alert, onAcknowledged }: { alert: Alert; onAcknowledged: () => void }) {
  const { t } = useTranslation('supervisor');
  const lang = useLanguage();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const titleId = `alert-${alert.id}`;
  const where = (side: Alert['mine']) => ({ date: calendarDate(side.recoveredOn, lang) ?? t('alerts.unknownDate'), state: stateName(side.state, lang) ?? t('alerts.unknownState') });
  const tooLong = note.length > NOTE_MAX;
  // The agency's name in the supervisor's language; one the app does not know, as the server named it.
  const otherName = agencyNameOf(alert.other.agency, lang, alert.other.agencyName);

  async function acknowledge() {
    if (tooLong) return;
    setBusy(true);
    try {
      await acknowledgeAlert(alert.id, note);
      onAcknowledged();
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="alert-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{alert.kind === 'other_agency' ? t('alerts.other_agency', { agency: otherName }) : t('alerts.same_agency')}</h2>
      <p className="hint">{t('alerts.createdAt', { at: formatDateTime(alert.createdAt, lang) })}</p>
      {alert.kind === 'other_agency' && <p>{alert.other.contact ? t('alerts.contact', { contact: alert.other.contact }) : t('alerts.noContact', { agency: otherName })}</p>}
      <ul className="plain-list">
        <li>
          {t('alerts.mine', where(alert.mine))} · <Link href={`/seizures/${alert.mine.recordId}`}>{t('alerts.openMine')}</Link>
        </li>
        <li>
          {t(alert.kind === 'other_agency' ? 'alerts.theirs' : 'alerts.otherRecord', where(alert.other))}
          {alert.other.recordId && (
            <>
              {' · '}
              <Link href={`/seizures/${alert.other.recordId}`}>{t('alerts.openOther')}</Link>
            </>
          )}
        </li>
      </ul>
      {alert.acknowledged ? (
        <p className="alert-acknowledged">
          {t('alerts.acknowledged', { at: formatDateTime(alert.acknowledged.at, lang) })}
          {alert.acknowledged.note && (
            <>
              <br />
              {t('alerts.acknowledgedNote', { note: alert.acknowledged.note })}
            </>
          )}
        </p>
      ) : (
        <div>
          <div className="field">
            <label htmlFor={`${titleId}-note`}>{t('alerts.note')}</label>
            <textarea id={`${titleId}-note`} value={note} onChange={(event) => setNote(event.target.value)} aria-invalid={tooLong} aria-describedby={`${titleId}-note-error`} />
            <p id={`${titleId}-note-error`} className="field-note field-note-error">
              {tooLong ? t('alerts.noteTooLong') : ''}
            </p>
          </div>
          {failure && <ServerProblem failure={failure} />}
          <button type="button" className="primary" disabled={busy || tooLong} onClick={() => void acknowledge()}>
            {t('alerts.acknowledge')}
          </button>
        </div>
      )}
    </article>
  );
}
