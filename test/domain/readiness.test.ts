/**
 * traceReadiness: the per-firearm checklist of what ATF's tracing center needs. Driven by the
 * real checkSeizure output, so the checklist is tested against what the form actually shows.
 */
import { describe, it, expect } from 'vitest';
import { checkSeizure } from '../../src/domain/checks';
import { TRACE_FIELDS, traceReadiness, type TraceField, type TraceFieldState } from '../../src/domain/readiness';
import type { Seizure } from '../../src/domain/schema';
import { CHECK_CTX, IDS, romanianRifle, usPistol, validSeizure, validSpanishSeizure, withFirearm } from './fixtures';

type States = Record<TraceField, TraceFieldState>;

function readiness(record: Seizure, index = 0) {
  const firearm = record.firearms[index];
  if (!firearm) throw new Error(`no firearm ${index}`);
  const result = traceReadiness(firearm, index, checkSeizure(record, CHECK_CTX));
  const states = Object.fromEntries(result.items.map((item) => [item.field, item.state])) as States;
  return { ...result, states };
}

const US_COMPLETE: States = {
  serialNumber: 'present',
  manufacturer: 'present',
  importer: 'notNeeded',
  model: 'present',
  caliber: 'present',
  type: 'present',
  countryOfOrigin: 'present',
};
const IMPORTED_COMPLETE: States = { ...US_COMPLETE, importer: 'present' };

describe('traceReadiness', () => {
  it('lists the trace fields in TRACE_FIELDS order', () => {
    expect(readiness(validSeizure()).items.map((item) => item.field)).toEqual([...TRACE_FIELDS]);
    expect(TRACE_FIELDS).toEqual(['serialNumber', 'manufacturer', 'importer', 'model', 'caliber', 'type', 'countryOfOrigin']);
  });

  it.each<[string, Seizure, number, States, boolean]>([
    ['a complete US gun', validSeizure(), 0, US_COMPLETE, true],
    ['a US gun with warnings only (look-alike glyphs, importer stamp as maker)', withFirearm({ serialNumber: 'BXKL123', manufacturer: 'Century Arms' }), 0, US_COMPLETE, true],
    ['an imported gun with its importer (WASR-10, Century)', validSpanishSeizure(), 0, IMPORTED_COMPLETE, true],
    ['the Colt in the Spanish seizure', validSpanishSeizure(), 1, US_COMPLETE, true],
    ['a foreign gun without importer', withFirearm({ ...romanianRifle(), importer: undefined }), 0, { ...IMPORTED_COMPLETE, importer: 'missing' }, false],
    ['an obliterated serial', withFirearm({ serialNumber: undefined, serialStatus: 'obliterated' }), 0, { ...US_COMPLETE, serialNumber: 'unavailable' }, false],
    ['a partly read obliterated serial', withFirearm({ serialNumber: 'FX??39', serialStatus: 'obliterated' }), 0, { ...US_COMPLETE, serialNumber: 'unavailable' }, false],
    ['none marked (pre-1968)', withFirearm({ serialNumber: undefined, serialStatus: 'none_marked', noneMarkedReason: 'pre_1968' }), 0, { ...US_COMPLETE, serialNumber: 'unavailable' }, false],
    ['a partial reading with "?"', withFirearm({ serialNumber: 'FX?439', serialStatus: 'partial' }), 0, US_COMPLETE, true],
    ['a placeholder serial (N/A)', withFirearm({ serialNumber: 'N/A' }), 0, { ...US_COMPLETE, serialNumber: 'invalid' }, false],
    ['a Spanish placeholder serial (SIN NÚMERO)', withFirearm({ serialNumber: 'SIN NÚMERO' }), 0, { ...US_COMPLETE, serialNumber: 'invalid' }, false],
    ['a serial with a slash', withFirearm({ serialNumber: 'FX/7439' }), 0, { ...US_COMPLETE, serialNumber: 'invalid' }, false],
    ['a serial typed although none is marked', withFirearm({ serialStatus: 'none_marked' }), 0, { ...US_COMPLETE, serialNumber: 'invalid' }, false],
    ['a serial status not checked', withFirearm({ serialStatus: 'not_checked' }), 0, { ...US_COMPLETE, serialNumber: 'invalid' }, false],
    ['a legible serial left empty', withFirearm({ serialNumber: '' }), 0, { ...US_COMPLETE, serialNumber: 'missing' }, false],
    ['no serial status', withFirearm({ serialStatus: undefined }), 0, { ...US_COMPLETE, serialNumber: 'missing' }, false],
    ['an empty model', withFirearm({ model: undefined }), 0, { ...US_COMPLETE, model: 'missing' }, false],
    ['a blank model', withFirearm({ model: '  ' }), 0, { ...US_COMPLETE, model: 'missing' }, false],
    ['no manufacturer, calibre or type', withFirearm({ manufacturer: undefined, caliber: undefined, type: undefined }), 0, { ...US_COMPLETE, manufacturer: 'missing', caliber: 'missing', type: 'missing' }, false],
    ['an unknown country of manufacture', withFirearm({ countryOfOrigin: 'ZZ' }), 0, { ...US_COMPLETE, countryOfOrigin: 'invalid', importer: 'missing' }, false],
    // Judgement call kept from the code: with no country yet, the importer reads "not needed".
    ['no country of manufacture', withFirearm({ countryOfOrigin: undefined }), 0, { ...US_COMPLETE, countryOfOrigin: 'missing' }, false],
  ])('%s', (_name, record, index, states, complete) => {
    const result = readiness(record, index);
    expect(result.states).toEqual(states);
    expect(result.complete).toBe(complete);
  });

  it("each firearm's checklist reads only its own issues", () => {
    const record = validSeizure({
      firearms: [usPistol({ serialNumber: 'N/A', model: undefined }), usPistol({ id: IDS.firearm2, itemNumber: 2, serialNumber: 'HNV4739' })],
    });
    expect(readiness(record, 0).states).toEqual({ ...US_COMPLETE, serialNumber: 'invalid', model: 'missing' });
    expect(readiness(record, 1)).toMatchObject({ states: US_COMPLETE, complete: true });
  });

  it('a duplicate serial makes the second item invalid, not the first', () => {
    const record = validSeizure({ firearms: [usPistol(), usPistol({ id: IDS.firearm2, itemNumber: 2 })] });
    expect(readiness(record, 0)).toMatchObject({ states: US_COMPLETE, complete: true });
    expect(readiness(record, 1)).toMatchObject({ states: { ...US_COMPLETE, serialNumber: 'invalid' }, complete: false });
  });

  it('errors at item 10 do not leak into item 1 (path prefix is exact)', () => {
    const firearms = Array.from({ length: 11 }, (_, i) => usPistol({ itemNumber: i + 1, serialNumber: `HNV47${String(i).padStart(2, '4')}` }));
    const eleventh = firearms[10];
    if (eleventh) firearms[10] = { ...eleventh, model: undefined };
    const record = validSeizure({ firearms });
    expect(readiness(record, 1).states).toEqual(US_COMPLETE);
    expect(readiness(record, 10).states).toEqual({ ...US_COMPLETE, model: 'missing' });
  });
});
