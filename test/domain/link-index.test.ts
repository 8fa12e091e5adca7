/**
 * The link index's keys and the rules that match them (domain/links, docs/links.md): which rows a
 * seizure gets, which pairs link with which strength and details, the near misses that must not
 * link, and that the leads' bucketed search finds exactly the links a pairwise comparison finds.
 */
import { describe, expect, it } from 'vitest';
import {
  clustersOf,
  distanceMetres,
  linksAmong,
  matchKeys,
  neighbourCells,
  placeCell,
  cellKey,
  seizureLinkKeys,
  strongestPerPair,
  traceLinkKeys,
  DEFAULT_THRESHOLDS,
  keyDigest,
  type IndexedKey,
} from '../../src/domain/links';
import { LinkViewQuerySchema, LeadsQuerySchema } from '../../src/domain/links';
import { validSeizure } from './fixtures';

const row = (recordId: string, extra: Partial<IndexedKey> & Pick<IndexedKey, 'kind' | 'key'>): IndexedKey => ({ recordId, num: null, firearmId: null, lat: null, lon: null, detail: null, ...extra });

describe('a seizure\'s link keys', () => {
  it('has a person, a serial series, the case, the address and the place cell with its day', () => {
    const base = validSeizure();
    const record = {
      ...base,
      recovery: { ...base.recovery, municipality: '26043', street: 'Calle Obregón', extNumber: '12' },
      firearms: [{ ...base.firearms[0]!, manufacturer: 'Colt', model: 'M4 Carbine', serialNumber: 'LW-004417' }],
      possessors: [{ firstName: 'José', lastName: 'Pérez', secondLastName: 'Núñez', dateOfBirth: '1988-02-03' }],
    };
    const keys = seizureLinkKeys(record);
    expect(keys.map((key) => key.kind).sort()).toEqual(['address', 'case', 'person', 'place', 'serial']);
    expect(keys.find((key) => key.kind === 'serial')).toMatchObject({ num: 4417, detail: 'M4 Carbine', firearmId: record.firearms[0]!.id });
    expect(keys.find((key) => key.kind === 'person')?.key).toBe('1988-02-03|jose nunez perez');
    expect(keys.find((key) => key.kind === 'place')).toMatchObject({ lat: 31.34, lon: -110.96, num: Math.floor(Date.parse('2026-11-28') / 86_400_000) });
  });

  it('has no key for what is missing: no date of birth, no model, no street number, no place date', () => {
    const base = validSeizure();
    const record = {
      ...base,
      agency: { ...base.agency, caseNumber: undefined },
      recovery: { ...base.recovery, occurredAt: undefined, street: 'Calle Obregón', locality: undefined },
      firearms: [{ ...base.firearms[0]!, model: undefined }],
      possessors: [{ firstName: 'José', lastName: 'Pérez' }],
    };
    expect(seizureLinkKeys(record)).toEqual([]);
  });

  it('takes the dealer of a traced firearm with its time to crime, given or computed', () => {
    const base = { firearmId: '00000000-0000-4000-8000-000000000001', seizureId: '00000000-0000-4000-8000-000000000002', updatedAt: '2026-11-28T00:00:00Z' };
    expect(traceLinkKeys({ ...base, status: 'traced', result: { purchaserFound: true, dealerFfl: '1-23-456-78-9A-12345', timeToCrimeDays: 40 } }, undefined)[0]).toMatchObject({ kind: 'dealer', key: '1-23-456-78-9A-12345', num: 40 });
    expect(traceLinkKeys({ ...base, status: 'traced', result: { purchaserFound: true, dealerFfl: '1-23-456-78-9A-12345', purchaseDate: '2026-11-18' } }, '2026-11-28T03:30:00-07:00')[0]?.num).toBe(10);
    expect(traceLinkKeys({ ...base, status: 'traced', result: { purchaserFound: false } }, undefined)).toEqual([]);
    expect(traceLinkKeys({ ...base, status: 'requested' }, undefined)).toEqual([]);
  });

  it('keys a trace result\'s purchaser as a person, marked as the purchaser, only when found and named with a date of birth', () => {
    const base = { firearmId: crypto.randomUUID(), seizureId: crypto.randomUUID(), updatedAt: '2026-11-30T10:00:00Z' };
    const named = { purchaserFound: true, purchaserFirstName: 'Rubén', purchaserLastName: 'Ochoa', purchaserSecondLastName: 'Díaz', purchaserDateOfBirth: '1990-05-01' };
    expect(traceLinkKeys({ ...base, status: 'traced', result: named }, undefined)).toEqual([
      { kind: 'person', key: '1990-05-01|diaz ochoa ruben', num: null, firearmId: base.firearmId, lat: null, lon: null, detail: 'purchaser' },
    ]);
    expect(traceLinkKeys({ ...base, status: 'traced', result: { ...named, purchaserDateOfBirth: undefined } }, undefined)).toEqual([]);
    expect(traceLinkKeys({ ...base, status: 'traced', result: { ...named, purchaserFound: false } }, undefined)).toEqual([]);
  });

  it('links a purchaser to a possessor of another seizure by name and date of birth, and says a purchaser was involved', () => {
    const possessor = row('a', { kind: 'person', key: '1990-05-01|diaz ochoa ruben' });
    const purchaser = row('b', { kind: 'person', key: '1990-05-01|diaz ochoa ruben', detail: 'purchaser' });
    expect(matchKeys(possessor, purchaser)).toMatchObject({ from: 'a', to: 'b', reason: 'person', strength: 'strong', details: { purchaser: true } });
    expect(matchKeys(purchaser, { ...purchaser, recordId: 'c' })?.details.purchaser).toBe(true);
    expect(matchKeys(possessor, { ...purchaser, key: '1990-05-02|diaz ochoa ruben' })).toBeUndefined();
    expect(matchKeys(possessor, { ...possessor, recordId: 'c' })?.details).not.toHaveProperty('purchaser');
  });
});

