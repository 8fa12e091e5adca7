/**
 * Where a GPS fix falls among Mexico's states and municipalities, offline, from the simplified
 * INEGI data (built by scripts/build-geo-data.mjs; provenance and measured accuracy in
 * docs/location.md). Built from the data as an argument so that only the app's lazily loaded
 * chunk (mx-geo.ts) pulls in the large file, as with the municipality catalogue. The app imports
 * this module only through that chunk (types aside), so its code stays out of the form too.
 */
import { distanceM, distanceToAreaM, insidePolygons, type LatLon, type Polygon } from './geometry';

export interface GeoData {
  /** INEGI state code to its polygons, each an outer ring then holes, rings as flat lon/lat lists. */
  states: Readonly<Record<string, readonly Polygon[]>>;
  /** [INEGI municipality code, centroid latitude, centroid longitude]. */
  centroids: readonly (readonly [string, number, number])[];
}

export interface StateAtPoint {
  code: string;
  /** 0 when a state contains the point; else how far the nearest one is (at sea, on a dropped islet, abroad). */
  distanceM: number;
}

export interface NearbyMunicipality {
  code: string;
  /** From the point to the municipality's centroid: a ranking, not the distance to its border. */
  distanceM: number;
}

export interface GeoLocator {
  /** The state containing the point, or the nearest state when none does. */
  stateAt(point: LatLon): StateAtPoint;
  /** Metres from the point to the state's area (0 inside); undefined for a code with no boundary. */
  distanceToState(stateCode: string, point: LatLon): number | undefined;
  /** The municipalities of the state whose centroids are nearest the point, nearest first. */
  nearestMunicipalities(stateCode: string, point: LatLon, count?: number): NearbyMunicipality[];
  /** The state and municipalities to suggest for a fix, or undefined when it is beyond SUGGEST_REACH_M of every state. */
  suggest(point: LatLon): PlaceSuggestion | undefined;
}

/**
 * How far off the nearest state a point may be and still get that state suggested: a fix at sea
 * off the coast (territorial waters reach 22 km) or on an islet the simplified data dropped. Farther
 * away the point is taken as outside Mexico, where no state can be suggested.
 */
export const SUGGEST_REACH_M = 30_000;

export interface PlaceSuggestion {
  stateCode: string;
  /** Nearest first; a short list because the nearest centroid is right only about 7 times in 10. */
  municipalityCodes: string[];
}

interface Area {
  code: string;
  polygons: readonly Polygon[];
  /** minLon, minLat, maxLon, maxLat: most states are ruled out by this alone. */
  box: readonly [number, number, number, number];
}

function boxOf(polygons: readonly Polygon[]): Area['box'] {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const polygon of polygons) {
    const outer = polygon[0] ?? [];
    for (let i = 0; i < outer.length; i += 2) {
      minLon = Math.min(minLon, outer[i]!);
      maxLon = Math.max(maxLon, outer[i]!);
      minLat = Math.min(minLat, outer[i + 1]!);
      maxLat = Math.max(maxLat, outer[i + 1]!);
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

const inBox = ([minLon, minLat, maxLon, maxLat]: Area['box'], { lat, lon }: LatLon) => lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;

export function createGeoLocator(data: GeoData): GeoLocator {
  const areas: Area[] = Object.entries(data.states)
    .map(([code, polygons]) => ({ code, polygons, box: boxOf(polygons) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(areas.map((area) => [area.code, area]));
  const centroidsByState = new Map<string, { code: string; lat: number; lon: number }[]>();
  for (const [code, lat, lon] of data.centroids) {
    const state = code.slice(0, 2);
    const list = centroidsByState.get(state) ?? [];
    list.push({ code, lat, lon });
    centroidsByState.set(state, list);
  }

  const locator: GeoLocator = {
    stateAt(point) {
      const containing = areas.find((area) => inBox(area.box, point) && insidePolygons(area.polygons, point));
      if (containing) return { code: containing.code, distanceM: 0 };
      let nearest: StateAtPoint = { code: '', distanceM: Infinity };
      for (const area of areas) {
        const d = distanceToAreaM(area.polygons, point);
        if (d < nearest.distanceM) nearest = { code: area.code, distanceM: d };
      }
      return nearest;
    },
    distanceToState(stateCode, point) {
      const area = byCode.get(stateCode);
      return area ? distanceToAreaM(area.polygons, point) : undefined;
    },
    nearestMunicipalities(stateCode, point, count = 3) {
      return (centroidsByState.get(stateCode) ?? [])
        .map((c) => ({ code: c.code, distanceM: distanceM(point, c) }))
        .sort((a, b) => a.distanceM - b.distanceM)
        .slice(0, count);
    },
    suggest(point) {
      const state = locator.stateAt(point);
      if (!state.code || state.distanceM > SUGGEST_REACH_M) return undefined;
      return { stateCode: state.code, municipalityCodes: locator.nearestMunicipalities(state.code, point).map((m) => m.code) };
    },
  };
  return locator;
}
