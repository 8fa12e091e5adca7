/**
 * checkSerial (docs/domain-rules.md): every code it can emit, with serials typed the way officers on
 * both sides of the border type them, and the normalisation / match key it derives.
 */
import { describe, it, expect } from 'vitest';
import type { Issue } from '../../src/domain/issues';
import {
  checkSerial,
  normalizeSerial,
  serialMatchKey,
  SERIAL_MAX_LENGTH,
  type SerialContext,
  type SerialStatus,
} from '../../src/domain/serial';
import { codesOf, issueWith, sortIssues } from './fixtures';

const legible: SerialContext = { serialStatus: 'legible', serialLocation: 'frame' };
const run = (serial: string | undefined, context: SerialContext = legible) => checkSerial(serial, context);
const at = (code: Issue['code'], severity: Issue['severity'], params?: Issue['params'], path = 'serialNumber'): Issue =>
  params ? { path, code, severity, params } : { path, code, severity };

describe('normalisation (N1-N3) and match key', () => {
  it.each([
    // raw, normalized, matchKey
    ['abc123', 'ABC123', 'ABC123'],
    ['  fx k 74 39  ', 'FXK7439', 'FXK7439'],
    ['fx\tk\u00a07439', 'FXK7439', 'FXK7439'],
    ['１２３４５ＡＢ', '12345AB', '12345AB'], // full-width phone keyboard
    ['ｆｘｋ－７４３９', 'FXK-7439', 'FXK7439'], // full-width hyphen too
    ['ab–1234', 'AB-1234', 'AB1234'], // en dash
    ['AB—1234', 'AB-1234', 'AB1234'], // em dash
    ['AB−1234', 'AB-1234', 'AB1234'], // minus sign
    ['AB - 12 - 34', 'AB-12-34', 'AB1234'],
    ['o12-345', 'O12-345', '012345'], // letter O read as zero, only in the key
    ['COLO-7439', 'COLO-7439', 'C0L07439'],
    ['00123', '00123', '00123'], // never coerced to a number (N3)
    ['', '', ''],
    ['   ', '', ''],
  ])('%j -> normalized %j, matchKey %j', (raw, normalized, matchKey) => {
    const result = checkSerial(raw);
    expect(result.normalized).toBe(normalized);
    expect(result.matchKey).toBe(matchKey);
    expect(normalizeSerial(raw)).toBe(normalized);
    expect(serialMatchKey(normalized)).toBe(matchKey);
  });

  it('treats an undefined serial as empty', () => {
    expect(checkSerial(undefined)).toEqual({ normalized: '', matchKey: '', issues: [] });
  });

  it('keeps hyphens in the normalized serial but not in the key', () => {
    const result = run('12-ab-34');
    expect(result.normalized).toBe('12-AB-34');
    expect(result.matchKey).toBe('12AB34');
  });
});

describe('clean serials', () => {
  it.each([
    ['FXK7439'],
    ['fxk 7439'],
    ['AH7439-97'],
    ['KR47391'],
    ['749'], // three characters is still a usual length
    ['74397439743974397439'], // twenty characters is still a usual length
    ['J369257'], // prefix letters are part of the serial, not embedded
    ['369257J'],
  ])('%j raises no issue', (serial) => {
    expect(run(serial).issues).toEqual([]);
  });

  it('BXKL123 only asks about B and L (letter or digit?)', () => {
    expect(run('BXKL123').issues).toEqual([
      at('serial.ambiguousCharacters', 'warning', { positions: '1, 4', characters: 'B L', list: 'B (1), L (4)' }),
    ]);
  });

  it('a short numeric serial is accepted, but a plain count-up is flagged as trivial', () => {
    expect(run('7439').issues).toEqual([]);
    expect(run('1234').issues).toEqual([at('serial.trivialPattern', 'warning')]);
  });
});

describe('serial.required (S-H1)', () => {
  it.each<[string, SerialStatus]>([
    ['', 'legible'],
    ['', 'partial'],
    ['   ', 'legible'],
    ['\u3000', 'partial'], // ideographic space
  ])('%j with status %s', (serial, serialStatus) => {
    expect(run(serial, { serialStatus }).issues).toEqual([at('serial.required', 'error')]);
  });

  it.each<[SerialContext]>([
    [{ serialStatus: 'obliterated' }],
    [{ serialStatus: 'none_marked', noneMarkedReason: 'pre_1968' }],
    [{}], // no status yet: the seizure check asks for the status instead
  ])('not when the status says there is nothing to read: %j', (context) => {
    expect(run('', context).issues).toEqual([]);
  });
});

