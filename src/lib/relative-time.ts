import type { Language } from '../domain/schema';
import { localeFor } from '../i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * "hace 2 horas" / "2 hours ago": how long a record has waited, in the officer's language;
 * undefined under a minute, which Intl would call "this minute" ("este minuto"), a phrase
 * nobody uses for something saved a moment ago: the caller says "less than a minute ago".
 */
export function timeAgo(iso: string, lang: Language, now = Date.now()): string | undefined {
  const elapsed = now - Date.parse(iso);
  const format = new Intl.RelativeTimeFormat(localeFor(lang), { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return undefined;
}
