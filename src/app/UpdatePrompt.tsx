/**
 * A new app version waits until the officer says so, and cannot be applied while a form with
 * unsaved changes is open: reloading under someone typing a seizure is exactly the bug peers
 * shipped (enketo#986). Uses vite-plugin-pwa's prompt strategy.
 *
 * The service worker is registered only once the first screen is painted: registering loads
 * workbox-window and starts the precache download of the whole app, which on a slow link would
 * otherwise share the bandwidth with the first screen.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useUnsavedWork } from '../lib/unsaved-work';
import { ensureSpaceReserve } from '../storage';
import { useSyncStatus } from '../sync';

export function UpdatePrompt() {
  const painted = useFirstPaintDone();
  return painted ? <ServiceWorkerPrompt /> : null;
}

function useFirstPaintDone(): boolean {
  const [done, setDone] = useState(false);
  useEffect(() => {
    // The frame callback runs just before the paint; the timeout after it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setDone(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return done;
}

function ServiceWorkerPrompt() {
  const { t } = useTranslation();
  const unsaved = useUnsavedWork();
  const [registration, setRegistration] = useState<ServiceWorkerRegistration>();
  const outdated = useSyncStatus().lastFailure === 'outdated';
  // The server holds records this version cannot read: look for the newer version now rather
  // than at the next navigation, so the prompt below offers it.
  useEffect(() => {
    if (outdated) void registration?.update().catch(() => undefined);
  }, [outdated, registration]);
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // The precache just took its space outside IndexedDB: the reserve grows to cover it
    // (storage/space-reserve.ts), while the device still has the room.
    onOfflineReady: () => void ensureSpaceReserve(),
    onRegisteredSW: (_url, registered) => setRegistration(registered),
  });

  if (needRefresh) {
    return (
      <div className="banner banner-info" role="status">
        <p>{t('update.available')}</p>
        {unsaved && <p>{t('update.waitForSave')}</p>}
        <button type="button" className="primary" disabled={unsaved} onClick={() => void updateServiceWorker(true)}>
          {t('update.apply')}
        </button>
      </div>
    );
  }
  if (offlineReady) return <OfflineReady setShown={setOfflineReady} />;
  return null;
}

/** How long "ready to work with no signal" stays: long enough to read, not on every screen after. */
export const OFFLINE_READY_MS = 8_000;

/** Said once, then gone by itself (after a while, or on the next screen): it needs no answer. */
function OfflineReady({ setShown }: { setShown: (shown: boolean) => void }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const [shownAt] = useState(location);
  const onDismiss = () => setShown(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(false), OFFLINE_READY_MS);
    return () => clearTimeout(timer);
  }, [setShown]);
  if (location !== shownAt) return null;
  return (
    <div className="banner banner-success" role="status">
      <p>{t('update.offlineReady')}</p>
      <button type="button" className="secondary" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
