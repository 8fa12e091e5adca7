/**
 * The rules that tie seizures together (issue 16): the same person by name and date of birth,
 * and near-consecutive serials, each with the near misses that must not link.
 */
import { describe, expect, it } from 'vitest';
import { nameWords, personKey, samePerson } from '../../src/domain/person-key';
import { serialDistance, serialParts, seriesKey } from '../../src/domain/serial-distance';

describe('the same person', () => {
  const dob = '1990-05-14';

  it('ignores accents and case: María / MARIA / maria', () => {
    const keys = ['María', 'MARIA', 'maria'].map((firstName) => personKey({ firstName, lastName: 'Pérez' }, dob));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('1990-05-14|maria perez');
  });

  it('meets two surnames in either order, and a name written in one field', () => {
    const a = personKey({ firstName: 'José Luis', lastName: 'Hernández', secondLastName: 'Ramírez' }, dob);
    const b = personKey({ firstName: 'Jose Luis', lastName: 'RAMIREZ', secondLastName: 'HERNANDEZ' }, dob);
    const c = personKey({ firstName: 'José Luis Hernández Ramírez' }, dob);
    expect(a).toBe(b);
    expect(a).toBe(c);
  });

  it('drops the particles de, del, de la, de los and y', () => {
    const a = nameWords({ firstName: 'María de la Luz', lastName: 'del Río', secondLastName: 'y Núñez' });
    const b = nameWords({ firstName: 'Maria Luz', lastName: 'Rio', secondLastName: 'Nuñez' });
    expect(a).toEqual(b);
    expect(a).toEqual(['luz', 'maria', 'nunez', 'rio']);
  });

  it('accepts a missing second surname on one side', () => {
    expect(samePerson({ firstName: 'Juan', lastName: 'García', secondLastName: 'López', dateOfBirth: dob }, { firstName: 'JUAN', lastName: 'GARCIA', dateOfBirth: dob })).toBe(true);
  });

  it('never links the same name with another date of birth, a name without one, or a first name alone', () => {
    expect(samePerson({ firstName: 'Juan', lastName: 'García', dateOfBirth: dob }, { firstName: 'Juan', lastName: 'García', dateOfBirth: '1990-05-15' })).toBe(false);
    expect(samePerson({ firstName: 'Juan', lastName: 'García' }, { firstName: 'Juan', lastName: 'García' })).toBe(false);
    expect(samePerson({ firstName: 'Juan', dateOfBirth: dob }, { firstName: 'Juan', lastName: 'García', dateOfBirth: dob })).toBe(false);
    expect(samePerson({ firstName: 'Juan', lastName: 'García', dateOfBirth: dob }, { firstName: 'Juan', lastName: 'Garza', dateOfBirth: dob })).toBe(false);
    expect(personKey({ firstName: 'Juan' }, dob)).toBe('');
    expect(personKey({ firstName: 'Juan', lastName: 'García' }, undefined)).toBe('');
  });
});

describe('near-consecutive serials', () => {
  it('measures the distance within one series, O read as 0 and hyphens ignored', () => {
    expect(serialDistance('FXK7439', 'FXK7441')).toBe(2);
    expect(serialDistance('FXK-7439', 'fxk 744O')).toBe(1);
    expect(serialDistance('AB0012CD', 'AB0019CD')).toBe(7);
  });

  it('does not link a serial one digit longer, another prefix or suffix, or the same serial', () => {
    expect(serialDistance('FXK7439', 'FXK74390')).toBeUndefined();
    expect(serialDistance('FXK7439', 'FXL7440')).toBeUndefined();
    expect(serialDistance('AB0012CD', 'AB0013CE')).toBeUndefined();
    expect(serialDistance('FXK7439', 'FXK-7439')).toBeUndefined();
    expect(serialDistance('NOSERIAL', 'NOSERIAL')).toBeUndefined();
  });

  it('keys a series by maker, model, letters and digit count, never without maker or model', () => {
    expect(seriesKey('GLOCK', 'g19', 'ABC123')).toBe(seriesKey('GLOCK', 'g19', 'ABC999'));
    expect(seriesKey('GLOCK', 'g19', 'ABC123')).not.toBe(seriesKey('GLOCK', 'g17', 'ABC124'));
    expect(seriesKey('GLOCK', 'g19', 'ABC123')).not.toBe(seriesKey('GLOCK', 'g19', 'ABC1234'));
    expect(seriesKey('', 'g19', 'ABC123')).toBe('');
    expect(seriesKey('GLOCK', '', 'ABC123')).toBe('');
    expect(serialParts('ABCDEF')).toBeUndefined();
  });
});
