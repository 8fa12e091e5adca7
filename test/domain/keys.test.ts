/**
 * Search and duplicate keys: what the device indexes to find a seizure by serial or case
 * number, and to warn about the same gun entered twice.
 */
import { describe, it, expect } from 'vitest';
import { caseNumberKey, makerKey, makerSerialKey, seizureKeys, serialKey } from '../../src/domain/keys';
import { IDS, romanianRifle, usPistol, validSeizure, validSpanishSeizure } from './fixtures';

describe('caseNumberKey', () => {
  it.each([
    ['ATF-2026-00417', 'ATF-2026-00417'],
    ['atf-2026-00417', 'ATF-2026-00417'],
    [' FED/SON/HMO/0001234/2026 ', 'FED/SON/HMO/0001234/2026'],
    ['CI 2026 000123', 'CI2026000123'],
    ['ｃｉ－１２３', 'CI-123'], // full-width
    ['', ''],
    [undefined, ''],
  ])('%j -> %j', (raw, key) => {
    expect(caseNumberKey(raw)).toBe(key);
  });
});

describe('serialKey', () => {
  it.each([
    ['FXK7439', 'FXK7439'],
    ['fxk-7439', 'FXK7439'],
    ['fxk – 7439', 'FXK7439'],
    ['ＦＸＫ７４３９', 'FXK7439'],
    ['KRO7439', 'KR07439'], // letter O read as zero
    ['KR07439', 'KR07439'],
    ['00123', '00123'],
    ['  ', ''],
    [undefined, ''],
  ])('%j -> %j', (raw, key) => {
    expect(serialKey(raw)).toBe(key);
  });
});

describe('makerKey', () => {
  it.each([
    ['S&W', 'SMITH_WESSON'],
    ['Smith and Wesson', 'SMITH_WESSON'],
    ['smith & wesson', 'SMITH_WESSON'],
    ['SMITH_WESSON', 'SMITH_WESSON'],
    ['Sturm, Ruger & Co.', 'RUGER'],
    ['Cugir', 'ROMARM'],
    ['Romarm (Cugir)', 'ROMARM'],
    ['CAI', 'CENTURY_ARMS'],
    ['Armería del Norte', 'ARMERIADELNORTE'], // not in the catalogue: folded text
    ['', ''],
    [undefined, ''],
  ])('%j -> %j', (raw, key) => {
    expect(makerKey(raw)).toBe(key);
  });

  it('aliases of one maker give one key; different makers do not', () => {
    expect(makerKey('S&W')).toBe(makerKey('Smith and Wesson'));
    expect(makerKey('Glock')).not.toBe(makerKey('Glock Inc.'));
  });
});

describe('makerSerialKey', () => {
  it.each([
    ['S&W', 'fxk-7439', 'SMITH_WESSON|FXK7439'],
    ['Smith and Wesson', 'FXK 7439', 'SMITH_WESSON|FXK7439'],
    ['Cugir', 'ah7439-97', 'ROMARM|AH743997'],
    [undefined, 'FXK7439', '|FXK7439'],
    ['Colt', undefined, 'COLT|'],
  ])('%j + %j -> %j', (maker, serial, key) => {
    expect(makerSerialKey(maker, serial)).toBe(key);
  });

  it('the same gun typed two ways gives the same key', () => {
    expect(makerSerialKey('S&W', 'kro-7439')).toBe(makerSerialKey('Smith and Wesson', 'KR0 7439'));
  });
});

describe('seizureKeys', () => {
  it('a one-gun seizure', () => {
    expect(seizureKeys(validSeizure())).toEqual({
      caseKey: 'ATF-2026-00417',
      serialKeys: ['FXK7439'],
      makerSerialKeys: ['SMITH_WESSON|FXK7439'],
    });
  });

  it('the Spanish seizure', () => {
    expect(seizureKeys(validSpanishSeizure())).toEqual({
      caseKey: 'FED/SON/HMO/0001234/2026',
      serialKeys: ['AH743997', 'KR47391'],
      makerSerialKeys: ['ROMARM|AH743997', 'COLT|KR47391'],
    });
  });

  it('deduplicates, keeps the first-seen order and skips empty serials', () => {
    const record = validSeizure({
      agency: { code: 'ATF', caseNumber: undefined, officer: {} },
      firearms: [
        usPistol({ serialNumber: 'FXK-7439' }),
        usPistol({ id: IDS.firearm2, itemNumber: 2, manufacturer: 'S&W', serialNumber: 'fxk7439' }),
        usPistol({ id: IDS.firearm3, itemNumber: 3, manufacturer: 'Colt', serialNumber: 'FXK 7439' }),
        usPistol({ id: IDS.firearm4, itemNumber: 4, serialNumber: '   ', serialStatus: 'obliterated' }),
        { ...romanianRifle({ serialNumber: undefined, serialStatus: 'none_marked' }), itemNumber: 5 },
      ],
    });
    expect(seizureKeys(record)).toEqual({
      caseKey: '',
      serialKeys: ['FXK7439'],
      makerSerialKeys: ['SMITH_WESSON|FXK7439', 'COLT|FXK7439'],
    });
  });

  it('a seizure with no serial at all has no serial keys', () => {
    const record = validSeizure({ firearms: [usPistol({ serialNumber: undefined, serialStatus: 'obliterated' })] });
    expect(seizureKeys(record)).toEqual({ caseKey: 'ATF-2026-00417', serialKeys: [], makerSerialKeys: [] });
  });
});
