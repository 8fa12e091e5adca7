/**
 * The supervisor's entries in the header: the menu link to the supervisor's screens and the count
 * of alerts to acknowledge. Loaded only for a supervisor's or administrator's sign-in, with the
 * supervisor's strings, so an officer's phone never downloads either.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOnline } from '../../lib/use-online';
import { ALERTS_CHANGED, countAlerts } from './supervisor-api';
import './supervisor.css';

const EVERY_MS = 60_000;

export function SupervisorMenuLink() {
  const { t } = useTranslation('supervisor');
  return <Link href="/supervisor">{t('nav.entry')}</Link>;
}

/** The count, asked every minute while online and after an acknowledgement; nothing shown at 0 or when it cannot be known. */
export function SupervisorAlertCount() {
  const { t } = useTranslation('supervisor');
  const online = useOnline();
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!online) return;
    let live = true;
    const ask = () => void countAlerts().then((n) => live && setCount(n), () => undefined);
    ask();
    const timer = setInterval(ask, EVERY_MS);
    window.addEventListener(ALERTS_CHANGED, ask);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener(ALERTS_CHANGED, ask);
    };
  }, [online]);
  if (!online || count === 0) return null;
  return (
    <Link href="/supervisor/alerts" className="header-alerts" aria-label={t('nav.alertCount', { count })}>
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
      </svg>
      {count}
    </Link>
  );
}
