import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useStorageHealth } from '../lib/storage-health';
import { SyncIndicator } from './SyncIndicator';

export function Header() {
  const { t } = useTranslation();
  const health = useStorageHealth();
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
      </nav>
      <SyncIndicator />
      {health && health.persistence !== 'persisted' && <p className="storage-risk">{t('deviceStatus.notPersisted')}</p>}
    </header>
  );
}
