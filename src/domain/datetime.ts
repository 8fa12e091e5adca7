/**
 * Date and time as officers type them. Spanish (Mexico) writes day/month/year and English (US)
 * month/day/year; both use a 24-hour clock here because field reports do. Stored values are
 * ISO 8601 with the UTC offset of the place and moment of the seizure, so a record read on
 * another device still says the local time at the scene.
 */
export type DateOrder = 'dmy' | 'mdy';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** "28/11/2026" (dmy) or "11/28/2026" (mdy); "-" and "." also separate. Four-digit years only. */
export function parseDateText(text: string, order: DateOrder): Pick<LocalDateTime, 'year' | 'month' | 'day'> | undefined {
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const [first, second, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [day, month] = order === 'dmy' ? [first, second] : [second, first];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

/** "14:30", "14.30" or "1430", 24-hour clock. */
export function parseTimeText(text: string): Pick<LocalDateTime, 'hour' | 'minute'> | undefined {
  const match = /^\s*(\d{1,2})[:.h]?(\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

export function formatDateText(parts: Pick<LocalDateTime, 'year' | 'month' | 'day'>, order: DateOrder): string {
  const [a, b] = order === 'dmy' ? [parts.day, parts.month] : [parts.month, parts.day];
  return `${pad(a)}/${pad(b)}/${parts.year}`;
}

export const formatTimeText = (parts: Pick<LocalDateTime, 'hour' | 'minute'>): string => `${pad(parts.hour)}:${pad(parts.minute)}`;

/** offsetMinutes east of UTC: Mexico City is -360. */
export function toIsoWithOffset(parts: LocalDateTime, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const date = `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
  return `${date}T${pad(parts.hour)}:${pad(parts.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The local wall-clock time written in an ISO string, without moving it to another zone. */
export function localPartsOfIso(iso: string): LocalDateTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return { year, month, day, hour, minute };
}

/** "28/11/2026 14:30" (dmy) or "11/28/2026 14:30" (mdy); a comma may separate date and time. */
export function parseDateTimeText(text: string, order: DateOrder): LocalDateTime | undefined {
  const match = /^\s*(\S+?)[\s,]+(\S+)\s*$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const date = parseDateText(match[1], order);
  const time = parseTimeText(match[2]);
  return date && time ? { ...date, ...time } : undefined;
}

export const formatDateTimeText = (parts: LocalDateTime, order: DateOrder): string =>
  `${formatDateText(parts, order)} ${formatTimeText(parts)}`;
