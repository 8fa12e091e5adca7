/**
 * Identity documents (domain/identity-document.ts): the CURP's full check with its check digit,
 * the INE voter key's shape, the link key (a document failing its check never links), and the
 * form's issues (checks.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkCurp, checkSeizure, curpBirthDate, curpCheckDigit, idDocumentKey, isIneKey, normalizeIdNumber } from '../../src/domain';
import { matchKeys, seizureLinkKeys, type IndexedKey } from '../../src/domain/links';
import type { Seizure } from '../../src/domain/schema';
import { validSeizure } from './fixtures';

// python-stdnum's documented example (mx.curp), and one made with RENAPO's check digit.
const CURP = 'BOXW310820HNERXN09';
const CURP_2000S = `GOMA050312MJCNRRA${curpCheckDigit('GOMA050312MJCNRRA')}`;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('the CURP check', () => {
  it('accepts a right CURP, however it was spaced or cased', () => {
    expect(checkCurp(CURP)).toBeUndefined();
    expect(checkCurp(' boxw-310820 hnerxn09 ')).toBeUndefined();
    expect(checkCurp(CURP_2000S)).toBeUndefined();
  });

  it('reads the date of birth and its century from the homonymy character', () => {
    expect(curpBirthDate(CURP)).toBe('1931-08-20');
    expect(curpBirthDate(CURP_2000S)).toBe('2005-03-12');
  });

  // A weighted mod-10 digit cannot see every substitution (an even weight times a difference of
  // five is 0 mod 10); with the shape and the date, most typos still fail, and O-for-0 in the date always.
  it('catches nine in ten single mistyped characters, and every letter O typed for a zero of the date', () => {
    let caught = 0;
    let tried = 0;
    for (let i = 0; i < 18; i += 1) {
      for (const c of ALPHABET) {
        if (c === CURP[i]) continue;
        const typo = CURP.slice(0, i) + c + CURP.slice(i + 1);
        tried += 1;
        if (checkCurp(typo) !== undefined) caught += 1;
      }
    }
    expect(caught / tried).toBeGreaterThan(0.9);
    for (const [i, c] of [...CURP.slice(0, 10)].entries()) if (c === '0') expect(checkCurp(CURP.slice(0, i) + 'O' + CURP.slice(i + 1))).toBeDefined();
  });

  it('says why a CURP fails', () => {
    expect(checkCurp('BOXW310820HNERXN0')).toBe('format');
    expect(checkCurp('BOXW311320HNERXN09')).toBe('date');
    expect(checkCurp('BOXW310820HZZRXN09')).toBe('state');
    expect(checkCurp('BOXW310820HNERXN08')).toBe('checkDigit');
  });
});

describe('an INE voter key', () => {
  it('has 6 letters, 8 digits, the sex and 3 characters', () => {
    expect(isIneKey('GMVLMR80070501M100')).toBe(true);
    expect(isIneKey('gmvlmr 80070501 m100')).toBe(true);
    expect(isIneKey('GMVLMR8007050M100')).toBe(false);
  });
});

describe('the link key of a document', () => {
  it('is the type and the normalized number; a failing CURP or voter key gives none', () => {
    expect(normalizeIdNumber(' g12-345.678 ')).toBe('G12345678');
    expect(idDocumentKey('curp', CURP.toLowerCase())).toBe(`curp|${CURP}`);
    expect(idDocumentKey('curp', 'BOXW310820HNERXN08')).toBe('');
    expect(idDocumentKey('ine', 'GMVLMR8007050M100')).toBe('');
    expect(idDocumentKey('passport', 'G 1234 5678')).toBe('passport|G12345678');
    expect(idDocumentKey(undefined, 'G12345678')).toBe('');
    expect(idDocumentKey('other', '123')).toBe('');
  });

  it('links two seizures whose possessors carry one CURP under different names, and says it was the CURP', () => {
    const base = validSeizure();
    const a = { ...base, possessors: [{ firstName: 'Wenceslao', lastName: 'Box', idType: 'curp' as const, idNumber: CURP }] };
    const b = { ...base, possessors: [{ firstName: 'W.', lastName: 'Boxx', idType: 'curp' as const, idNumber: CURP.toLowerCase() }] };
    const docOf = (s: Seizure, recordId: string): IndexedKey => ({ recordId, ...seizureLinkKeys(s).find((k) => k.key.startsWith('doc|'))! });
    expect(matchKeys(docOf(a, 'A'), docOf(b, 'B'))).toMatchObject({ from: 'A', to: 'B', reason: 'person', strength: 'strong', details: { document: 'curp' } });
    const other = { ...base, possessors: [{ idType: 'passport' as const, idNumber: CURP }] };
    expect(matchKeys(docOf(a, 'A'), docOf(other, 'C'))).toBeUndefined();
  });
});

describe('the form\'s issues about a document', () => {
  const withPossessor = (p: object) => checkSeizure({ ...validSeizure(), possessors: [p] }, { now: new Date('2026-12-01T00:00:00Z') });
  const codes = (p: object) => withPossessor(p).filter((i) => i.path.startsWith('possessors.0')).map((i) => [i.path, i.code, i.severity]);

  it('asks what a number is, refuses a wrong CURP and warns on a date of birth that disagrees', () => {
    expect(codes({ idNumber: CURP })).toEqual([['possessors.0.idType', 'possessor.idTypeMissing', 'warning']]);
    expect(codes({ idType: 'curp', idNumber: 'BOXW310820HNERXN08' })).toEqual([['possessors.0.idNumber', 'possessor.curpCheckDigit', 'error']]);
    expect(codes({ idType: 'curp', idNumber: 'ABC' })).toEqual([['possessors.0.idNumber', 'possessor.curpFormat', 'error']]);
    expect(codes({ idType: 'curp', idNumber: CURP, dateOfBirth: '1931-08-21' })).toEqual([['possessors.0.idNumber', 'possessor.curpBirthDateMismatch', 'warning']]);
    expect(codes({ idType: 'ine', idNumber: '12345' })).toEqual([['possessors.0.idNumber', 'possessor.ineFormat', 'warning']]);
    expect(codes({ idType: 'curp', idNumber: CURP_2000S, dateOfBirth: '2005-03-12' })).toEqual([]);
    expect(codes({ idType: 'passport', idNumber: 'G12345678' })).toEqual([]);
  });
});
