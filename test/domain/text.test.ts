/**
 * What text a record may hold (src/domain/text.ts): no ill-formed UTF-16 anywhere, no control
 * character except tab, line feed and carriage return in notes. Every string field of a full
 * record is tried, so a field added later without the check fails here.
 */
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { isAcceptableText, isWellFormedText, toWellFormedText } from '../../src/domain/text';
import { validateSeizure } from '../../src/domain/validate';
import { CHECK_CTX, validSpanishSeizure } from './fixtures';

/** A record with a value in every free-form string field the schema has. */
function everyTextField(): Seizure {
  const base = validSpanishSeizure();
  return {
    ...base,
    notes: 'Notas generales',
    agency: { ...base.agency, ori: 'MX0000000', officer: { ...base.agency.officer } },
    recovery: { ...base.recovery, intNumber: '4B', crimeCode: '5212' },
    firearms: base.firearms.map((firearm) => ({
      ...firearm,
      importer: firearm.importer ?? 'Century Arms',
      notes: 'Sin cargador',
      otherMarkings: [{ text: 'PROOF 1', location: 'barrel' }],
    })),
    possessors: [{ role: 'possessor', firstName: 'José', lastName: 'López', secondLastName: 'Ruiz', alias: 'El Güero', dateOfBirth: '1990-05-14' }],
    ammunition: [{ kind: 'cartridge', caliber: '7.62X39', quantity: 30, headstamp: 'FNM 88' }],
    magazines: [{ quantity: 1, capacity: 30, caliber: '7.62X39', manufacturer: 'Cugir' }],
    confirmedWarnings: ['firearms.0.serialNumber|serial.embeddedLetters'],
    createdBy: 'mperez',
  };
}

type Leaf = { path: string; value: string };

function stringLeaves(value: unknown, path: string[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path: path.join('.'), value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => stringLeaves(child, [...path, key]));
}

function withValue(record: Seizure, path: string, value: string): unknown {
  const copy = structuredClone(record) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target = copy;
  for (const key of keys) target = target[key] as Record<string, unknown>;
  target[last] = value;
  return copy;
}

// Fields with a format of their own (ids, dates, codes, enums) refuse any odd character as `invalid`.
const FORMATTED = /(^|\.)(id|status|entryLanguage|occurredAt|createdAt|updatedAt|country|countryOfOrigin|municipality|type|action|serialStatus|serialLocation|circumstance|role|kind|dateOfBirth)$/;
const FREE_TEXT = new Set(['notes', 'firearms.0.notes', 'firearms.1.notes']);

describe('text a record may hold', () => {
  const record = everyTextField();
  const leaves = stringLeaves(record);

  it('starts from a record that is valid and has every kind of text field', () => {
    expect(validateSeizure(record, CHECK_CTX).ok).toBe(true);
    expect(leaves.length).toBeGreaterThan(40);
    for (const path of FREE_TEXT) expect(leaves.map((leaf) => leaf.path)).toContain(path);
  });

  const hostile = { nul: '\u0000', 'lone high surrogate': '\ud800', 'lone low surrogate': '\udc00', escape: '\u001b[2J', 'C1 control': '\u0085', delete: '\u007f' };
  for (const [name, bad] of Object.entries(hostile)) {
    it(`refuses a ${name} in every string field, naming the field`, () => {
      for (const leaf of leaves) {
        const result = validateSeizure(withValue(record, leaf.path, `${leaf.value.slice(0, 3)}${bad}`), CHECK_CTX);
        expect(result.ok, leaf.path).toBe(false);
        const atField = result.issues.filter((i) => i.path === leaf.path);
        expect(atField.map((i) => i.code), leaf.path).toContain(FORMATTED.test(leaf.path) ? 'invalid' : 'text.invalidCharacter');
        expect(atField.every((i) => i.severity === 'error')).toBe(true);
      }
    });
  }

  it('refuses tab and line breaks in one-line fields but keeps them in notes', () => {
    for (const leaf of leaves.filter((l) => !FORMATTED.test(l.path))) {
      const result = validateSeizure(withValue(record, leaf.path, 'a\tb\r\nc'), CHECK_CTX);
      if (FREE_TEXT.has(leaf.path)) expect(result.ok, leaf.path).toBe(true);
      else expect(result.ok ? [] : result.issues.map((i) => `${i.path} ${i.code}`), leaf.path).toContain(`${leaf.path} text.invalidCharacter`);
    }
  });

  it('keeps accents, ñ, emoji, right-to-left marks and other well-formed text', () => {
    for (const text of ['Núñez Peña', 'ÁÉÍÓÚÜ ¿¡', '😀 🔫', 'a\u200fb', 'Ø 7.62×39', '\u00a0']) {
      expect(isAcceptableText(text, 'line'), text).toBe(true);
      expect(validateSeizure(withValue(record, 'recovery.locality', text), CHECK_CTX).ok, text).toBe(true);
    }
  });

  it('tells well-formed UTF-16 from broken', () => {
    const cases: [string, boolean][] = [
      ['', true],
      ['plain', true],
      ['😀', true],
      ['\ud83d\ude00\ud83d', false],
      ['\ude00\ud83d', false],
      ['x\udfffx', false],
      ['\ud800\udc00', true],
    ];
    for (const [text, wellFormed] of cases) expect(isWellFormedText(text), JSON.stringify(text)).toBe(wellFormed);
    for (const [text] of cases) expect(isWellFormedText(text)).toBe(text.isWellFormed());
  });
});

describe('text as a database stores it', () => {
  it('replaces each lone surrogate with U+FFFD, exactly as the platform does', () => {
    for (const text of ['a\ud800b', '\udc00', '😀\ud83d', 'fine', '\ud800\ud800\udc00']) {
      expect(toWellFormedText(text)).toBe(text.toWellFormed());
      expect(Buffer.from(toWellFormedText(text), 'utf8').toString('utf8')).toBe(Buffer.from(text, 'utf8').toString('utf8'));
    }
  });
});
