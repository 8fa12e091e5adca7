import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GEO_BORDER_TOLERANCE_M, geoIssues, isOutsideState } from '../../src/domain/geo/check';
import { distanceM, distanceToAreaM } from '../../src/domain/geo/geometry';
import { SUGGEST_REACH_M, createGeoLocator, type GeoData } from '../../src/domain/geo/locator';
import { mxGeoLocator } from '../../src/domain/geo/mx-geo';
import { checkSeizure } from '../../src/domain';
import { CHECK_CTX, validSeizure } from './fixtures';

interface SourcePoint {
  code: string;
  lat: number;
  lon: number;
}
// The municipal seats as received (scripts/sources, provenance in README-geo.md there): the app
// bundles only the centroids, so the seats are an independent check of the boundaries.
const seats = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../scripts/sources/mx-municipality-points.json'), 'utf8')) as { points: SourcePoint[] }).points;

/** A small deterministic generator (mulberry32), so the sample is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('which state a point is in (simplified INEGI boundaries)', () => {
  it.each([
    ['Ciudad Juárez', 31.7387, -106.487, '08'],
    ['Tijuana', 32.5149, -117.0382, '02'],
    ['Guadalajara', 20.6767, -103.3475, '14'],
    ['Mexico City, Zócalo', 19.4326, -99.1332, '09'],
    ['Hermosillo', 29.0729, -110.9559, '26'],
    ['Mérida', 20.9674, -89.5926, '31'],
  ])('%s is in state %s', (_name, lat, lon, code) => {
    expect(mxGeoLocator.stateAt({ lat, lon })).toEqual({ code, distanceM: 0 });
  });

  it('a point at sea falls back to the nearest state, with how far it is', () => {
    // The Pacific, 9 km off Acapulco.
    const found = mxGeoLocator.stateAt({ lat: 16.75, lon: -99.95 });
    expect(found.code).toBe('12');
    expect(found.distanceM).toBeGreaterThan(5_000);
    expect(found.distanceM).toBeLessThan(15_000);
    expect(mxGeoLocator.suggest({ lat: 16.75, lon: -99.95 })?.stateCode).toBe('12');
  });

  it('a point far outside Mexico (Texas) is far from every state, so nothing is suggested', () => {
    const texas = { lat: 31.0, lon: -100.0 };
    expect(mxGeoLocator.stateAt(texas).distanceM).toBeGreaterThan(SUGGEST_REACH_M);
    expect(mxGeoLocator.suggest(texas)).toBeUndefined();
  });

  it('50 municipal seats drawn at random each fall in their own state', () => {
    const next = seeded(20240601);
    const sample = Array.from({ length: 50 }, () => seats[Math.floor(next() * seats.length)]!);
    expect(new Set(sample.map((s) => s.code)).size).toBeGreaterThan(45);
    const wrong = sample.filter((seat) => mxGeoLocator.stateAt(seat).code !== seat.code.slice(0, 2)).map((s) => s.code);
    // The README's three seats on the far side of a simplified border (16106, 20021, 31028) may be drawn.
    expect(wrong.filter((code) => !['16106', '20021', '31028'].includes(code))).toEqual([]);
  });

  it('no municipal seat of all 2,478 would warn against its own state', () => {
    expect(seats).toHaveLength(2478);
    const warned = seats.filter((seat) => isOutsideState(mxGeoLocator.distanceToState(seat.code.slice(0, 2), seat)!, 0)).map((s) => s.code);
    expect(warned).toEqual([]);
    const elsewhere = seats.filter((seat) => mxGeoLocator.stateAt(seat).code !== seat.code.slice(0, 2));
    expect(elsewhere.length).toBeLessThanOrEqual(3);
  });
});

describe('the nearest municipalities, by centroid, within the state', () => {
  it.each([
    ['Guadalajara', 20.6767, -103.3475, '14', '14039'],
    ['Zócalo (Cuauhtémoc)', 19.4326, -99.1332, '09', '09015'],
    ['Ciudad Juárez', 31.7387, -106.487, '08', '08037'],
    ['Tijuana', 32.5149, -117.0382, '02', '02004'],
  ])('%s: the first of three is %s', (_name, lat, lon, state, first) => {
    const found = mxGeoLocator.nearestMunicipalities(state, { lat, lon });
    expect(found).toHaveLength(3);
    expect(found[0]?.code).toBe(first);
    expect(found.every((m) => m.code.startsWith(state))).toBe(true);
    expect(found.map((m) => m.distanceM)).toEqual([...found.map((m) => m.distanceM)].sort((a, b) => a - b));
  });

  it('the top three hold the seat’s own municipality for at least 9 seats in 10', () => {
    const hits = seats.filter((seat) => mxGeoLocator.nearestMunicipalities(seat.code.slice(0, 2), seat).some((m) => m.code === seat.code)).length;
    expect(hits / seats.length).toBeGreaterThan(0.9);
  });

  it('an unknown state has none', () => {
    expect(mxGeoLocator.nearestMunicipalities('99', { lat: 20, lon: -100 })).toEqual([]);
    expect(mxGeoLocator.distanceToState('99', { lat: 20, lon: -100 })).toBeUndefined();
  });
});

// A square "state" 1° a side, so distances can be worked out by hand.
const square: GeoData = {
  states: { '14': [[[-100, 20, -99, 20, -99, 21, -100, 21, -100, 20]]] },
  centroids: [
    ['14001', 20.5, -99.5],
    ['14002', 20.9, -99.1],
    ['14003', 20.1, -99.9],
    ['14004', 20.5, -99.2],
  ],
};
const squareGeo = createGeoLocator(square);
/** A point `metres` east of the square's east edge, at latitude 20.5. */
const metresPerDegreeEast = ((6_371_008.8 * Math.PI) / 180) * Math.cos((20.5 * Math.PI) / 180);
const eastBy = (metres: number) => ({ lat: 20.5, lon: -99 + metres / metresPerDegreeEast });

