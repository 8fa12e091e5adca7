/**
 * i18next set-up. The first language comes from the officer's last choice, else the browser;
 * the choice is remembered on the device. Any Spanish variant maps to Mexican Spanish.
 */
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../domain';
import { localeFor } from './format';
import { NAMESPACES, resources } from './resources';

export const LANGUAGE_STORAGE_KEY = 'traceready.language';

export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (lng) => {
    if (typeof document !== 'undefined') document.documentElement.lang = localeFor(toLanguage(lng));
  });
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      ns: [...NAMESPACES],
      defaultNS: 'common',
      fallbackLng: 'en',
      supportedLngs: ['en', 'es'],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      interpolation: { escapeValue: false },
      returnNull: false,
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ['localStorage'],
      },
    });
  return i18next;
}

export const toLanguage = (lng: string | undefined): Language => (lng?.toLowerCase().startsWith('es') ? 'es' : 'en');

export { localeFor, formatDateTime, formatOccurredAt, formatNumber, dateOrderFor } from './format';
