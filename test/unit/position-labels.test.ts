/**
 * Where a record's fields are named one by one (the conflict screen, the record's history), each
 * place field of the recovery has a label of its own in both languages, the position's included,
 * and the position's values read as words, not codes.
 */
import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/locales/en/seizure.json';
import es from '../../src/i18n/locales/es/seizure.json';
import { fieldLabel } from '../../src/features/seizures/components/issue-field-label';
import { leaves, valueInWords } from '../../src/features/seizures/components/record-values';
import { validSeizure } from '../domain/fixtures';

/** A translate function over one language's `seizure` strings that says when a key is missing. */
const translator = (strings: Record<string, unknown>) => (key: string) => {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], strings);
  return typeof found === 'string' ? found : `MISSING ${key}`;
};

const base = validSeizure();
const record = { ...base, recovery: { ...base.recovery, geo: { lat: 31.34, lon: -110.96, accuracyM: 12, fixedAt: '2026-11-28T10:02:00.000Z' }, geoMissing: 'no_fix' as const } };
const recoveryPaths = [...leaves(record).keys()].filter((path) => path.startsWith('recovery.'));

describe('the recovery fields named one by one', () => {
  it.each([
    ['en', en],
    ['es', es],
  ] as const)('have a label each in %s', (_lang, strings) => {
    expect(recoveryPaths).toEqual(expect.arrayContaining(['recovery.geo.lat', 'recovery.geo.fixedAt', 'recovery.geoMissing']));
    expect(recoveryPaths.map((path) => fieldLabel(path, translator(strings))).filter((label) => label.startsWith('MISSING'))).toEqual([]);
    expect(fieldLabel('recovery.geo.fixedAt', translator(strings))).not.toBe(fieldLabel('recovery.geoMissing', translator(strings)));
  });

  it('say the fix time as a date and the reason in words', () => {
    const t = (key: string, options?: Record<string, unknown>) => (key === 'vocab:geoMissing.no_fix' ? 'Indoors / no GPS fix' : String(options?.defaultValue ?? key));
    expect(valueInWords('recovery.geoMissing', 'no_fix', record, 'en', t)).toBe('Indoors / no GPS fix');
    expect(valueInWords('recovery.geo.fixedAt', '2026-11-28T10:02:00.000Z', record, 'en', t)).toMatch(/^11\/28\/2026, \d\d:02$/);
  });
});
