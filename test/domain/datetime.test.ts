/**
 * Dates and times as officers type them: day/month/year in Mexico, month/day/year in the US,
 * 24-hour clock on both sides; stored as ISO 8601 with the scene's UTC offset.
 */
import { describe, it, expect } from 'vitest';
import {
  formatDateText,
  formatDateTimeText,
  formatTimeText,
  localPartsOfIso,
  parseDateText,
  parseDateTimeText,
  parseTimeText,
  toIsoWithOffset,
  type DateOrder,
  type LocalDateTime,
} from '../../src/domain/datetime';

describe('parseDateText', () => {
  it.each<[string, DateOrder, { year: number; month: number; day: number }]>([
    ['28/11/2026', 'dmy', { year: 2026, month: 11, day: 28 }],
    ['11/28/2026', 'mdy', { year: 2026, month: 11, day: 28 }],
    ['7/5/2023', 'dmy', { year: 2023, month: 5, day: 7 }], // RAE style, no leading zeros
    ['7/5/2023', 'mdy', { year: 2023, month: 7, day: 5 }],
    ['07-05-2023', 'dmy', { year: 2023, month: 5, day: 7 }],
    ['07.05.2023', 'dmy', { year: 2023, month: 5, day: 7 }],
    ['  28/11/2026  ', 'dmy', { year: 2026, month: 11, day: 28 }],
    ['29/02/2028', 'dmy', { year: 2028, month: 2, day: 29 }], // leap year
    ['02/29/2028', 'mdy', { year: 2028, month: 2, day: 29 }],
    ['29/02/2000', 'dmy', { year: 2000, month: 2, day: 29 }], // divisible by 400
    ['31/12/2026', 'dmy', { year: 2026, month: 12, day: 31 }],
    ['01/01/1900', 'dmy', { year: 1900, month: 1, day: 1 }],
  ])('%j (%s)', (text, order, expected) => {
    expect(parseDateText(text, order)).toEqual(expected);
  });

  it.each<[string, DateOrder]>([
    ['31/02/2026', 'dmy'],
    ['30/02/2028', 'dmy'],
    ['29/02/2027', 'dmy'], // not a leap year
    ['02/29/2027', 'mdy'],
    ['29/02/2100', 'dmy'], // divisible by 100, not by 400
    ['31/04/2026', 'dmy'],
    ['28/11/2026', 'mdy'], // month 28
    ['11/28/2026', 'dmy'],
    ['00/11/2026', 'dmy'],
    ['28/00/2026', 'dmy'],
    ['28/11/26', 'dmy'], // two-digit years are refused
    ['28/11/1899', 'dmy'],
    ['2026-11-28', 'dmy'], // ISO is not typed text
    ['28 nov 2026', 'dmy'],
    ['28/11', 'dmy'],
    ['', 'dmy'],
  ])('%j (%s) is not a date', (text, order) => {
    expect(parseDateText(text, order)).toBeUndefined();
  });
});

