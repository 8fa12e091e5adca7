import { describe, it, expect } from 'vitest';
import * as vocab from '../../src/domain/vocab';
import { CRIME_CODES, NCIC_CLASSES, findCrimeCode } from '../../src/domain/vocab/crimes';
import {
  CALIBERS,
  COUNTRIES,
  COUNTRY_OPTIONS,
  FIREARM_ACTIONS,
  FIREARM_TYPES,
  FIREARM_TYPE_INFO,
  IMPORTERS,
  MAKERS,
  MANUFACTURERS,
  MX_STATES,
  MX_STATE_OPTIONS,
  US_STATES,
  US_STATE_OPTIONS,
  VOCABULARY_VERSION,
  findCaliber,
  findCountry,
  findMaker,
  findMxState,
  findUsState,
  searchKey,
  searchOptions,
  type Lang,
  type VocabOption,
} from '../../src/domain/vocab';
import {
  MUNICIPALITY_CATALOGUE_VERSION,
  MUNICIPALITY_COUNT,
  findMunicipality,
  municipalitiesOf,
  municipalityCatalogue,
  municipalityOptionsOf,
} from '../../src/domain/vocab/municipalities';

/** Every text that should find an option: its code, both labels and every alias. */
function namesOf(option: VocabOption): string[] {
  return [option.code, option.label.en, option.label.es, ...option.aliases];
}

describe('searchKey', () => {
  it.each([
    ['S&W', 's&w'],
    ['9 mm', '9mm'],
    ['Calibre .22', 'calibre22'],
    ['Ñ', 'n'],
    ['Michoacán de Ocampo', 'michoacandeocampo'],
    ['7.62×39', '762x39'],
    ['Sarsılmaz', 'sarsilmaz'],
    ['Ｇｌｏｃｋ', 'glock'],
    ['  ', ''],
  ])('%j -> %j', (input, expected) => {
    expect(searchKey(input)).toBe(expected);
  });
});

describe('firearm types and actions', () => {
  it('describes every type', () => {
    expect(Object.keys(FIREARM_TYPE_INFO).sort()).toEqual([...FIREARM_TYPES].sort());
  });

  it.each([
    ['pistol', 'P', 'handgun'],
    ['revolver', 'P', 'handgun'],
    ['derringer', 'P', 'handgun'],
    ['rifle', 'R', 'long_gun'],
    ['carbine', 'R', 'long_gun'],
    ['shotgun', 'S', 'long_gun'],
    ['combination', 'C', 'long_gun'],
    ['submachine_gun', 'B', 'long_gun'],
    ['machine_gun', 'M', 'long_gun'],
    ['frame_receiver', null, 'other'],
    ['silencer', 'V', 'other'],
    ['grenade_launcher', null, 'other'],
    ['other', 'Z', 'other'],
  ] as const)('%s: NCIC %s, %s', (type, ncic, group) => {
    expect(FIREARM_TYPE_INFO[type]).toEqual({ ncic, group });
  });

  it('lists the eight actions', () => {
    expect(FIREARM_ACTIONS).toEqual([
      'semi_automatic',
      'automatic',
      'bolt',
      'lever',
      'pump',
      'revolver',
      'single_shot',
      'break_open',
    ]);
  });
});

