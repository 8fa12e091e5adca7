/** What a seizure's screens show while the record loads, and when the device does not hold it. */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

export function SeizureLoading() {
  const { t } = useTranslation();
  return <p role="status">{t('loading')}</p>;
}

export function SeizureNotFound() {
  const { t } = useTranslation('seizure');
  return (
    <div className="banner banner-error" role="alert">
      <p>{t('detail.notFound')}</p>
      <Link href="/">{t('detail.backToList')}</Link>
    </div>
  );
}
