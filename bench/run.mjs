/**
 * `npm run bench`: every benchmark of docs/performance.md in its real runtime (headless Chromium
 * for the app, Node for the server), a table on stdout, and bench/results.json + results.md.
 * BENCH_ONLY=weight,save,device,load,sync,lighthouse,growth,export,supervisor,links,photos selects parts (all by default).
 * Run with `node --import tsx` (the server modules it seeds accounts with are TypeScript).
 */
/* global console, process */
import os from 'node:os';
import { buildAppOnce } from './lib/build.mjs';
import { cleanupAll, cpuProbe, log, settings, wants } from './lib/common.mjs';
import { printTable, recordFailure, results, writeResults } from './lib/report.mjs';
import { freshDatabase, startServer } from './lib/server.mjs';

const PARTS = [
  ['weight', 'weight', () => import('./parts/weight.mjs').then((m) => m.runWeight)],
  ['save', 'save', () => import('./parts/device.mjs').then((m) => m.runSave)],
  ['device', 'device scale', () => import('./parts/device.mjs').then((m) => m.runDeviceScale)],
  ['load', 'server load', () => import('./parts/load.mjs').then((m) => m.runLoad)],
  ['sync', 'sync throughput', () => import('./parts/sync.mjs').then((m) => m.runSync)],
  ['lighthouse', 'lighthouse', () => import('./parts/lighthouse.mjs').then((m) => m.runLighthouse)],
  ['growth', 'server growth', () => import('./parts/growth.mjs').then((m) => m.runGrowth)],
  ['export', 'server export', () => import('./parts/export.mjs').then((m) => m.runExport)],
  ['supervisor', 'supervisor queries', () => import('./parts/supervisor.mjs').then((m) => m.runSupervisor)],
  ['links', 'server links', () => import('./parts/links.mjs').then((m) => m.runLinks)],
  ['photos', 'photo uploads', () => import('./parts/photos.mjs').then((m) => m.runPhotos)],
];

const unknown = settings.only.filter((name) => !PARTS.some(([key]) => key === name));
if (unknown.length) {
  console.error(`Unknown BENCH_ONLY part(s): ${unknown.join(', ')}. Known: ${PARTS.map(([key]) => key).join(', ')}.`);
  process.exit(2);
}

// One server with the built app on a throw-away SQLite database, shared by the browser parts.
let shared;
const appServer = async () => {
  if (!shared) {
    const { outDir } = await buildAppOnce();
    shared = await startServer(await freshDatabase('sqlite'), { distDir: outDir, logLevel: 'warn' });
  }
  return shared;
};

const started = Date.now();
const loadAtStart = os.loadavg()[0];
const probeAtStart = cpuProbe();
const ran = [];
let interrupted = false;
const interrupt = () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error('\ninterrupted: cleaning up (again to quit at once)');
  cleanupAll().finally(() => process.exit(130));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

try {
  for (const [key, title, load] of PARTS) {
    if (!wants(key)) continue;
    log(`── ${title} ──`);
    const partStart = Date.now();
    try {
      const run = await load();
      await run({ appServer });
      ran.push(key);
    } catch (error) {
      console.error(error);
      recordFailure(`${title}: did not complete`, error);
    }
    log(`${title} took ${((Date.now() - partStart) / 1000).toFixed(0)} s`);
  }
} finally {
  await cleanupAll();
}

printTable();
const seconds = Math.round((Date.now() - started) / 1000);
writeResults({
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model?.trim() ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}; 1-min load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end; CPU probe ${probeAtStart.toFixed(0)} ms at the start and ${cpuProbe().toFixed(0)} ms at the end (bench/lib/common.mjs, lower is faster)`,
  parts: `parts: ${ran.join(', ') || 'none'}`,
  duration: `The run took ${Math.floor(seconds / 60)} min ${seconds % 60} s`,
}, { docs: settings.only.length === 0 });
const missed = results.filter((r) => !r.ok);
console.log(`\n${results.length - missed.length} within budget, ${missed.length} missed. Wrote bench/results.json and bench/results.md${settings.only.length === 0 ? ' and the results in docs/performance.md' : ''}.`);