describe('serial.placeholder (S-H2)', () => {
  const english = ['N/A', 'n/a', 'NA', 'N.A.', 'NONE', 'none', 'No', 'UNKNOWN', 'Unknown', 'UNK', 'OBLITERATED', 'oblit.', 'ILLEGIBLE', 'S/N', 's/n', 'SN', '?', '???', 'X', 'xxx', '0', '000000', '０００', '00-00', '-', '—', '/', 'NO SERIAL', 'N/D'];
  const spanish = ['SIN NÚMERO', 'sin numero', 'Sin Número', 'SIN MATRÍCULA', 'sin matricula', 'SIN SERIE', 'LIMADO', 'limada', 'BORRADO', 'ILEGIBLE', 'NO TIENE', 'no tiene', 'desconocido', 'NO VISIBLE', 'ALTERADO', ' s / n '];

  it.each([...english, ...spanish])('%j is a status typed into the serial box', (raw) => {
    const result = run(raw);
    // The only issue: no noDigit / invalidCharacter noise on top of the one that matters.
    expect(result.issues).toEqual([at('serial.placeholder', 'error', { value: raw.trim() })]);
  });

  it.each<[SerialStatus]>([['partial'], ['obliterated'], ['none_marked']])('is refused whatever the status (%s)', (serialStatus) => {
    expect(codesOf(run('LIMADO', { serialStatus }).issues)).toEqual(['serial.placeholder']);
    expect(codesOf(run('?', { serialStatus }).issues)).toEqual(['serial.placeholder']);
  });

  it('still reports an unchecked status next to a placeholder', () => {
    expect(sortIssues(run('N/A', { serialStatus: 'not_checked' }).issues)).toEqual([
      at('serial.placeholder', 'error', { value: 'N/A' }),
      at('serial.notChecked', 'error', undefined, 'serialStatus'),
    ]);
  });

  it.each(['NA7439', 'SN-7439', 'X7439', '0007439', 'NONE1'])('%j merely starts like a placeholder and is not one', (raw) => {
    expect(codesOf(run(raw).issues)).not.toContain('serial.placeholder');
  });
});

describe('serial.noDigit (S-H3)', () => {
  it.each(['FXKHNV', 'juan perez', 'SMITH', 'MATRICULA'])('%j is letters only', (raw) => {
    expect(run(raw).issues).toEqual([at('serial.noDigit', 'error')]);
  });

  it('a letters-only serial gets no look-alike warning (there is no digit to confuse it with)', () => {
    expect(codesOf(run('SOLID').issues)).toEqual(['serial.noDigit']);
  });
});

describe('serial.invalidCharacter (S-H4)', () => {
  it.each([
    ['FX/7439', '/'],
    ['FX.7439', '.'],
    ['fx#74(39)', '# ( )'],
    ['фх7439', 'Ф Х'], // Cyrillic stamp copied as seen
    ['ÑX7439', 'Ñ'],
    ['FX74_39', '_'],
    ['FX/74/39', '/'], // each character once
  ])('%j -> characters %j', (raw, characters) => {
    expect(run(raw).issues).toEqual([at('serial.invalidCharacter', 'error', { characters })]);
  });

  it('lists the character once even when it also has no digit', () => {
    expect(sortIssues(run('FX/KH').issues)).toEqual([
      at('serial.invalidCharacter', 'error', { characters: '/' }),
      at('serial.noDigit', 'error'),
    ]);
  });

  it.each<[SerialStatus | undefined, boolean]>([
    ['partial', false],
    ['obliterated', false],
    ['legible', true],
    ['not_checked', true],
    [undefined, true],
  ])('"?" for an unreadable position is allowed only for partial/obliterated (status %s -> invalid %s)', (serialStatus, invalid) => {
    const issues = run('FX?439', { serialStatus }).issues;
    expect(issueWith(issues, 'serial.invalidCharacter')).toEqual(invalid ? at('serial.invalidCharacter', 'error', { characters: '?' }) : undefined);
  });

  it('a partial reading with "?" is otherwise clean', () => {
    expect(run('FX?439', { serialStatus: 'partial', serialLocation: 'frame' }).issues).toEqual([]);
    expect(run('fx??39', { serialStatus: 'obliterated' }).issues).toEqual([]);
  });
});

