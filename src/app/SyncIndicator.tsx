/**
 * Where the officer's records stand, always in view in the header's one row: a short line
 * ("Offline · 2 to send"), which opens the whole story on tap (how many wait and since when, the
 * last successful sync, what is wrong if something is), and the button that syncs now, or the
 * link to sign in again. The full lines are also a polite live region for screen readers.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime } from '../i18n';
import { timeAgo } from '../lib/relative-time';
import { useLanguage } from '../lib/use-language';
import { useOnline } from '../lib/use-online';
import { currentSession, lastSuccessfulSync, pendingSummary, requestSync, useSyncStatus } from '../sync';
import { summarizeSync, type Phrase, type SyncSummary } from './sync-summary';

export type HeaderSync = SyncSummary & { canSync: boolean; signedOutOrExpired: boolean; syncing: boolean; say: (phrase: Phrase) => string };

/** Read once by the header and handed to its parts. */
export function useHeaderSync(): HeaderSync {
  const { t } = useTranslation();
  const lang = useLanguage();
  const status = useSyncStatus();
  const online = useOnline();
  const pending = useLiveQuery(() => pendingSummary(), []);
  const session = useLiveQuery(() => currentSession(), [], null);
  // Kept on the device, so it is known even before this page's first run (or in another tab's).
  const lastSync = useLiveQuery(() => lastSuccessfulSync(), []);
  const summary = summarizeSync({
    session,
    status,
    pending,
    lastSync,
    online,
    ageOf: (iso) => timeAgo(iso, lang) ?? t('sync.lessThanAMinute'),
    timeOf: (iso) => formatDateTime(iso, lang).split(', ').at(-1) ?? '',
    dateTimeOf: (iso) => formatDateTime(iso, lang),
  });
  return {
    ...summary,
    canSync: !!session && !session.expired,
    syncing: status.phase === 'syncing',
    signedOutOrExpired: session !== null && (!session || !!session.expired),
    say: (phrase) => t(phrase.key as 'sync.now', phrase.values ?? {}),
  };
}

export function SyncSummaryButton({ summary, expanded, onToggle, controls }: { summary: HeaderSync; expanded: boolean; onToggle: () => void; controls: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`sync-summary${summary.offline ? ' is-offline' : ''}`}
      aria-expanded={expanded}
      aria-controls={controls}
      aria-label={`${t('sync.details')}: ${summary.short.map(summary.say).join(', ')}`}
      onClick={onToggle}
    >
      {summary.short.map((phrase, i) => (
        // Each phrase stays whole; a second one goes to a second line rather than being cut.
        <span key={phrase.key} className="sync-phrase">
          {i > 0 && ' · '}
          {summary.say(phrase)}
        </span>
      ))}
    </button>
  );
}

export function SyncAction({ summary: { canSync, signedOutOrExpired, syncing } }: { summary: HeaderSync }) {
  const { t } = useTranslation();
  if (canSync) {
    return (
      <button type="button" className="header-icon" aria-label={t('sync.now')} onClick={() => requestSync('manual')} disabled={syncing}>
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M12 4a8 8 0 0 1 7.75 6h-2.1A6 6 0 0 0 6.3 8.3L9 11H2V4l2.9 2.9A7.97 7.97 0 0 1 12 4Zm0 16a8 8 0 0 1-7.75-6h2.1a6 6 0 0 0 11.35 1.7L15 13h7v7l-2.9-2.9A7.97 7.97 0 0 1 12 20Z" />
        </svg>
      </button>
    );
  }
  return signedOutOrExpired ? (
    <Link href="/signin" className="header-button">
      {t('sync.signIn')}
    </Link>
  ) : null;
}

/** The whole story, shown when the summary is tapped; always in the page as a live region. */
export function SyncDetails({ summary, id, open, storageAtRisk }: { summary: HeaderSync; id: string; open: boolean; storageAtRisk: boolean }) {
  const { t } = useTranslation();
  return (
    <div id={id} className={`sync-details${open ? '' : ' is-closed'}`}>
      <p role="status" aria-live="polite">
        <span className="sync-waiting">{summary.waiting ? summary.say(summary.waiting) : ''}</span>
        {summary.state && <span className="sync-state"> · {summary.say(summary.state)}</span>}
      </p>
      {open && storageAtRisk && (
        <p className="storage-risk">
          {t('deviceStatus.notPersisted')}{' '}
          <Link href="/settings">{t('deviceStatus.openStorageSettings')}</Link>
        </p>
      )}
    </div>
  );
}
