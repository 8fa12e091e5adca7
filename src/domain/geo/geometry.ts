/**
 * Plane geometry on latitude and longitude, for the distances the location check needs (a few
 * kilometres near a state border, hundreds at most for a suggestion). Around the point asked
 * about, degrees are scaled to metres by an equirectangular projection: within a few hundred
 * kilometres its error is well under the 700 m the simplified borders already move, and it keeps
 * the maths to sums a phone does in microseconds.
 */

/** One ring as a flat list: lon0, lat0, lon1, lat1, ... (first point repeated last, as GeoJSON). */
export type Ring = readonly number[];
/** An outer ring then its holes. */
export type Polygon = readonly Ring[];

export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/** Great-circle distance (haversine), for ranking points that may be far apart. */
export function distanceM(a: LatLon, b: LatLon): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Even-odd ray casting: a point exactly on an edge may fall either way, which the tolerance absorbs. */
function insideRing(ring: Ring, { lat, lon }: LatLon): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const xi = ring[i]!, yi = ring[i + 1]!, xj = ring[j]!, yj = ring[j + 1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function insidePolygons(polygons: readonly Polygon[], point: LatLon): boolean {
  return polygons.some(([outer, ...holes]) => outer !== undefined && insideRing(outer, point) && !holes.some((hole) => insideRing(hole, point)));
}

/** Shortest distance from the point to any edge of the rings, in metres (0 is never returned for a point off the edges). */
export function distanceToEdgesM(polygons: readonly Polygon[], point: LatLon): number {
  const kx = METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;
  let best = Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 2; i < ring.length; i += 2) {
        // Edge from a to b, in metres relative to the point.
        const ax = (ring[i - 2]! - point.lon) * kx, ay = (ring[i - 1]! - point.lat) * ky;
        const bx = (ring[i]! - point.lon) * kx, by = (ring[i + 1]! - point.lat) * ky;
        const dx = bx - ax, dy = by - ay;
        const length2 = dx * dx + dy * dy;
        const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
        const cx = ax + t * dx, cy = ay + t * dy;
        const d2 = cx * cx + cy * cy;
        if (d2 < best) best = d2;
      }
    }
  }
  return Math.sqrt(best);
}

/** Distance from the point to the area: 0 inside it. */
export function distanceToAreaM(polygons: readonly Polygon[], point: LatLon): number {
  return insidePolygons(polygons, point) ? 0 : distanceToEdgesM(polygons, point);
}
