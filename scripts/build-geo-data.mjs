#!/usr/bin/env node
// Regenerates src/domain/geo/data/mx-geo.json, the offline data behind the location checks and
// suggestions (src/domain/geo): the 32 simplified INEGI state boundaries and the centroid of each
// of the 2,478 municipalities, from scripts/sources/ (provenance and licence: README-geo.md there).
//
// Usage: node scripts/build-geo-data.mjs [--out FILE]
//
// Only what the app uses is kept, in a compact shape: each ring is one flat [lon, lat, lon, lat, ...]
// array (GeoJSON's nested pairs cost a third more bytes), seats and source kinds are dropped (the
// suggestions rank municipalities by centroid, which the README measured as the better guess).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = resolve(repoRoot, 'scripts/sources');

function fail(message) {
  console.error(`build-geo-data: ${message}`);
  process.exit(1);
}

const check = (condition, message) => condition || fail(message);
const readJson = (name) => JSON.parse(readFileSync(resolve(sources, name), 'utf8'));

function polygonsOf(geometry, code) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : fail(`state ${code}: ${geometry.type}`);
  return polygons.map((rings) =>
    rings.map((ring) => {
      check(ring.length >= 4, `state ${code}: a ring of ${ring.length} points`);
      return ring.flatMap(([lon, lat]) => [lon, lat]);
    }),
  );
}

function main() {
  const { values } = parseArgs({ options: { out: { type: 'string', default: resolve(repoRoot, 'src/domain/geo/data/mx-geo.json') } } });
  const statesFile = readJson('mx-states-simplified.geojson');
  const pointsFile = readJson('mx-municipality-points.json');
  const inegi = readJson('inegi-mexico.json');

  // An object keyed by code: JSON key order does not matter to the reader (integer-like keys
  // such as "10" are enumerated before "01" anyway).
  const states = {};
  for (const feature of [...statesFile.features].sort((a, b) => a.properties.code.localeCompare(b.properties.code))) {
    states[feature.properties.code] = polygonsOf(feature.geometry, feature.properties.code);
  }
  const stateCodes = inegi.states.map((s) => s.code).sort();
  check(JSON.stringify(Object.keys(states).sort()) === JSON.stringify(stateCodes), 'the boundaries do not cover exactly the 32 INEGI states');

  const municipalityCodes = new Set(inegi.municipalities.map((m) => m.code));
  const centroids = pointsFile.points
    .map((p) => [p.code, p.clat, p.clon])
    .sort((a, b) => a[0].localeCompare(b[0]));
  check(centroids.length === municipalityCodes.size, `${centroids.length} points for ${municipalityCodes.size} municipalities`);
  for (const [code, lat, lon] of centroids) {
    check(municipalityCodes.has(code), `point ${code} is not an INEGI municipality`);
    check(Number.isFinite(lat) && Number.isFinite(lon), `point ${code} has no centroid`);
  }

  // INEGI's free-use terms require a credit wherever the data is shown: the app's is the string
  // location:attribution, beside every suggestion (docs/location.md).
  const out = { source: `${statesFile.source} Centroids: ${pointsFile.source}`, states, centroids };
  writeFileSync(values.out, `${JSON.stringify(out)}\n`);
  console.log(`build-geo-data: ${stateCodes.length} states, ${centroids.length} centroids -> ${values.out}`);
}

main();