describe('serial.tooLong (S-H5) and serial.unusualLength (W3)', () => {
  const digits = (n: number) => '7439'.repeat(10).slice(0, n);

  it.each([
    [1, at('serial.unusualLength', 'warning', { length: 1 })],
    [2, at('serial.unusualLength', 'warning', { length: 2 })],
    [21, at('serial.unusualLength', 'warning', { length: 21 })],
    [SERIAL_MAX_LENGTH, at('serial.unusualLength', 'warning', { length: 30 })],
    [31, at('serial.tooLong', 'error', { max: 30, length: 31 })],
    [40, at('serial.tooLong', 'error', { max: 30, length: 40 })],
  ])('%i characters', (n, issue) => {
    expect(run(digits(n)).issues).toEqual([issue]);
  });

  it.each([3, 4, 12, 20])('%i characters is a usual length', (n) => {
    expect(run(digits(n)).issues).toEqual([]);
  });

  it('counts the normalized length (spaces removed), not the raw one', () => {
    expect(run('7439 7439 7439 7439 7439').issues).toEqual([]); // 24 typed, 20 kept
    expect(run('7439 7439 7439 7439 7439 7').issues).toEqual([at('serial.unusualLength', 'warning', { length: 21 })]);
  });

  it('a description typed into the serial box is too long', () => {
    const issues = run('glock 19 9mm serie BXKL123 en corredera').issues;
    expect(issueWith(issues, 'serial.tooLong')).toMatchObject({ severity: 'error', params: { max: 30 } });
    expect(codesOf(issues)).not.toContain('serial.unusualLength');
  });
});

describe('serial.notChecked (S-H8)', () => {
  it.each(['', 'FXK7439'])('status not_checked with serial %j', (raw) => {
    expect(run(raw, { serialStatus: 'not_checked' }).issues).toEqual([at('serial.notChecked', 'error', undefined, 'serialStatus')]);
  });
});

describe('serial.unexpectedForStatus', () => {
  it('a serial typed while the status says none is marked', () => {
    expect(run('FXK7439', { serialStatus: 'none_marked' }).issues).toEqual([at('serial.unexpectedForStatus', 'error')]);
  });

  it.each<[SerialStatus]>([['legible'], ['partial'], ['obliterated']])('not for status %s', (serialStatus) => {
    expect(codesOf(run('FXK7439', { serialStatus }).issues)).not.toContain('serial.unexpectedForStatus');
  });
});

describe('serial.ambiguousCharacters (W1)', () => {
  it.each([
    // serial, positions, characters, list
    ['BXKL123', '1, 4', 'B L', 'B (1), L (4)'],
    ['bxkl 123', '1, 4', 'B L', 'B (1), L (4)'],
    ['O12345', '1', 'O', 'O (1)'],
    ['FXK7439S', '8', 'S', 'S (8)'],
    ['IZ4739', '1, 2', 'I Z', 'I (1), Z (2)'],
    ['GQD739', '1, 2, 3', 'G Q D', 'G (1), Q (2), D (3)'],
    ['FXK8', '4', '8', '8 (4)'], // a digit among letters may be a letter
    ['FXK0', '4', '0', '0 (4)'],
  ])('%j -> positions %j', (raw, positions, characters, list) => {
    expect(run(raw).issues).toEqual([at('serial.ambiguousCharacters', 'warning', { positions, characters, list })]);
  });

  it.each(['FXK7439', '7439', 'HNV4739', 'FXK74', 'TUV-7439'])('%j has no look-alike glyph', (raw) => {
    expect(codesOf(run(raw).issues)).not.toContain('serial.ambiguousCharacters');
  });
});

describe('serial.embeddedLetters (W2)', () => {
  it.each(['369J257', '369 j 257', '369-J-257', '74HK39'])('%j has letters between digits', (raw) => {
    expect(run(raw).issues).toEqual([at('serial.embeddedLetters', 'warning')]);
  });

  it.each(['J369257', '369257J', 'FXK7439', '7439'])('%j has none', (raw) => {
    expect(codesOf(run(raw).issues)).not.toContain('serial.embeddedLetters');
  });
});

