/**
 * The header is one row on a 360 px phone, so the form gets the screen: the app's name (home),
 * a short sync line that opens its details, "Sync now", and a menu with the screens, the
 * language and "Lock". What must never be missed (storage almost full) still shows as a line of
 * its own.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { isAlmostFull, useStorageHealth } from '../lib/storage-health';
import { useLanguage } from '../lib/use-language';
import { ClockSkewWarning } from './ClockSkewWarning';
import { deviceLock, useDeviceLock } from '../lock';
import { SupervisorAlertsBadge, SupervisorMenuEntry } from './SupervisorEntry';
import { SyncAction, SyncDetails, SyncSummaryButton, useHeaderSync } from './SyncIndicator';

type Panel = 'menu' | 'sync' | undefined;

export function Header() {
  const { t } = useTranslation();
  const health = useStorageHealth();
  const lock = useDeviceLock();
  const [location] = useLocation();
  // A panel belongs to the screen (and language) it was opened on: moving to another screen, or
  // a language switch that went through, closes it.
  const lang = useLanguage();
  const here = `${location}|${lang}`;
  const [opened, setOpened] = useState<{ panel: Panel; at: string }>({ panel: undefined, at: here });
  const panel = opened.at === here ? opened.panel : undefined;
  const setPanel = (which: Panel) => setOpened({ panel: which, at: here });
  const toggle = (which: Panel) => setPanel(panel === which ? undefined : which);
  const sync = useHeaderSync();

  useEffect(() => {
    if (!panel) return;
    const close = (event: KeyboardEvent) => event.key === 'Escape' && setOpened((state) => ({ ...state, panel: undefined }));
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [panel]);

  return (
    <header className="app-header">
      <div className="app-header-row">
        <Link href="/" className="app-name">
          {t('appName')}
        </Link>
        <SyncSummaryButton summary={sync} expanded={panel === 'sync'} onToggle={() => toggle('sync')} controls="sync-details" />
        <SyncAction summary={sync} />
        <SupervisorAlertsBadge />
        <button type="button" className="header-icon" aria-label={t('nav.menu')} aria-expanded={panel === 'menu'} aria-controls="app-menu" onClick={() => toggle('menu')}>
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" />
          </svg>
        </button>
      </div>
      <SyncDetails summary={sync} id="sync-details" open={panel === 'sync'} storageAtRisk={!!health && health.persistence !== 'persisted'} />
      {panel === 'menu' && (
        <div id="app-menu" className="app-menu">
          <nav aria-label={t('nav.label')}>
            <Link href="/">{t('nav.seizures')}</Link>
            <Link href="/new">{t('nav.new')}</Link>
            <Link href="/settings">{t('nav.settings')}</Link>
            <SupervisorMenuEntry />
          </nav>
          <div className="app-menu-row">
            <LanguageSwitch />
            {lock.kind === 'unlocked' && (
              <button
                type="button"
                className="lock-now"
                onClick={() => {
                  setPanel(undefined);
                  deviceLock.lock();
                }}
              >
                {t('lock.lockNow')}
              </button>
            )}
          </div>
        </div>
      )}
      {isAlmostFull(health) && (
        <p className="storage-full" role="alert">
          {t('deviceStatus.almostFull', { percent: Math.floor(((health?.usageBytes ?? 0) / (health?.quotaBytes ?? 1)) * 100) })}
        </p>
      )}
      <ClockSkewWarning />
    </header>
  );
}
