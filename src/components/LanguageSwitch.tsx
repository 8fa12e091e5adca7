/**
 * English / Español. The choice is remembered on the device by the i18next detector; each button
 * names its language in that language so an officer who can't read the other one finds theirs.
 * A language whose strings cannot be fetched yet is not half-switched to: the officer is told.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../domain/schema';
import { switchLanguage } from '../i18n';
import { useLanguage } from '../lib/use-language';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = useLanguage();
  const [failed, setFailed] = useState<Language>();
  const choose = async (lng: Language) => {
    setFailed(undefined);
    if (!(await switchLanguage(lng))) setFailed(lng);
  };
  return (
    <>
      <div className="language-switch" role="group" aria-label={t('language.label')}>
        {(['en', 'es'] as const).map((lng) => (
          <button key={lng} type="button" lang={lng === 'es' ? 'es-MX' : 'en-US'} aria-pressed={current === lng} onClick={() => void choose(lng)}>
            {t(`language.${lng}`)}
          </button>
        ))}
      </div>
      {failed && (
        <p className="language-failed" role="alert">
          {t('language.failed', { language: t(`language.${failed}`) })}
        </p>
      )}
    </>
  );
}
