/**
 * i18next set-up. The first language comes from the officer's last choice, else the browser;
 * the choice is remembered on the device. Any Spanish variant maps to Mexican Spanish, any other
 * language to English. The shell's strings are bundled; the screens' load per language
 * (resources.ts), and a language switch loads them before it changes a word on screen.
 */
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../domain/schema';
import { localeFor } from './format';
import { SCREEN_NAMESPACES, SHELL_NAMESPACES, SUPERVISOR_NAMESPACE, screenResources, shellResources, supervisorResources } from './resources';

type ScreenNamespace = (typeof SCREEN_NAMESPACES)[number];

async function screenStrings(lng: string, ns: string) {
  if (ns === SUPERVISOR_NAMESPACE) return supervisorResources[toLanguage(lng)]();
  const strings = await screenResources[toLanguage(lng)]();
  if (!(SCREEN_NAMESPACES as readonly string[]).includes(ns)) throw new Error(`i18n: no namespace ${ns}`);
  return strings[ns as ScreenNamespace];
}

export const LANGUAGE_STORAGE_KEY = 'traceready.language';

export async function initI18n(): Promise<typeof i18next> {
  i18next.on('languageChanged', (lng) => {
    if (typeof document !== 'undefined') document.documentElement.lang = localeFor(toLanguage(lng));
  });
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .use(resourcesToBackend(screenStrings))
    .init({
      resources: shellResources,
      partialBundledLanguages: true,
      ns: [...SHELL_NAMESPACES],
      defaultNS: 'common',
      // Both languages hold every key (test/unit/i18n.test.ts); a fallback language would only
      // fetch the other language's strings too.
      fallbackLng: false,
      supportedLngs: ['en', 'es'],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      interpolation: { escapeValue: false },
      returnNull: false,
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ['localStorage'],
        convertDetectedLanguage: (lng: string) => toLanguage(lng),
      },
    });
  return i18next;
}

const missingScreenStrings = (lng: string) => SCREEN_NAMESPACES.filter((ns) => !i18next.hasResourceBundle(lng, ns));

/** Loads the screens' strings of a language; false if they could not be fetched. */
async function screenStringsFor(lng: string): Promise<boolean> {
  // The first load also enrols the namespaces, so a language switch loads them for the new one.
  await i18next.loadNamespaces([...SCREEN_NAMESPACES]);
  const missing = missingScreenStrings(lng);
  // i18next never asks again for a namespace whose load failed once; reloadResources does.
  if (missing.length > 0) await i18next.reloadResources([lng], missing);
  return missingScreenStrings(lng).length === 0;
}

/**
 * The strings of the screens beyond the shell, for the current language. Loaded together with a
 * screen's own chunk; strings that did not arrive fail the screen like a chunk that did not.
 */
export async function loadScreenStrings(): Promise<void> {
  if (!(await screenStringsFor(i18next.language))) throw new Error(`i18n: the ${i18next.language} strings did not load`);
}

/**
 * Switches language once the screens' strings of the new one are here (when a screen already
 * uses them): a form half in each language helps no one. False, and nothing changes, if they
 * could not be fetched (no signal before the service worker had cached them).
 */
export async function switchLanguage(lng: Language): Promise<boolean> {
  const screensInUse = missingScreenStrings(i18next.language).length < SCREEN_NAMESPACES.length;
  if (screensInUse && !(await screenStringsFor(lng))) return false;
  await i18next.changeLanguage(lng);
  return true;
}

export const toLanguage = (lng: string | undefined): Language => (lng?.toLowerCase().startsWith('es') ? 'es' : 'en');

export { localeFor, formatDateTime, formatOccurredAt, formatCalendarDate, formatNumber, dateOrderFor } from './format';