describe('the link rules', () => {
  it('links serials of one series within the distance, strong up to 3 apart, and never the same serial', () => {
    const a = row('a', { kind: 'serial', key: 'colt|m4|LW#6', num: 4417, detail: 'M4' });
    expect(matchKeys(a, { ...a, recordId: 'b', num: 4419 })).toMatchObject({ reason: 'serial', strength: 'strong', details: { serialDistance: 2, model: 'M4' } });
    expect(matchKeys(a, { ...a, recordId: 'b', num: 4425 })?.strength).toBe('medium');
    expect(matchKeys(a, { ...a, recordId: 'b', num: 4428 })).toBeUndefined();
    expect(matchKeys(a, { ...a, recordId: 'b', num: 4417 })).toBeUndefined();
    expect(matchKeys(a, { ...a, recordId: 'b', key: 'colt|m16|LW#6', num: 4418 })).toBeUndefined();
    expect(matchKeys(a, { ...a, num: 4418 })).toBeUndefined();
  });

  it('links places within 500 m and 3 days, and not 600 m or 4 days away', () => {
    const a = row('a', { kind: 'place', key: 'x', lat: 19.4326, lon: -99.1332, num: 100 });
    const near = { ...a, recordId: 'b', lat: 19.4326 + 0.0027, num: 102 };
    expect(distanceMetres(a as { lat: number; lon: number }, near as { lat: number; lon: number })).toBeGreaterThan(290);
    expect(matchKeys(a, near)).toMatchObject({ strength: 'weak', details: { days: 2, metres: 300 } });
    expect(matchKeys(a, { ...near, lat: 19.4326 + 0.0054 })).toBeUndefined();
    expect(matchKeys(a, { ...near, num: 104 })).toBeUndefined();
    expect(matchKeys(a, { ...near, lat: 19.4330, num: 100 })?.strength).toBe('medium');
  });

  it('names the firearms of a serial or dealer link and one person by a digest, never the name', () => {
    const serial = row('a', { kind: 'serial', key: 'colt|m4|LW#6', num: 4417, detail: 'M4', firearmId: 'fa' });
    expect(matchKeys(serial, { ...serial, recordId: 'b', num: 4419, firearmId: 'fb' })?.details).toMatchObject({ fromFirearm: 'fa', toFirearm: 'fb' });
    const dealer = row('a', { kind: 'dealer', key: 'F', num: 200, firearmId: 'fa' });
    expect(matchKeys(dealer, { ...dealer, recordId: 'b', firearmId: 'fb' })?.details).toMatchObject({ fromFirearm: 'fa', toFirearm: 'fb' });
    const person = row('a', { kind: 'person', key: '1988-02-03|jose nunez perez' });
    const digest = matchKeys(person, { ...person, recordId: 'b' })?.details.person;
    expect(digest).toMatch(/^[0-9a-f]{8}$/);
    expect(digest).toBe(keyDigest('1988-02-03|jose nunez perez'));
    expect(keyDigest('1988-02-03|jose nunez perez')).not.toBe(keyDigest('1988-02-04|jose nunez perez'));
    expect(matchKeys(row('a', { kind: 'case', key: 'c1' }), row('b', { kind: 'case', key: 'c1' }))?.details).toEqual({});
  });

  it('makes a dealer link strong only when both times to crime are short', () => {
    const a = row('a', { kind: 'dealer', key: 'F', num: 200 });
    expect(matchKeys(a, { ...a, recordId: 'b', num: 300 })).toMatchObject({ strength: 'strong', details: { shortTimeToCrime: true, dealerFfl: 'F' } });
    expect(matchKeys(a, { ...a, recordId: 'b', num: 3000 })?.strength).toBe('medium');
    expect(matchKeys({ ...a, num: null }, { ...a, recordId: 'b', num: 3000 })?.strength).toBe('weak');
    expect(matchKeys(a, { ...a, recordId: 'b', num: 3000 }, { ...DEFAULT_THRESHOLDS, shortTimeToCrimeDays: 5000 })?.strength).toBe('strong');
  });

  it('searches the cells around a point far enough that every point within the distance is in one of them', () => {
    for (const metres of [100, 500, 2000]) {
      for (const [lat, lon] of [[19.4326, -99.1332], [31.34, -110.96], [-33.45, -70.66], [0.0001, 0.0001], [64.1, -21.9]] as const) {
        const cells = neighbourCells(lat, lon, metres);
        for (let bearing = 0; bearing < 360; bearing += 15) {
          // A point `metres` away on this bearing (flat-earth step, exact enough at this scale).
          const rad = (bearing * Math.PI) / 180;
          const there = { lat: lat + (metres * Math.cos(rad)) / 111_320, lon: lon + (metres * Math.sin(rad)) / (111_320 * Math.cos((lat * Math.PI) / 180)) };
          const { row: r, col } = placeCell(there.lat, there.lon);
          expect(cells, `${metres} m at ${bearing}° from ${lat},${lon}`).toContain(cellKey(r, col));
        }
      }
    }
    expect(neighbourCells(19.43, -99.13, 500)).toHaveLength(9);
  });

  it('finds in buckets exactly the links a comparison of every pair finds, and groups them in clusters', () => {
    const rows: IndexedKey[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 300; i += 1) {
      const id = `r${String(i).padStart(3, '0')}`;
      rows.push(row(id, { kind: 'serial', key: `s${Math.floor(random() * 3)}`, num: Math.floor(random() * 400) }));
      rows.push(row(id, { kind: 'dealer', key: `d${Math.floor(random() * 40)}`, num: Math.floor(random() * 3000) }));
      const lat = 19.4 + random() * 0.05;
      const lon = -99.1 + random() * 0.05;
      const { row: r, col } = placeCell(lat, lon);
      rows.push(row(id, { kind: 'place', key: cellKey(r, col), lat, lon, num: Math.floor(random() * 30) }));
    }
    const pairwise = [];
    for (let i = 0; i < rows.length; i += 1) for (let j = i + 1; j < rows.length; j += 1) {
      const link = matchKeys(rows[i]!, rows[j]!);
      if (link) pairwise.push(link);
    }
    const norm = (links: ReturnType<typeof linksAmong>) => links.map((l) => `${[l.from, l.to].sort().join('-')}|${l.reason}|${l.strength}`).sort();
    const found = linksAmong(rows);
    expect(found.length).toBeGreaterThan(50);
    expect(norm(found)).toEqual(norm(strongestPerPair(pairwise)));

    expect(clustersOf([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'x', to: 'y' }].map((l) => ({ ...l, reason: 'case' as const, strength: 'strong' as const, details: {} })))).toEqual([['a', 'b', 'c']]);
  });
});

describe('the link queries', () => {
  it('takes depth 1 or 2, known reasons, ordered dates and thresholds in range', () => {
    expect(LinkViewQuerySchema.parse({ depth: '2', reasons: 'person,serial', from: '2026-01-01', to: '2026-12-31', serialDistance: '25' })).toEqual({ depth: 2, reasons: ['person', 'serial'], from: '2026-01-01', to: '2026-12-31', serialDistance: 25 });
    for (const bad of [{ depth: '3' }, { reasons: 'person,colour' }, { reasons: '' }, { from: '2026-12-31', to: '2026-01-01' }, { from: '31/12/2026' }, { serialDistance: '0' }, { placeMetres: '5000' }, { extra: '1' }]) {
      expect(LinkViewQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(LeadsQuerySchema.safeParse({ limit: '100' }).success).toBe(false);
    expect(LeadsQuerySchema.parse({ limit: '10', cursor: '20' })).toEqual({ limit: 10, cursor: 20 });
  });
});
