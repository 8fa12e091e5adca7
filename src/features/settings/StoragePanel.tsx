import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n';
import { useStorageHealth } from '../../lib/storage-health';
import { useLanguage } from '../../lib/use-language';

const MB = 1024 * 1024;

export function StoragePanel() {
  const { t } = useTranslation(['storage', 'common']);
  const lang = useLanguage();
  const health = useStorageHealth();
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
          {health.persistence !== 'persisted' && <p className="hint">{t('panel.installAdvice')}</p>}
        </>
      ) : (
        <p role="status">{t('common:loading')}</p>
      )}
    </section>
  );
}
