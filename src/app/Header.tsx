import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useStorageHealth } from '../lib/storage-health';
import { seizures } from '../storage';

export function Header() {
  const { t } = useTranslation();
  const pending = useLiveQuery(() => seizures.pendingCount(), []);
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
      <p className="device-status" role="status">
        {pending !== undefined && t('deviceStatus.pending', { n: pending })}
        {health && health.persistence !== 'persisted' && <span className="storage-risk"> · {t('deviceStatus.notPersisted')}</span>}
      </p>
    </header>
  );
}