describe('parseTimeText', () => {
  it.each([
    ['14:30', { hour: 14, minute: 30 }],
    ['1430', { hour: 14, minute: 30 }],
    ['14.30', { hour: 14, minute: 30 }],
    ['14h30', { hour: 14, minute: 30 }],
    ['9:05', { hour: 9, minute: 5 }],
    ['09:05', { hour: 9, minute: 5 }],
    ['905', { hour: 9, minute: 5 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    [' 7:45 ', { hour: 7, minute: 45 }],
  ])('%j', (text, expected) => {
    expect(parseTimeText(text)).toEqual(expected);
  });

  it.each(['24:00', '25:10', '14:60', '14:3', '2:30 pm', '14:30:15', '14', 'mediodía', ''])('%j is not a time', (text) => {
    expect(parseTimeText(text)).toBeUndefined();
  });
});

describe('parseDateTimeText', () => {
  it.each<[string, DateOrder, LocalDateTime]>([
    ['28/11/2026 14:30', 'dmy', { year: 2026, month: 11, day: 28, hour: 14, minute: 30 }],
    ['11/28/2026 14:30', 'mdy', { year: 2026, month: 11, day: 28, hour: 14, minute: 30 }],
    ['28/11/2026, 9:05', 'dmy', { year: 2026, month: 11, day: 28, hour: 9, minute: 5 }],
    ['28/11/2026,0905', 'dmy', { year: 2026, month: 11, day: 28, hour: 9, minute: 5 }],
    ['  29/02/2028   23:59 ', 'dmy', { year: 2028, month: 2, day: 29, hour: 23, minute: 59 }],
  ])('%j (%s)', (text, order, expected) => {
    expect(parseDateTimeText(text, order)).toEqual(expected);
  });

  it.each<[string, DateOrder]>([
    ['28/11/2026', 'dmy'], // no time
    ['28/11/2026 24:00', 'dmy'],
    ['31/02/2026 10:00', 'dmy'],
    ['28/11/2026 14:30', 'mdy'],
    ['14:30 28/11/2026', 'dmy'],
    ['28/11/2026 14:30 h extra', 'dmy'],
  ])('%j (%s) is refused', (text, order) => {
    expect(parseDateTimeText(text, order)).toBeUndefined();
  });
});

describe('formatting', () => {
  const parts: LocalDateTime = { year: 2026, month: 3, day: 7, hour: 9, minute: 5 };

  it('pads to dd/mm/aaaa or mm/dd/yyyy and HH:MM', () => {
    expect(formatDateText(parts, 'dmy')).toBe('07/03/2026');
    expect(formatDateText(parts, 'mdy')).toBe('03/07/2026');
    expect(formatTimeText(parts)).toBe('09:05');
    expect(formatDateTimeText(parts, 'dmy')).toBe('07/03/2026 09:05');
    expect(formatDateTimeText(parts, 'mdy')).toBe('03/07/2026 09:05');
  });

  it.each<[LocalDateTime, DateOrder]>([
    [{ year: 2026, month: 11, day: 28, hour: 14, minute: 30 }, 'dmy'],
    [{ year: 2026, month: 11, day: 28, hour: 14, minute: 30 }, 'mdy'],
    [{ year: 2028, month: 2, day: 29, hour: 0, minute: 0 }, 'dmy'],
    [{ year: 1999, month: 12, day: 31, hour: 23, minute: 59 }, 'mdy'],
    [{ year: 2026, month: 1, day: 2, hour: 3, minute: 4 }, 'dmy'],
  ])('round trip %j (%s)', (value, order) => {
    expect(parseDateText(formatDateText(value, order), order)).toEqual({ year: value.year, month: value.month, day: value.day });
    expect(parseTimeText(formatTimeText(value))).toEqual({ hour: value.hour, minute: value.minute });
    expect(parseDateTimeText(formatDateTimeText(value, order), order)).toEqual(value);
  });
});

describe('toIsoWithOffset and localPartsOfIso', () => {
  const parts: LocalDateTime = { year: 2026, month: 11, day: 28, hour: 14, minute: 30 };

  it.each([
    [-360, '2026-11-28T14:30:00-06:00'], // Mexico City
    [-420, '2026-11-28T14:30:00-07:00'], // Hermosillo, Phoenix
    [-480, '2026-11-28T14:30:00-08:00'], // Tijuana (winter)
    [0, '2026-11-28T14:30:00+00:00'],
    [60, '2026-11-28T14:30:00+01:00'],
    [330, '2026-11-28T14:30:00+05:30'],
    [-570, '2026-11-28T14:30:00-09:30'],
    [-30, '2026-11-28T14:30:00-00:30'],
    [345, '2026-11-28T14:30:00+05:45'],
  ])('offset %i -> %s', (offset, iso) => {
    expect(toIsoWithOffset(parts, offset)).toBe(iso);
  });

  it('the ISO string names the same instant as the local time at that offset', () => {
    expect(new Date(toIsoWithOffset(parts, -360)).toISOString()).toBe('2026-11-28T20:30:00.000Z');
    expect(new Date(toIsoWithOffset(parts, 330)).toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });

  it('pads small values', () => {
    expect(toIsoWithOffset({ year: 2026, month: 1, day: 2, hour: 3, minute: 4 }, -360)).toBe('2026-01-02T03:04:00-06:00');
  });

  it.each([
    ['2026-11-28T14:30:00-06:00', { year: 2026, month: 11, day: 28, hour: 14, minute: 30 }],
    ['2026-11-28T14:30:00Z', { year: 2026, month: 11, day: 28, hour: 14, minute: 30 }],
    ['2026-11-28T23:59:59.999+05:30', { year: 2026, month: 11, day: 28, hour: 23, minute: 59 }],
  ])('localPartsOfIso(%s) keeps the wall-clock time written there', (iso, expected) => {
    expect(localPartsOfIso(iso)).toEqual(expected);
  });

  it.each(['', '28/11/2026 14:30', '2026-11-28', 'T14:30'])('localPartsOfIso(%j) is undefined', (iso) => {
    expect(localPartsOfIso(iso)).toBeUndefined();
  });

  it.each([-360, -420, 0, 330])('round trip through offset %i', (offset) => {
    expect(localPartsOfIso(toIsoWithOffset(parts, offset))).toEqual(parts);
  });
});
