import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { isAlmostFull, useStorageHealth } from '../lib/storage-health';
import { deviceLock, useDeviceLock } from '../lock';
import { SyncIndicator } from './SyncIndicator';

export function Header() {
  const { t } = useTranslation();
  const health = useStorageHealth();
  const lock = useDeviceLock();
  return (
    <header className="app-header">
      <div className="app-header-row">
        <Link href="/" className="app-name">
          {t('appName')}
        </Link>
        <LanguageSwitch />
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <Link href="/">{t('nav.seizures')}</Link>
        <Link href="/new">{t('nav.new')}</Link>
        <Link href="/settings">{t('nav.settings')}</Link>
        {lock.kind === 'unlocked' && (
          <button type="button" className="lock-now" onClick={() => deviceLock.lock()}>
            {t('lock.lockNow')}
          </button>
        )}
      </nav>
      <SyncIndicator />
      {isAlmostFull(health) && (
        <p className="storage-full" role="alert">
          {t('deviceStatus.almostFull', { percent: Math.floor(((health?.usageBytes ?? 0) / (health?.quotaBytes ?? 1)) * 100) })}
        </p>
      )}
      {/* Always there, empty unless the warning applies: a line appearing after the first paint would push the whole screen down. */}
      <p className="storage-risk">{health && health.persistence !== 'persisted' ? t('deviceStatus.notPersisted') : ''}</p>
    </header>
  );
}
