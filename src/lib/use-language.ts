import { useTranslation } from 'react-i18next';
import type { Language } from '../domain/schema';
import { toLanguage } from '../i18n';

/** The officer's current language as the domain names it ("en" | "es"). */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return toLanguage(i18n.resolvedLanguage ?? i18n.language);
}
