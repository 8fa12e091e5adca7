/**
 * 1. Weight: the gzipped JavaScript and CSS the first screen needs, read from the production
 * build's index.html (its script, modulepreload and stylesheet tags) and checked against Vite's
 * manifest (the entry's static import closure), against the libraries' own minimum built by the
 * same bundler in the same run (bench/page/floor). Also what Chromium actually fetches on a cold
 * profile through sign-in and the PIN to the capture form, and which packages and modules weigh most.
 */
/* global URL */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAppOnce, buildFloor, readManifest } from '../lib/build.mjs';
import { BENCH_PIN, launchDevice } from '../lib/browser.mjs';
import { log } from '../lib/common.mjs';
import { record } from '../lib/report.mjs';
import { BENCH_PASSWORD, seedAccounts } from '../lib/server.mjs';

const KB = 1000;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Types part of a name into a typeahead and picks the option (the e2e tests' pick, without their assertions). */
async function pickOption(page, label, typed, option) {
  await page.getByLabel(label, { exact: true }).fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** JS and CSS files referenced by an index.html: script src, modulepreload and stylesheet hrefs. */
export function htmlAssets(html) {
  const found = new Set();
  for (const match of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const tag = match[0];
    const src = /\bsrc="([^"]+)"/.exec(tag)?.[1];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (match[1] === 'script' && src) found.add(src);
    if (match[1] === 'link' && href && (rel === 'modulepreload' || rel === 'stylesheet')) found.add(href);
  }
  return [...found].map((p) => p.replace(/^\//, '')).filter((p) => /\.(js|css)$/.test(p));
}

/** The entry chunk's static import closure and its CSS, from Vite's manifest. */
function manifestClosure(manifest) {
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  return [...files];
}

// ---- where the bytes come from (source maps) ---------------------------------------------------

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = B64[char];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Minified bytes per original source of one chunk, from its source map. */
function bytesBySource(jsFile) {
  let map;
  try {
    map = JSON.parse(readFileSync(`${jsFile}.map`, 'utf8'));
  } catch {
    return new Map();
  }
  const lines = readFileSync(jsFile, 'utf8').split('\n');
  const out = new Map();
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    const width = lines[lineIndex]?.length ?? 0;
    let column = 0;
    let prev;
    for (const segment of line.split(',').filter(Boolean)) {
      const v = decodeVlq(segment);
      column += v[0];
      if (prev) out.set(prev.source, (out.get(prev.source) ?? 0) + (column - prev.column));
      if (v.length >= 4) source += v[1];
      prev = v.length >= 4 ? { source, column } : undefined;
    }
    if (prev) out.set(prev.source, (out.get(prev.source) ?? 0) + (width - prev.column));
  });
  const named = new Map();
  for (const [index, bytes] of out) {
    const name = map.sources[index] ?? '?';
    named.set(name, (named.get(name) ?? 0) + bytes);
  }
  return named;
}

const groupOf = (source) => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  if (pkg) return pkg;
  const app = /src\/(.+)$/.exec(source)?.[1];
  if (!app) return 'other';
  if (app.startsWith('domain/vocab')) return 'src/domain/vocab';
  if (app.startsWith('i18n/locales')) return 'src/i18n/locales';
  return `src/${app.split('/').slice(0, app.startsWith('features') ? 3 : 1).join('/')}`;
};

