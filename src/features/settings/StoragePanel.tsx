import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n';
import { useStorageHealth } from '../../lib/storage-health';
import { useLanguage } from '../../lib/use-language';
import { photos } from '../../storage';

const MB = 1024 * 1024;

export function StoragePanel() {
  const { t } = useTranslation(['storage', 'common']);
  const lang = useLanguage();
  const health = useStorageHealth();
  // Photos are megabytes where records are kilobytes: the officer sees what they take.
  const photoTotals = useLiveQuery(() => photos.totals().catch(() => undefined), []);
  return (
    <section className="section" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('panel.title')}</h2>
      {health ? (
        <>
          <p>{t(`persistence.${health.persistence}`)}</p>
          {health.usageBytes !== undefined && health.quotaBytes !== undefined && (
            <p>
              {t('panel.usage', {
                used: formatNumber(Math.round((health.usageBytes / MB) * 10) / 10, lang),
                quota: formatNumber(Math.round(health.quotaBytes / MB), lang),
              })}
            </p>
          )}
          {photoTotals && (
            <p>{t('panel.photos', { count: formatNumber(photoTotals.count, lang), size: formatNumber(Math.round((photoTotals.bytes / MB) * 10) / 10, lang), unsent: formatNumber(photoTotals.unsent, lang) })}</p>
          )}
          {health.persistence !== 'persisted' && <p className="hint">{t('panel.installAdvice')}</p>}
        </>
      ) : (
        <p role="status">{t('common:loading')}</p>
      )}
    </section>
  );
}
