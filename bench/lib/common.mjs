/**
 * What every benchmark part shares: settings from the environment, temporary directories that
 * are removed at the end, clean-up of child processes, statistics and logging.
 */
/* global console, process, setTimeout, performance */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = path.join(ROOT, 'bench');

const env = process.env;
const num = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  return value;
};

/** Every knob, with the value the full run uses. docs/performance.md lists them. */
export const settings = {
  only: (env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  chromium: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  pgUrl: env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  dialects: (env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean),
  saves: num('BENCH_SAVES', 200),
  taps: num('BENCH_TAPS', 200),
  tapsThrottled: num('BENCH_TAPS_THROTTLED', 60),
  deviceSizes: (env.BENCH_DEVICE_SIZES ?? '1000,10000,100000').split(',').map(Number),
  devicePage: num('BENCH_DEVICE_PAGE', 500),
  queries: num('BENCH_QUERIES', 50),
  loadSeconds: num('BENCH_LOAD_SECONDS', 60),
  /** The capacity search's first level (devices); it doubles from there while the server holds. */
  loadDevices: num('BENCH_LOAD_DEVICES', 500),
  capMax: num('BENCH_CAP_MAX', 40000),
  capPrecision: num('BENCH_CAP_PRECISION', 0.1),
  /** Time bound of each capacity search (one per database, and the two-process one), in seconds. */
  capBudgetSeconds: num('BENCH_CAP_BUDGET_S', 1200),
  loadUsers: num('BENCH_LOAD_USERS', 50),
  loadAgencies: num('BENCH_LOAD_AGENCIES', 50),
  loadIntervalMs: num('BENCH_LOAD_INTERVAL_MS', 10000),
  loadBatch: num('BENCH_LOAD_BATCH', 3),
  syncRecords: num('BENCH_SYNC_RECORDS', 10000),
  localWrites: num('BENCH_LOCAL_WRITES', 2000),
  lighthouseRuns: num('BENCH_LH_RUNS', 3),
  growthSizes: (env.BENCH_GROWTH_SIZES ?? '10000,1000000').split(',').map(Number),
  growthQueries: num('BENCH_GROWTH_QUERIES', 200),
  keepTmp: env.BENCH_KEEP_TMP === '1',
};

export const wants = (part) => settings.only.length === 0 || settings.only.includes(part);

const tmpDirs = [];
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), `traceready-bench-${prefix}-`));
  tmpDirs.push(dir);
  return dir;
}

const cleanups = [];
/** Registers work to undo at the end (stop a server, drop a schema), run last-in first-out. */
export const onCleanup = (fn) => cleanups.push(fn);

export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error('clean-up failed:', error?.message ?? error);
    }
  }
  if (!settings.keepTmp) for (const dir of tmpDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const log = (...args) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---- statistics -------------------------------------------------------------------------------

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
export const median = (values) => percentile(values, 50);
export const sum = (values) => values.reduce((a, b) => a + b, 0);
export const round = (value, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The time a fixed piece of JavaScript work takes here, median of 5: how fast the machine is at
 * the moment. The load average misses a busy host (a shared VM's stolen time), and absolute
 * figures such as the search times move with it; two runs' probes say how comparable they are.
 */
function spin(rounds) {
  let x = 0;
  for (let i = 0; i < rounds; i++) x = (Math.imul(x, 31) + i) | 0;
  return x;
}

export function cpuProbe() {
  // Warmed first, so every timed run uses the same optimised code.
  for (let warm = 0; warm < 20; warm++) spin(100_000);
  const times = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    if (spin(30_000_000) === 42) console.log(''); // uses the result, so the loop is not optimised away
    times.push(performance.now() - started);
  }
  return median(times);
}