describe('calibres', () => {
  const REFERENCE_C3 = [
    '22LR', '25ACP', '32ACP', '380ACP', '9X19', '38SPL', '38SUPER', '357MAG', '40SW', '10MM', '45ACP',
    '57X28', '223REM', '556NATO', '545X39', '762X39', '762X51', '3006', '30CARB', '50BMG',
    '12GA', '16GA', '20GA', '410', 'UNKNOWN',
  ];
  const ADDED = [
    '22WMR', '17HMR', '44MAG', '44SPL', '45LC', '357SIG', '3030', '243WIN', '270WIN', '7MM08',
    '65CREEDMOOR', '300BLK', '762X54R', '9X18', '762X25', '28GA',
  ];

  it('covers every row of docs/domain-rules.md#c-3 and the common additions', () => {
    const codes = CALIBERS.map((c) => c.code);
    for (const code of [...REFERENCE_C3, ...ADDED]) expect(codes).toContain(code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps .308 under 7.62×51 rather than a separate entry', () => {
    expect(CALIBERS.some((c) => c.code === '308WIN')).toBe(false);
    expect(findCaliber('.308')?.code).toBe('762X51');
  });

  it.each([
    ['9mm', '9X19'],
    ['9 mm', '9X19'],
    ['9x19', '9X19'],
    ['9 para', '9X19'],
    ['luger', '9X19'],
    ['9 mm Luger/Parabellum', '9X19'],
    ['.22', '22LR'],
    ['22lr', '22LR'],
    ['22LR', '22LR'],
    ['calibre .22', '22LR'],
    ['5.56', '556NATO'],
    ['556', '556NATO'],
    ['7.62x39', '762X39'],
    ['762x39', '762X39'],
    ['7.62×39 mm', '762X39'],
    ['.223', '223REM'],
    ['223', '223REM'],
    ['12ga', '12GA'],
    ['12 ga', '12GA'],
    ['calibre 12', '12GA'],
    ['12 gauge', '12GA'],
    ['.410', '410'],
    ['.50', '50BMG'],
    ['50 bmg', '50BMG'],
    ['12.7x99', '50BMG'],
    ['30-30', '3030'],
    ['.38 Especial', '38SPL'],
    ['.38 Special', '38SPL'],
    ['.38 Súper', '38SUPER'],
    ['9 mm corto', '380ACP'],
    ['6.35 mm', '25ACP'],
    ['7.65 mm', '32ACP'],
    ['11.43 mm', '45ACP'],
    ['.30 M1', '30CARB'],
    ['Makarov', '9X18'],
    ['Tokarev', '762X25'],
    ['calibre 9 mm', '9X19'],
    ['cal. .223', '223REM'],
    ['Caliber .45', '45ACP'],
    ['desconocido', 'UNKNOWN'],
    ['unknown', 'UNKNOWN'],
    ['UNKNOWN', 'UNKNOWN'],
  ])('findCaliber(%j) is %s', (input, code) => {
    expect(findCaliber(input)?.code).toBe(code);
  });

  it.each([['cuerno de chivo'], ['AK-47'], ['7.62'], ['calibre'], [''], ['   '], [undefined]])('findCaliber(%j) finds nothing', (input) => {
    expect(findCaliber(input)).toBeUndefined();
  });

  it('gives each label, code and alias to one calibre only', () => {
    const owner = new Map<string, string>();
    for (const caliber of CALIBERS) {
      for (const name of namesOf(caliber)) {
        const key = searchKey(name);
        expect(key, `${caliber.code}: ${JSON.stringify(name)}`).not.toBe('');
        const previous = owner.get(key);
        expect(previous === undefined || previous === caliber.code, `${name} in ${previous} and ${caliber.code}`).toBe(
          true,
        );
        owner.set(key, caliber.code);
        expect(findCaliber(name)?.code).toBe(caliber.code);
      }
    }
  });

  it.each([
    ['9X19', true],
    ['38SUPER', true],
    ['357MAG', true],
    ['45ACP', true],
    ['223REM', true],
    ['556NATO', true],
    ['762X39', true],
    ['762X51', true],
    ['30CARB', true],
    ['50BMG', true],
    ['22LR', false],
    ['380ACP', false],
    ['38SPL', false],
    ['3006', false],
    ['3030', false],
    ['12GA', false],
    ['UNKNOWN', false],
  ])('%s military-only in Mexico: %s', (code, expected) => {
    expect(findCaliber(code)?.militaryOnlyMx ?? false).toBe(expected);
  });

  it('marks gauges and the unknown entry by kind', () => {
    for (const code of ['12GA', '16GA', '20GA', '28GA', '410']) expect(findCaliber(code)?.kind).toBe('gauge');
    expect(findCaliber('UNKNOWN')?.kind).toBe('unknown');
    expect(findCaliber('50BMG')?.kind).toBe('heavy');
    expect(findCaliber('22LR')?.kind).toBe('rimfire');
  });

  it('labels in both languages', () => {
    expect(findCaliber('38SPL')?.label).toEqual({ en: '.38 Special', es: '.38 Especial' });
    expect(findCaliber('12GA')?.label).toEqual({ en: '12 gauge', es: 'calibre 12' });
    expect(findCaliber('UNKNOWN')?.label).toEqual({ en: 'unknown', es: 'desconocido' });
    expect(findCaliber('9X19')?.label).toEqual({ en: '9 mm Luger/Parabellum', es: '9 mm Luger/Parabellum' });
  });
});

describe('makers and importers', () => {
  it('has unique UPPER_SNAKE codes', () => {
    const codes = MAKERS.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
  });

  it('maps every code, label and alias back to its own maker (no name shared by two makers)', () => {
    for (const maker of MAKERS) {
      for (const name of namesOf(maker)) {
        expect(searchKey(name), `${maker.code}: ${JSON.stringify(name)}`).not.toBe('');
        expect(findMaker(name)?.code, `${JSON.stringify(name)} of ${maker.code}`).toBe(maker.code);
      }
    }
  });

  it('uses one brand name in both languages and a real country', () => {
    for (const maker of MAKERS) {
      expect(maker.label.es).toBe(maker.label.en);
      expect(findCountry(maker.country), maker.code).toBeDefined();
      expect(maker.manufacturer || maker.importer, maker.code).toBe(true);
    }
  });

  it('includes every maker named in docs/domain-rules.md#c-4', () => {
    for (const code of [
      'COLT', 'WINCHESTER', 'SMITH_WESSON', 'REMINGTON', 'RUGER', 'BROWNING', 'BARRETT', 'BERETTA',
      'BERETTA_USA', 'GLOCK', 'BUSHMASTER', 'ROMARM', 'CENTURY_ARMS',
    ]) {
      expect(findMaker(code)?.code).toBe(code);
    }
  });

  it.each([
    ['S&W', 'SMITH_WESSON'],
    ['Smith and Wesson', 'SMITH_WESSON'],
    ['SMITH & WESSON', 'SMITH_WESSON'],
    ['Sturm Ruger', 'RUGER'],
    ['Sturm, Ruger & Co', 'RUGER'],
    ["Colt's Mfg", 'COLT'],
    ["COLT'S MANUFACTURING", 'COLT'],
    ['H&K', 'HECKLER_KOCH'],
    ['HK', 'HECKLER_KOCH'],
    ['Heckler und Koch', 'HECKLER_KOCH'],
    ['FN', 'FN_HERSTAL'],
    ['Fabrique Nationale', 'FN_HERSTAL'],
    ['CAI', 'CENTURY_ARMS'],
    ['Century Arms', 'CENTURY_ARMS'],
    ['Romarm', 'ROMARM'],
    ['Cugir', 'ROMARM'],
    ['Izhmash', 'KALASHNIKOV'],
    ['Kalashnikov', 'KALASHNIKOV'],
    ['Česká zbrojovka', 'CZ'],
    ['Ceska Zbrojovka', 'CZ'],
    ['glock', 'GLOCK'],
    ['Glock Inc.', 'GLOCK_INC'],
    ['Taurus International', 'TAURUS_USA'],
    ['European American Armory', 'EAA'],
    ['Arms Corporation of the Philippines', 'ARMSCOR'],
  ])('findMaker(%j) is %s', (input, code) => {
    expect(findMaker(input)?.code).toBe(code);
  });

  it.each([['Cuerno de chivo'], ['AK-47'], [''], [undefined]])('findMaker(%j) finds nothing', (input) => {
    expect(findMaker(input)).toBeUndefined();
  });

  it('splits manufacturers and importers, flagging companies that are both', () => {
    const importers = IMPORTERS.map((m) => m.code);
    const manufacturers = MANUFACTURERS.map((m) => m.code);
    for (const code of ['CENTURY_ARMS', 'INTERARMS', 'IO_INC', 'ZASTAVA_USA', 'SAR_USA', 'TRISTAR', 'LEGACY_SPORTS', 'EAA']) {
      expect(importers).toContain(code);
    }
    for (const code of ['BERETTA_USA', 'SIG_SAUER', 'GLOCK_INC', 'WALTHER_ARMS', 'TAURUS_USA']) {
      expect(importers).toContain(code);
      expect(manufacturers).toContain(code);
    }
    for (const code of ['COLT', 'GLOCK', 'ROMARM', 'ZASTAVA', 'NORINCO']) {
      expect(manufacturers).toContain(code);
      expect(importers).not.toContain(code);
    }
    expect(manufacturers).not.toContain('INTERARMS');
  });
});

describe('countries', () => {
  it('holds all 249 ISO 3166-1 alpha-2 codes, each once', () => {
    expect(COUNTRIES).toHaveLength(249);
    const codes = COUNTRIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(249);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
    for (const notACountry of ['EU', 'UN', 'ZZ', 'XK']) expect(findCountry(notACountry)).toBeUndefined();
  });

  it.each(['US', 'MX', 'RO', 'GE', 'AT', 'IT', 'CZ', 'BR', 'RU', 'CN', 'BG'])('%s has both names', (code) => {
    const country = findCountry(code);
    expect(country?.name.en).toBeTruthy();
    expect(country?.name.es).toBeTruthy();
    expect(country?.name.en).not.toBe(code);
  });

  it('names Mexico in Spanish with its accent and finds codes case-insensitively', () => {
    expect(findCountry('MX')?.name).toEqual({ en: 'Mexico', es: 'México' });
    expect(findCountry('mx')?.code).toBe('MX');
    expect(findCountry(undefined)).toBeUndefined();
  });

  it('gives no alias to two countries', () => {
    const owner = new Map<string, string>();
    for (const option of COUNTRY_OPTIONS) {
      for (const name of namesOf(option)) {
        const key = searchKey(name);
        const previous = owner.get(key);
        expect(previous === undefined || previous === option.code, `${name} in ${previous} and ${option.code}`).toBe(
          true,
        );
        owner.set(key, option.code);
      }
    }
  });
});

describe('Mexican federal entities', () => {
  it('lists 32 entities in INEGI order', () => {
    expect(MX_STATES).toHaveLength(32);
    expect(MX_STATES.map((s) => s.code)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it.each([
    ['05', 'Coahuila de Zaragoza', 'Coah.'],
    ['07', 'Chiapas', 'Chis.'],
    ['08', 'Chihuahua', 'Chih.'],
    ['09', 'Ciudad de México', 'CDMX'],
    ['15', 'México', 'Mex.'],
    ['32', 'Zacatecas', 'Zac.'],
  ])('%s is %s (%s)', (code, name, abbreviation) => {
    expect(findMxState(code)).toEqual({ code, name, abbreviation });
  });

  it('accepts a code without its leading zero and rejects unknown codes', () => {
    expect(findMxState('8')?.name).toBe('Chihuahua');
    expect(findMxState('33')).toBeUndefined();
    expect(findMxState(undefined)).toBeUndefined();
  });
});

describe('Mexican municipalities', () => {
  it('holds exactly 2,478 municipios of catalogue 2025-10', () => {
    expect(MUNICIPALITY_COUNT).toBe(2478);
    expect(MUNICIPALITY_CATALOGUE_VERSION).toBe('2025-10');
    expect(municipalityCatalogue.version).toBe('2025-10');
    const all = MX_STATES.flatMap((s) => municipalitiesOf(s.code));
    expect(all).toHaveLength(2478);
  });

  it('gives every municipio a unique 5-digit code that starts with its state code', () => {
    const seen = new Set<string>();
    for (const state of MX_STATES) {
      const list = municipalitiesOf(state.code);
      expect(list.length, state.name).toBeGreaterThan(0);
      for (const m of list) {
        expect(m.code).toMatch(/^\d{5}$/);
        expect(m.stateCode).toBe(state.code);
        expect(m.code.startsWith(state.code)).toBe(true);
        expect(seen.has(m.code)).toBe(false);
        seen.add(m.code);
      }
      const codes = list.map((m) => m.code);
      expect(codes).toEqual([...codes].sort());
    }
  });

  it('finds Juárez, Chihuahua by 08037', () => {
    expect(findMunicipality('08037')).toEqual({ code: '08037', stateCode: '08', name: 'Juárez' });
    expect(municipalityCatalogue.find('08037')?.name).toBe('Juárez');
    expect(municipalityCatalogue.of('08')).toBe(municipalitiesOf('08'));
  });

  it('answers unknown codes with nothing', () => {
    expect(findMunicipality('08999')).toBeUndefined();
    expect(findMunicipality(undefined)).toBeUndefined();
    expect(municipalitiesOf('99')).toEqual([]);
  });

  it('shapes a state’s municipios for search', () => {
    const found = searchOptions(municipalityOptionsOf('08'), 'juarez', 'es');
    expect(found[0]?.code).toBe('08037');
  });
});

describe('US states and territories', () => {
  it('lists 50 states, DC and 5 territories once each', () => {
    expect(US_STATES).toHaveLength(56);
    expect(new Set(US_STATES.map((s) => s.code)).size).toBe(56);
    for (const code of ['DC', 'PR', 'GU', 'VI', 'AS', 'MP']) expect(findUsState(code)).toBeDefined();
  });

  it.each([
    ['NM', 'New Mexico', 'Nuevo México'],
    ['NC', 'North Carolina', 'Carolina del Norte'],
    ['LA', 'Louisiana', 'Luisiana'],
    ['MO', 'Missouri', 'Misuri'],
    ['PA', 'Pennsylvania', 'Pensilvania'],
    ['TX', 'Texas', 'Texas'],
    ['AZ', 'Arizona', 'Arizona'],
    ['DC', 'District of Columbia', 'Distrito de Columbia'],
    ['PR', 'Puerto Rico', 'Puerto Rico'],
  ])('%s is %s / %s', (code, en, es) => {
    expect(findUsState(code.toLowerCase())?.name).toEqual({ en, es });
  });
});

describe('searchOptions', () => {
  it.each<[string, readonly VocabOption[], string, Lang, string]>([
    ['calibres', CALIBERS, '9mm', 'en', '9X19'],
    ['calibres', CALIBERS, '9 mm', 'es', '9X19'],
    ['calibres', CALIBERS, 'calibre 12', 'es', '12GA'],
    ['calibres', CALIBERS, 'especial', 'es', '38SPL'],
    ['calibres', CALIBERS, 'desconocido', 'es', 'UNKNOWN'],
    ['calibres', CALIBERS, 'desconocido', 'en', 'UNKNOWN'],
    ['calibres', CALIBERS, '.223', 'en', '223REM'],
    ['calibres', CALIBERS, '5.56', 'en', '556NATO'],
    ['makers', MAKERS, 'S&W', 'en', 'SMITH_WESSON'],
    ['makers', MAKERS, 'smith', 'en', 'SMITH_WESSON'],
    ['makers', MAKERS, 'wesson', 'es', 'SMITH_WESSON'],
    ['makers', MAKERS, 'ruger', 'es', 'RUGER'],
    ['makers', MAKERS, 'cugir', 'en', 'ROMARM'],
    ['countries', COUNTRY_OPTIONS, 'Mexico', 'en', 'MX'],
    ['countries', COUNTRY_OPTIONS, 'méxico', 'es', 'MX'],
    ['countries', COUNTRY_OPTIONS, 'mex', 'en', 'MX'],
    ['countries', COUNTRY_OPTIONS, 'estados unidos', 'en', 'US'],
    ['countries', COUNTRY_OPTIONS, 'EUA', 'es', 'US'],
    ['countries', COUNTRY_OPTIONS, 'república checa', 'es', 'CZ'],
    ['countries', COUNTRY_OPTIONS, 'rumania', 'es', 'RO'],
    ['states', MX_STATE_OPTIONS, 'chih', 'es', '08'],
    ['states', MX_STATE_OPTIONS, 'CDMX', 'es', '09'],
    ['states', MX_STATE_OPTIONS, 'michoacan', 'en', '16'],
    ['US states', US_STATE_OPTIONS, 'nuevo mexico', 'en', 'NM'],
    ['US states', US_STATE_OPTIONS, 'tx', 'es', 'TX'],
  ])('%s: %j (%s) ranks %s first', (_list, options, query, lang, code) => {
    expect(searchOptions(options, query, lang)[0]?.code).toBe(code);
  });

  it('finds calibres by Spanish words inside the label', () => {
    const codes = searchOptions(CALIBERS, 'especial', 'es').map((c) => c.code);
    expect(codes).toContain('38SPL');
    expect(codes).toContain('44SPL');
  });

  it.each<[readonly VocabOption[], string]>([
    [CALIBERS, 'cuerno'],
    [CALIBERS, 'cuerno de chivo'],
    [MAKERS, 'zzz'],
  ])('finds nothing for %#', (options, query) => {
    expect(searchOptions(options, query, 'es')).toEqual([]);
  });

  it('returns the head of the list for an empty query', () => {
    expect(searchOptions(CALIBERS, '', 'en')).toEqual(CALIBERS.slice(0, 20));
    expect(searchOptions(MAKERS, '  ', 'es', 5)).toEqual(MAKERS.slice(0, 5));
  });

  it('ranks exact before prefix before substring and keeps list order on ties', () => {
    const options: VocabOption[] = [
      { code: 'A', label: { en: 'Xabc', es: 'Xabc' }, aliases: [] },
      { code: 'B', label: { en: 'abcd', es: 'abcd' }, aliases: [] },
      { code: 'C', label: { en: 'abc', es: 'abc' }, aliases: [] },
      { code: 'D', label: { en: 'abcde', es: 'abcde' }, aliases: [] },
    ];
    expect(searchOptions(options, 'abc', 'en').map((o) => o.code)).toEqual(['C', 'B', 'D', 'A']);
    expect(searchOptions(options, 'abc', 'en', 2).map((o) => o.code)).toEqual(['C', 'B']);
  });

  it('prefers the label in the interface language over the other one', () => {
    const options: VocabOption[] = [
      { code: 'EN', label: { en: 'ola', es: 'zzz' }, aliases: [] },
      { code: 'ES', label: { en: 'zzz', es: 'ola' }, aliases: [] },
    ];
    expect(searchOptions(options, 'ol', 'es').map((o) => o.code)).toEqual(['ES', 'EN']);
    expect(searchOptions(options, 'ol', 'en').map((o) => o.code)).toEqual(['EN', 'ES']);
  });
});

describe('crime codes (c.8)', () => {
  it('each code is unique and maps onto an NCIC class the request can name', () => {
    const codes = CRIME_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(CRIME_CODES.filter((c) => !NCIC_CLASSES[c.ncic] || !/^\d{4}$/.test(c.ncic))).toEqual([]);
  });

  it('the LFAFE gun delitos are weapon offences, the introducción clandestina smuggling', () => {
    expect(findCrimeCode('MX_PORTACION_EXCLUSIVO')?.ncic).toBe('5299');
    expect(findCrimeCode('MX_ACOPIO')?.ncic).toBe('5299');
    expect(findCrimeCode('MX_INTRODUCCION_CLANDESTINA')?.ncic).toBe('5899');
  });

  it('free text typed before the list is no entry', () => {
    expect(findCrimeCode('5212')).toBeUndefined();
    expect(findCrimeCode(undefined)).toBeUndefined();
  });
});

describe('vocab index', () => {
  it('carries the vocabulary version', () => {
    expect(VOCABULARY_VERSION).toBe('2026.12.2');
  });

  it('leaves the municipio catalogue out so it can load lazily', () => {
    expect('municipalityCatalogue' in vocab).toBe(false);
    expect('findMunicipality' in vocab).toBe(false);
  });
});
