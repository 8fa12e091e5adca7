/**
 * Both languages are bundled: the app must switch language with no network, and the two
 * resource sets are small. English is the reference set for typed keys; the parity test keeps
 * Spanish identical in keys.
 */
import enCommon from './locales/en/common.json';
import enIssues from './locales/en/issues.json';
import enSeizure from './locales/en/seizure.json';
import enStorage from './locales/en/storage.json';
import enVocab from './locales/en/vocab.json';
import esCommon from './locales/es/common.json';
import esIssues from './locales/es/issues.json';
import esSeizure from './locales/es/seizure.json';
import esStorage from './locales/es/storage.json';
import esVocab from './locales/es/vocab.json';

export const NAMESPACES = ['common', 'seizure', 'issues', 'vocab', 'storage'] as const;

export const resources = {
  en: { common: enCommon, seizure: enSeizure, issues: enIssues, vocab: enVocab, storage: enStorage },
  es: { common: esCommon, seizure: esSeizure, issues: esIssues, vocab: esVocab, storage: esStorage },
} as const;