describe('serial.trivialPattern (W4)', () => {
  it.each(['111111', '7777', '123456', '654321', '0123', '1-2-3-4-5-6', 'TUV789', 'tuv 789'])('%j', (raw) => {
    expect(run(raw).issues).toEqual([at('serial.trivialPattern', 'warning')]);
  });

  it('ABC123 is trivial (and asks about the B)', () => {
    expect(codesOf(run('ABC123').issues)).toEqual(['serial.ambiguousCharacters', 'serial.trivialPattern']);
  });

  it.each(['7439', '1235', '12', 'TUV7439', 'TUW789'])('%j is not', (raw) => {
    expect(codesOf(run(raw).issues)).not.toContain('serial.trivialPattern');
  });
});

describe('serial.fflPrefix (W5)', () => {
  it.each(['98765432-7439', '98765432–KX', '98765432 - 7439'])('%j starts with an abbreviated FFL number', (raw) => {
    expect(run(raw).issues).toEqual([at('serial.fflPrefix', 'warning')]);
  });

  it.each(['9876543-7439', '987654329-74', '987654327439', 'K98765432-74'])('%j does not', (raw) => {
    expect(codesOf(run(raw).issues)).not.toContain('serial.fflPrefix');
  });
});

describe('serial.looksLikeModelOrCaliber (W6)', () => {
  it.each<[string, SerialContext, 'model' | 'caliber' | 'manufacturer']>([
    ['AR15', { model: 'AR-15' }, 'model'],
    ['G19', { manufacturer: 'Glock', model: 'G19' }, 'model'],
    ['wasr 10', { model: 'WASR-10' }, 'model'],
    ['9MM', { caliber: '9 mm' }, 'caliber'],
    ['9 mm', { caliber: '9X19' }, 'caliber'],
    ['9MM', {}, 'caliber'], // any calibre name with a letter, even with no calibre typed
    ['38SPL', { caliber: '.38 Especial' }, 'caliber'],
    ['38 Especial', { caliber: '.38 Special' }, 'caliber'],
    ['357', { caliber: '.357 Magnum' }, 'caliber'], // a bare number counts when it is this gun's calibre
    ['12GA', { caliber: 'calibre 12' }, 'caliber'],
    ['7.62x39', { caliber: '7.62×39 mm' }, 'caliber'],
    ['GLOCK7439', { manufacturer: 'Glock' }, 'manufacturer'],
    ['COLT-7439', { manufacturer: "Colt's Mfg" }, 'manufacturer'],
    ['CUGIR7439', { manufacturer: 'Romarm (Cugir)' }, 'manufacturer'],
    ['S&W 7439', { manufacturer: 'Smith and Wesson' }, 'manufacturer'],
    ['HECHIZA7', { manufacturer: 'Hechiza' }, 'manufacturer'], // free text not in the catalogue
  ])('%j with %j -> field %s', (raw, context, field) => {
    const issue = issueWith(run(raw, context).issues, 'serial.looksLikeModelOrCaliber');
    expect(issue).toEqual(at('serial.looksLikeModelOrCaliber', 'warning', { field }));
  });

  it.each<[string, SerialContext]>([
    ['357', {}], // bare numbers are left alone: short numeric serials exist
    ['22', {}],
    ['FXK7439', { manufacturer: 'Smith & Wesson', model: 'M&P9', caliber: '9 mm' }],
    ['SW7439', { manufacturer: 'S&W' }], // two-letter maker aliases are too short to judge
    ['SMITH7439', { manufacturer: 'Smith and Wesson' }], // part of the name is not the name
    ['AR15', { model: 'AR-10' }],
  ])('%j with %j is not flagged', (raw, context) => {
    expect(codesOf(run(raw, context).issues)).not.toContain('serial.looksLikeModelOrCaliber');
  });
});

describe('serial.notFromFrame (W7)', () => {
  it.each(['slide', 'barrel', 'cylinder'] as const)('read from the %s', (serialLocation) => {
    expect(run('FXK7439', { serialStatus: 'legible', serialLocation }).issues).toEqual([
      at('serial.notFromFrame', 'warning', { location: serialLocation }, 'serialLocation'),
    ]);
  });

  it.each(['frame', 'receiver', 'other', undefined] as const)('not when read from %s', (serialLocation) => {
    expect(run('FXK7439', { serialStatus: 'legible', serialLocation }).issues).toEqual([]);
  });
});

