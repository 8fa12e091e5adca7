import type { GeoLocator } from '../../../domain/geo/locator';
import { loadOnce, useLoaded } from '../../../lib/use-loaded';

// The state boundaries and municipal centroids (99 kB gz) are fetched only once a record has a
// position, never with the form; the service worker precaches the chunk, so it works offline.
const loadGeo = loadOnce(() => import('../../../domain/geo/mx-geo').then((m) => m.mxGeoLocator));

/** A position as the form may hold it: a half-typed or cleared one has no usable numbers. */
export const hasPosition = (geo: { lat?: number; lon?: number } | undefined): geo is { lat: number; lon: number } =>
  typeof geo?.lat === 'number' && typeof geo.lon === 'number' && Number.isFinite(geo.lat) && Number.isFinite(geo.lon);

export function useGeoLocator(needed: boolean): GeoLocator | undefined {
  return useLoaded(needed ? 'mx' : undefined, loadGeo);
}