/** Estimated gzipped kB by package / app folder for a set of JS files (each chunk's gzip ratio applied to its sources). */
function attribution(dir, files) {
  const totals = new Map();
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const full = path.join(dir, file);
    const raw = readFileSync(full).length;
    const ratio = gz(full) / raw;
    for (const [source, bytes] of bytesBySource(full)) {
      const group = groupOf(source);
      totals.set(group, (totals.get(group) ?? 0) + (bytes * ratio) / KB);
    }
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

export async function runWeight({ appServer }) {
  const { outDir } = await buildAppOnce();
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const fromHtml = htmlAssets(html);
  const fromManifest = manifestClosure(readManifest(outDir));
  const missing = fromManifest.filter((f) => !fromHtml.includes(f));
  const firstRender = [...new Set([...fromHtml, ...fromManifest])];
  const firstKB = firstRender.reduce((total, f) => total + gz(path.join(outDir, f)), 0) / KB;
  log('first render files:', firstRender.map((f) => `${f} ${(gz(path.join(outDir, f)) / KB).toFixed(1)} kB`).join(', '));

  const floor = await buildFloor();
  const floorFiles = manifestClosure(readManifest(floor.outDir));
  const floorKB = floorFiles.reduce((total, f) => total + gz(path.join(floor.outDir, f)), 0) / KB;

  const parts = attribution(outDir, firstRender);
  const top = parts.slice(0, 12).map(([name, kb]) => `${name} ${kb.toFixed(1)}`).join(', ');
  log('first render by source (kB gz, estimated):', top);
  record({
    name: 'weight: first render (list, /) JS+CSS',
    value: firstKB,
    unit: 'kB gz',
    baseline: floorKB,
    budget: '≤ 200 kB gz (aim 185)',
    check: (v) => v <= 200,
    note: `${firstRender.length} files from index.html${missing.length ? ` (+${missing.length} only in the manifest)` : ''}; baseline = the libraries alone (bench/page/floor), same bundler. Largest parts, kB gz estimated from source maps: ${top}.`,
  });

  // What the browser fetches on the way to the capture form, cold, as an officer gets there on a
  // new phone: the sign-in screen, signing in, choosing a PIN, the list, then "New seizure".
  const server = await appServer();
  const [officer] = await seedAccounts(server.database, { users: 1 });
  const device = await launchDevice('weight', { serviceWorkers: 'block' });
  try {
    const page = await device.context.newPage();
    const fetched = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (/\.(js|css)$/.test(url.pathname) && url.pathname.startsWith('/assets/')) fetched.push(url.pathname.slice(1));
    });
    const settle = async () => {
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1000);
    };
    const fetchedKB = (files) => files.reduce((total, f) => total + gz(path.join(outDir, f)), 0) / KB;
    await page.goto(`${server.url}/`);
    await page.getByLabel('Username', { exact: true }).fill(officer.username);
    await settle();
    const signInFiles = [...new Set(fetched)];
    await page.getByLabel('Password', { exact: true }).fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('PIN', { exact: true }).fill(BENCH_PIN);
    await page.getByLabel('Repeat the PIN', { exact: true }).fill(BENCH_PIN);
    await page.getByRole('button', { name: 'Save PIN', exact: true }).click();
    await page.getByRole('link', { name: 'New seizure', exact: true }).click();
    await page.getByLabel('Case number', { exact: true }).waitFor();
    await settle();
    const formFiles = [...new Set(fetched)];
    // Then where the seizure happened, as most records say: Mexico and a state. The municipality
    // list that choice needs is the only thing it fetches.
    await pickOption(page, 'Country of seizure', 'mexi', 'Mexico');
    await pickOption(page, 'State', 'jalis', 'Jalisco');
    await page.getByLabel('Municipality', { exact: true }).fill('guadala');
    await page.getByRole('option', { name: 'Guadalajara', exact: true }).waitFor();
    await settle();
    await page.close();
    const stateFiles = [...new Set(fetched)].filter((f) => !formFiles.includes(f));
    const extra = formFiles.filter((f) => !firstRender.includes(f));
    const extraParts = attribution(outDir, extra)
      .slice(0, 8)
      .map(([name, kb]) => `${name} ${kb.toFixed(1)}`)
      .join(', ');
    record({
      name: 'weight: capture form (/new) JS+CSS fetched',
      value: fetchedKB(formFiles),
      unit: 'kB gz',
      baseline: floorKB,
      budget: '≤ 200 kB gz',
      check: (v) => v <= 200,
      note: `cold start in Chromium through sign-in, choosing the PIN and the list to the capture form: ${formFiles.length} files${extra.length ? `, beyond the first-render set: ${extra.map((f) => `${f.replace('assets/', '')} ${(gz(path.join(outDir, f)) / KB).toFixed(1)} kB`).join(', ')} (largest parts: ${extraParts})` : ''}; the sign-in screen alone fetched ${fetchedKB(signInFiles).toFixed(1)} kB gz in ${signInFiles.length} files.`,
    });
    record({
      name: 'weight: capture form, Mexico and a state chosen: more fetched',
      value: fetchedKB(stateFiles),
      unit: 'kB gz',
      budget: 'report only',
      note: `choosing Mexico and Jalisco on the capture form fetched ${stateFiles.length} more files: ${stateFiles.map((f) => `${f.replace('assets/', '')} ${(gz(path.join(outDir, f)) / KB).toFixed(1)} kB`).join(', ') || 'none'}.`,
    });
    const all = readdirSync(path.join(outDir, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    const allKB = all.reduce((total, f) => total + gz(path.join(outDir, 'assets', f)), 0) / KB;
    record({ name: 'weight: whole app (all chunks) JS+CSS', value: allKB, unit: 'kB gz', budget: 'report only', note: `${all.length} files; lazy chunks load only when their screen opens.` });
  } finally {
    await device.close();
  }
  return { outDir, firstRender, parts };
}
