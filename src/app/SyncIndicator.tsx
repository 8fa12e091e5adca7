/**
 * Where the officer's records stand, always in view: how many wait to be sent and since when,
 * the last successful sync, and what is wrong if something is (no connection, server, sign-in).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../i18n';
import { timeAgo } from '../lib/relative-time';
import { useLanguage } from '../lib/use-language';
import { currentSession, lastSuccessfulSync, pendingSummary, requestSync, useSyncStatus } from '../sync';

export function SyncIndicator() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const status = useSyncStatus();
  const pending = useLiveQuery(() => pendingSummary(), []);
  const session = useLiveQuery(() => currentSession(), [], null);
  // Kept on the device, so it is known even before this page's first run (or in another tab's).
  const lastSync = useLiveQuery(() => lastSuccessfulSync(), []);

  // Until the count is read, say nothing rather than "nothing waiting": that could be false.
  const waiting = !pending
    ? ''
    : pending.count > 0
      ? pending.oldest
        ? t('sync.waiting', { n: pending.count, age: timeAgo(pending.oldest, lang) })
        : t('sync.waitingNoAge', { n: pending.count })
      : t('sync.nothingWaiting');

  let state: string;
  if (session === undefined) state = t('sync.notSignedIn');
  else if (session?.expired) state = t('sync.signInAgain');
  else if (status.phase === 'syncing') state = t('sync.sending');
  else if (status.phase === 'waiting') {
    const when = status.nextRetryAt ? formatDateTime(status.nextRetryAt, lang).split(', ').at(-1) : '';
    state = t(status.lastFailure === 'network' || status.lastFailure === 'timeout' ? 'sync.offline' : 'sync.serverProblem', { when });
  } else if (lastSync) state = t('sync.lastSync', { when: formatDateTime(lastSync, lang) });
  else state = '';

  const canSync = session && !session.expired;
  return (
    <div className="sync-indicator">
      <p role="status" aria-live="polite">
        <span className="sync-waiting">{waiting}</span>
        {state && <span className="sync-state"> · {state}</span>}
      </p>
      {canSync ? (
        <button type="button" className="header-button" onClick={() => requestSync('manual')} disabled={status.phase === 'syncing'}>
          {t('sync.now')}
        </button>
      ) : (
        session !== null && (
          <Link href="/signin" className="header-button">
            {t('sync.signIn')}
          </Link>
        )
      )}
    </div>
  );
}
