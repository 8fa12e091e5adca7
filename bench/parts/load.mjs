/**
 * 4. Server under load: bench/lib/load-gen.mjs (its own process) plays `loadDevices` devices of
 * `loadUsers` officers in `loadAgencies` agencies against ONE server process, on SQLite and then
 * on PostgreSQL, for `loadSeconds`.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, log, settings, tempDir } from '../lib/common.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, seedAccounts, startServer } from '../lib/server.mjs';

/* global process */

function runGenerator(configFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BENCH_DIR, 'lib', 'load-gen.mjs'), configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`load generator exited with ${code}`))));
  });
}

export async function runLoad() {
  const perUser = Math.max(1, Math.round(settings.loadDevices / settings.loadUsers));
  for (const kind of settings.dialects) {
    const database = await freshDatabase(kind);
    const devices = await seedAccounts(database, { agencies: settings.loadAgencies, users: settings.loadUsers, devicesPerUser: perUser });
    const server = await startServer(database, { logLevel: 'info' });
    const configFile = path.join(tempDir('load'), 'config.json');
    writeFileSync(configFile, JSON.stringify({ url: server.url, seconds: settings.loadSeconds, intervalMs: settings.loadIntervalMs, batch: settings.loadBatch, devices }));
    log(`load: ${devices.length} devices (${settings.loadUsers} users × ${perUser}, ${settings.loadAgencies} agencies) on ${kind} for ${settings.loadSeconds} s`);
    const r = await runGenerator(configFile);
    await server.stop();
    log(`load ${kind}:`, JSON.stringify(r));
    const shape = `${devices.length} devices, a cycle every ${settings.loadIntervalMs} ms each (push ${settings.loadBatch} new seizures + an edit every 5th cycle, then pull until done), ${settings.loadSeconds} s, one server process (log level info to a file)`;
    record({
      name: `load ${kind}: throughput`,
      value: r.rps,
      unit: 'req/s',
      budget: 'report only',
      note: `${shape}. ${r.requests} requests (${r.push.count} pushes, ${r.pull.count} pulls); ${r.recordsPushed} records stored, ${r.recordsPulled} delivered (${r.mbIn.toFixed(0)} MB); ${r.lateCycles} of ${r.cycles} cycles started late.`,
    });
    record({
      name: `load ${kind}: records stored`,
      value: r.recordsPushed / r.seconds,
      unit: 'records/s',
      budget: 'report only',
      note: `offered about ${Math.round((devices.length / (settings.loadIntervalMs / 1000)) * (settings.loadBatch + 0.2))} records/s; when this is lower, the server is saturated and it is its capacity.`,
    });
    record({ name: `load ${kind}: p50 latency`, value: r.p50, unit: 'ms', budget: 'report only', note: `push p50 ${r.push.p50.toFixed(1)} ms, pull p50 ${r.pull.p50.toFixed(1)} ms.` });
    record({ name: `load ${kind}: p99 latency`, value: r.p99, unit: 'ms', budget: '≤ 250 ms', check: (v) => v <= 250, note: `push p99 ${r.push.p99.toFixed(1)} ms, pull p99 ${r.pull.p99.toFixed(1)} ms, max ${r.max.toFixed(0)} ms.` });
    record({
      name: `load ${kind}: errors`,
      value: r.errors + r.protocolErrors,
      unit: 'errors',
      budget: '0',
      check: (v) => v === 0,
      ...(r.errors + r.protocolErrors > 0 && { note: JSON.stringify(r.errorDetail) }),
    });
  }
}