describe('distances', () => {
  it('0 inside; the perpendicular distance outside', () => {
    expect(distanceToAreaM(square.states['14']!, { lat: 20.5, lon: -99.5 })).toBe(0);
    expect(squareGeo.distanceToState('14', eastBy(2500))).toBeCloseTo(2500, 0);
    // Agrees with the great-circle distance to the edge's nearest point.
    expect(squareGeo.distanceToState('14', eastBy(40_000))).toBeCloseTo(distanceM(eastBy(40_000), { lat: 20.5, lon: -99 }), -1);
  });

  it('nearest centroids, nearest first', () => {
    expect(squareGeo.nearestMunicipalities('14', { lat: 20.5, lon: -99.25 }).map((m) => m.code)).toEqual(['14004', '14001', '14002']);
  });
});

describe('recovery.geoOutsideState (X-W6)', () => {
  it('warns only beyond 1 km plus the accuracy', () => {
    expect(GEO_BORDER_TOLERANCE_M).toBe(1000);
    expect(isOutsideState(999, undefined)).toBe(false);
    expect(isOutsideState(1001, undefined)).toBe(true);
    expect(isOutsideState(1001, 50)).toBe(false);
    expect(isOutsideState(1051, 50)).toBe(true);
  });

  const withGeo = (state: string, geo: { lat: number; lon: number; accuracyM?: number }, country = 'MX') => {
    const record = validSeizure();
    return { ...record, recovery: { ...record.recovery, country, state, geo } };
  };

  it.each([
    ['inside the state', 20.5, -99.5, undefined, []],
    ['0.6 km out, inside the simplification margin', 20.5, eastBy(600).lon, undefined, []],
    ['2.5 km out', 20.5, eastBy(2500).lon, undefined, [3]],
    ['2.5 km out with a 2 km accuracy', 20.5, eastBy(2500).lon, 2000, []],
    ['40 km out', 20.5, eastBy(40_000).lon, 10, [40]],
  ])('%s', (_what, lat, lon, accuracyM, km) => {
    const record = withGeo('14', { lat, lon, ...(accuracyM === undefined ? {} : { accuracyM }) });
    expect(geoIssues(record, squareGeo)).toEqual(
      km.map((k) => ({ path: 'recovery.geo', code: 'recovery.geoOutsideState', severity: 'warning', params: { state: 'Jalisco', km: k } })),
    );
  });

  it('says nothing without the boundaries, a position, a Mexican state, or in another country', () => {
    const far = { lat: 20.5, lon: eastBy(40_000).lon };
    expect(geoIssues(withGeo('14', far), undefined)).toEqual([]);
    expect(geoIssues(withGeo('14', far, 'US'), squareGeo)).toEqual([]);
    expect(geoIssues(withGeo('', far), squareGeo)).toEqual([]);
    expect(geoIssues(validSeizure(), squareGeo)).toEqual([]);
  });

  it('runs in the record checks: Guadalajara recorded with Sonora chosen', () => {
    const record = withGeo('26', { lat: 20.6767, lon: -103.3475, accuracyM: 20 });
    const issues = checkSeizure(record, { ...CHECK_CTX, geo: mxGeoLocator }).filter((i) => i.code === 'recovery.geoOutsideState');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.params?.state).toBe('Sonora');
    expect(Number(issues[0]?.params?.km)).toBeGreaterThan(500);
    expect(checkSeizure(withGeo('14', { lat: 20.6767, lon: -103.3475 }), { ...CHECK_CTX, geo: mxGeoLocator }).some((i) => i.code === 'recovery.geoOutsideState')).toBe(false);
  });
});

// The committed data must be what the script makes from the sources, so nobody hand-edits it.
describe('scripts/build-geo-data.mjs', () => {
  it('regenerates src/domain/geo/data/mx-geo.json byte for byte', () => {
    const root = resolve(import.meta.dirname, '../..');
    const out = mkdtempSync(join(tmpdir(), 'geo-data-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts/build-geo-data.mjs'), '--out', join(out, 'mx-geo.json')], { stdio: 'pipe' });
      expect(readFileSync(join(out, 'mx-geo.json'), 'utf8')).toBe(readFileSync(join(root, 'src/domain/geo/data/mx-geo.json'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