describe('serial.noneMarkedReason (W9)', () => {
  it('none marked with no reason asks why', () => {
    expect(run('', { serialStatus: 'none_marked' }).issues).toEqual([at('serial.noneMarkedReason', 'warning', undefined, 'noneMarkedReason')]);
  });

  it.each<[SerialContext]>([
    [{ serialStatus: 'none_marked', noneMarkedReason: 'pre_1968' }],
    [{ serialStatus: 'none_marked', noneMarkedReason: 'antique' }],
    [{ serialStatus: 'none_marked', noneMarkedReason: 'privately_made' }],
    [{ serialStatus: 'none_marked', privatelyMade: true }],
  ])('not with %j', (context) => {
    expect(run('', context).issues).toEqual([]);
  });
});

describe('serial.possibleAssemblyNumber (W12)', () => {
  it.each<[string, SerialContext]>([
    ['74391', { manufacturer: 'Smith & Wesson', type: 'revolver', caliber: '.38 Especial' }],
    ['7439', { manufacturer: 'S&W', type: 'revolver' }],
    ['74 391', { manufacturer: 'Smith and Wesson', type: 'revolver' }],
  ])('%j on %j', (raw, context) => {
    expect(run(raw, context).issues).toEqual([at('serial.possibleAssemblyNumber', 'warning')]);
  });

  it.each<[string, SerialContext]>([
    ['743', { manufacturer: 'Smith & Wesson', type: 'revolver' }],
    ['743912', { manufacturer: 'Smith & Wesson', type: 'revolver' }],
    ['K74391', { manufacturer: 'Smith & Wesson', type: 'revolver' }],
    ['74391', { manufacturer: 'Smith & Wesson', type: 'pistol' }],
    ['74391', { manufacturer: 'Colt', type: 'revolver' }],
  ])('not %j on %j', (raw, context) => {
    expect(codesOf(run(raw, context).issues)).not.toContain('serial.possibleAssemblyNumber');
  });
});

describe('realistic combinations', () => {
  it('a Spanish-typed revolver serial read off the cylinder', () => {
    const result = run('s&w 12-345', { serialStatus: 'legible', serialLocation: 'cylinder', manufacturer: 'Smith and Wesson', caliber: '.38 Especial', type: 'revolver' });
    expect(result.normalized).toBe('S&W12-345');
    expect(sortIssues(result.issues)).toEqual([
      at('serial.notFromFrame', 'warning', { location: 'cylinder' }, 'serialLocation'),
      at('serial.ambiguousCharacters', 'warning', { positions: '1', characters: 'S', list: 'S (1)' }),
      at('serial.invalidCharacter', 'error', { characters: '&' }),
      at('serial.looksLikeModelOrCaliber', 'warning', { field: 'manufacturer' }),
    ]);
  });

  it('every warning code is a warning and every hard rule an error', () => {
    const samples = [
      run('', { serialStatus: 'legible' }),
      run('N/A'),
      run('FXKHNV'),
      run('FX/7439'),
      run('7439'.repeat(8)),
      run('', { serialStatus: 'not_checked' }),
      run('FXK7439', { serialStatus: 'none_marked' }),
      run('BXKL123'),
      run('369J257'),
      run('74'),
      run('111111'),
      run('98765432-7439'),
      run('9MM'),
      run('FXK7439', { serialLocation: 'slide' }),
      run('', { serialStatus: 'none_marked' }),
      run('74391', { manufacturer: 'S&W', type: 'revolver' }),
    ];
    const severities = Object.fromEntries(samples.flatMap((s) => s.issues).map((i) => [i.code, i.severity]));
    expect(severities).toEqual({
      'serial.required': 'error',
      'serial.placeholder': 'error',
      'serial.noDigit': 'error',
      'serial.invalidCharacter': 'error',
      'serial.tooLong': 'error',
      'serial.notChecked': 'error',
      'serial.unexpectedForStatus': 'error',
      'serial.ambiguousCharacters': 'warning',
      'serial.embeddedLetters': 'warning',
      'serial.unusualLength': 'warning',
      'serial.trivialPattern': 'warning',
      'serial.fflPrefix': 'warning',
      'serial.looksLikeModelOrCaliber': 'warning',
      'serial.notFromFrame': 'warning',
      'serial.noneMarkedReason': 'warning',
      'serial.possibleAssemblyNumber': 'warning',
    });
  });
});
