/**
 * Builds: the production app with Vite's own API into a temporary directory (./dist is left
 * alone, tests may be using it), the libraries-only floor with the same bundler, and the
 * benchmark pages (the app's real storage and sync modules, bundled with esbuild) placed beside
 * the app so they share its origin and its IndexedDB.
 */
/* global performance */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, ROOT, log, tempDir } from './common.mjs';

let appBuild;

/** The app as `npm run build` makes it (same vite.config.ts), plus a manifest to read chunks from. */
export async function buildAppOnce() {
  if (appBuild) return appBuild;
  const { build } = await import('vite');
  const outDir = path.join(tempDir('dist'), 'dist');
  log('building the app with vite into', outDir);
  const started = performance.now();
  await build({
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  log(`app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await bundlePages(outDir);
  appBuild = { outDir };
  return appBuild;
}

/** The libraries alone (bench/page/floor), same bundler, target and minifier as the app. */
export async function buildFloor() {
  const { build } = await import('vite');
  const outDir = path.join(tempDir('floor'), 'dist');
  await build({
    root: path.join(BENCH_DIR, 'page', 'floor'),
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: { outDir, emptyOutDir: true, manifest: true, target: 'es2022' },
  });
  return { outDir };
}

const PAGE = (script) => `<!doctype html>
<html lang="en"><head><meta charset="UTF-8"><title>bench</title></head>
<body><p id="state">loading</p><script src="./${script}"></script></body></html>
`;

/** esbuild bundles of the in-page benchmark code, written under <dist>/bench/. */
export async function bundlePages(outDir) {
  const esbuild = await import('esbuild');
  const dir = path.join(outDir, 'bench');
  mkdirSync(dir, { recursive: true });
  for (const [entry, out] of [
    ['device.ts', 'device.js'],
    ['pouch.js', 'pouch.js'],
    ['tap-floor.ts', 'tap-floor.js'],
  ]) {
    await esbuild.build({
      entryPoints: [path.join(BENCH_DIR, 'page', entry)],
      outfile: path.join(dir, out),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: false,
      sourcemap: false,
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    });
    writeFileSync(path.join(dir, out.replace(/\.js$/, '.html')), PAGE(out));
  }
  return dir;
}

/** A copy of the bench pages in a directory of their own (the PouchDB server serves it). */
export function pagesDir(outDir) {
  const dir = path.join(outDir, 'bench');
  if (!existsSync(path.join(dir, 'pouch.js'))) throw new Error('bench pages are not built');
  return dir;
}

export const readManifest = (outDir) => JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'));
