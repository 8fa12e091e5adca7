/** What a seizure's screens show while the record loads, and when the device does not hold it. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOnline } from '../../../lib/use-online';
import { requestSync, useSyncStatus } from '../../../sync';

export function SeizureLoading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}

/**
 * A record the device does not hold may be on the server still on its way (a supervisor opens a
 * search hit before the next sync brought it): with a network, one sync is asked for and the
 * screen says so until that run ends; the record's screen shows it the moment it is stored.
 */
export function SeizureNotFound() {
  const { t } = useTranslation('seizure');
  const online = useOnline();
  const status = useSyncStatus();
  const [syncedBefore] = useState(status.lastSuccessAt);
  // Asked once, when the screen opens with a network; coming online later syncs by itself.
  const [asked] = useState(() => navigator.onLine);
  useEffect(() => {
    if (asked) requestSync('manual');
  }, [asked]);
  const runEnded = status.lastSuccessAt !== syncedBefore || status.phase === 'waiting' || status.phase === 'signedOut';
  if (online && asked && !runEnded) return <p role="status">{t('detail.fetching')}</p>;
  return (
    <div className="banner banner-error" role="alert">
      <p>{t('detail.notFound')}</p>
      <Link href="/">{t('detail.backToList')}</Link>
    </div>
  );
}
