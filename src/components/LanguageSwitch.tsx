/**
 * English / Español. The choice is remembered on the device by the i18next detector; each button
 * names its language in that language so an officer who can't read the other one finds theirs.
 */
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../lib/use-language';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {(['en', 'es'] as const).map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng === 'es' ? 'es-MX' : 'en-US'}
          aria-pressed={current === lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
