/**
 * Dates and numbers in the officer's language: es-MX writes 28/11/2026 14:30, en-US writes
 * 11/28/2026 14:30. Both show a 24-hour clock, as the form asks for it.
 */
import { formatDateText, formatTimeText, localPartsOfIso, type DateOrder } from '../domain/datetime';
import type { Language } from '../domain/schema';

export const localeFor = (lang: Language): string => (lang === 'es' ? 'es-MX' : 'en-US');
export const dateOrderFor = (lang: Language): DateOrder => (lang === 'es' ? 'dmy' : 'mdy');

/** An instant (createdAt, savedAt) shown in the device's time zone. */
export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeFor(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** The time of a seizure as it was at the scene: the wall-clock time written in the record. */
export function formatOccurredAt(iso: string | undefined, lang: Language): string {
  const parts = iso ? localPartsOfIso(iso) : undefined;
  if (!parts) return '';
  return `${formatDateText(parts, dateOrderFor(lang))} ${formatTimeText(parts)}`;
}

/** A calendar date (YYYY-MM-DD: a date of birth, a trace's request date) with no time, so no time zone shifts it. */
export function formatCalendarDate(day: string, lang: Language): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(localeFor(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export const formatNumber = (value: number, lang: Language): string => new Intl.NumberFormat(localeFor(lang)).format(value);
