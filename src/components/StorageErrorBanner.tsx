import { useTranslation } from 'react-i18next';
import type { StorageErrorCode } from '../storage';

/** A storage failure in the officer's language, with what to do about it. */
export function StorageErrorBanner({ code }: { code: StorageErrorCode }) {
  const { t } = useTranslation('storage');
  return (
    <div className="banner banner-error" role="alert">
      <p>{t(`errors.${code}`)}</p>
    </div>
  );
}
