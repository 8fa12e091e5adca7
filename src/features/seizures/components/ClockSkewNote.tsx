/** On a record saved while the phone's clock was over 5 minutes off the server's (schema.ts clockSkew). */
import { useTranslation } from 'react-i18next';
import type { Seizure } from '../../../domain/schema';
import { formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';

export function ClockSkewNote({ skew }: { skew: Seizure['clockSkew'] }) {
  const { t } = useTranslation('clock');
  const lang = useLanguage();
  if (!skew) return null;
  return (
    <div className="banner banner-warning" role="note">
      <p>{t(skew.measuredBy === 'server' ? 'recordFlagServer' : 'recordFlag', { minutes: Math.abs(skew.minutes), detectedAt: formatDateTime(skew.detectedAt, lang) })}</p>
    </div>
  );
}
