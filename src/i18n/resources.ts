/**
 * The strings, in two parts. The shell's (common, storage: the header, sign-in, PIN and list
 * screens, storage errors) are bundled with the first screen in both languages, so the first
 * paint never waits for a second request and the switch works with no network. The screens'
 * (seizure, issues, vocab, location, trace, photos) are one chunk per language (locales/<lng>/screens.ts), loaded for the
 * officer's language with the first screen that needs them; the service worker precaches both.
 * The supervisor's strings are a chunk of their own per language, loaded only by the supervisor's
 * screens (an officer never downloads them).
 * English is the reference set for typed keys; the parity test keeps Spanish identical in keys.
 */
import enClock from './locales/en/clock.json';
import enCommon from './locales/en/common.json';
import enEvidence from './locales/en/evidence.json';
import enStorage from './locales/en/storage.json';
import esClock from './locales/es/clock.json';
import esCommon from './locales/es/common.json';
import esEvidence from './locales/es/evidence.json';
import esStorage from './locales/es/storage.json';
import type * as EnScreens from './locales/en/screens';
import type EnSupervisor from './locales/en/supervisor.json';

// evidence: bag codes and scanning, on the list screen (find by bag code) as well as a record's.
// clock: the header's warning of a phone clock off the server's (domain/clock-skew.ts).
export const SHELL_NAMESPACES = ['common', 'storage', 'evidence', 'clock'] as const;
export const SCREEN_NAMESPACES = ['seizure', 'issues', 'vocab', 'location', 'trace', 'photos'] as const;
export const SUPERVISOR_NAMESPACE = 'supervisor';
export const NAMESPACES = [...SHELL_NAMESPACES, ...SCREEN_NAMESPACES, SUPERVISOR_NAMESPACE] as const;

export const shellResources = {
  en: { common: enCommon, storage: enStorage, evidence: enEvidence, clock: enClock },
  es: { common: esCommon, storage: esStorage, evidence: esEvidence, clock: esClock },
} as const;

export type Resources = (typeof shellResources)['en'] & typeof EnScreens & { supervisor: typeof EnSupervisor };

export const screenResources = {
  en: () => import('./locales/en/screens'),
  es: () => import('./locales/es/screens'),
} as const;

export const supervisorResources = {
  en: () => import('./locales/en/supervisor.json').then((m) => m.default),
  es: () => import('./locales/es/supervisor.json').then((m) => m.default),
} as const;
