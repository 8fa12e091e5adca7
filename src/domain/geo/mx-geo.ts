// Kept out of index.ts: the boundaries are ~290 kB (99 kB gz), so the app loads this module
// only once a position is recorded, and checks receive the locator as a GeoLocator argument.
import data from './data/mx-geo.json' with { type: 'json' };
import { createGeoLocator, type GeoData } from './locator';

// JSON imports type tuples as loose arrays; the build script (scripts/build-geo-data.mjs) checked the shape.
export const mxGeoLocator = createGeoLocator(data as unknown as GeoData);
