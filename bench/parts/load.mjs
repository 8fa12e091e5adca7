/**
 * 4. Server capacity: the most devices (each a cycle every `loadIntervalMs`: a push of
 * `loadBatch` new seizures, then a pull until done; bench/lib/load-gen.mjs, its own process, on
 * loopback) that ONE server process holds for `loadSeconds` with 0 errors and p99 ≤ 250 ms, on
 * SQLite and on PostgreSQL; then two processes over one PostgreSQL database behind the
 * round-robin proxy the chaos runs use (test/chaos/round-robin.ts), searched from twice the
 * one-process figure: the scale-out ratio. Each level also says where the CPU went (the
 * machine's busy share, each server's, the load generator's, the proxy's), so a level missed for
 * want of CPU on a shared 2-core machine shows as such.
 *
 * A search (bench/lib/capacity.mjs): from `loadDevices`, double while the server holds, then
 * bisect between the last level held and the first missed, until the two are within
 * `capPrecision`, within `capBudgetSeconds` per search. Every trial is a fresh database and fresh
 * server processes, so a level is measured alike whichever trial came before it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startRoundRobin } from '../../test/chaos/round-robin.ts';
import { searchCapacity } from '../lib/capacity.mjs';
import { BENCH_DIR, log, settings, tempDir } from '../lib/common.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, seedAccounts, startServer } from '../lib/server.mjs';

/* global URL, process */

const P99_BUDGET_MS = 250;
const GOAL_DEVICES = 5000;
const GOAL_SCALE_OUT = 1.7;
const WARM_UP_SECONDS = 3;
const WARM_UP_DEVICES = 20;

function runGenerator(configFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BENCH_DIR, 'lib', 'load-gen.mjs'), configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`load generator exited with ${code}`))));
  });
}

// Where a level's CPU went (Linux /proc; undefined elsewhere): the machine's busy share, each
// server process's, and the bench process's own (the round-robin proxy runs in it). With the load
// generator's own figure (load-gen.mjs), this says whether a level missed for want of CPU.
const CLOCK_TICKS = 100;
function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
function machineTicks() {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: ticks[3] + ticks[4], total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}
function cpuMeter(pids) {
  const machine = machineTicks();
  const own = process.cpuUsage();
  const servers = pids.map(processCpuSeconds);
  const started = Date.now();
  return () => {
    const seconds = (Date.now() - started) / 1000;
    const now = machineTicks();
    const ownNow = process.cpuUsage(own);
    const share = (cpu) => cpu / seconds;
    return {
      machineBusy: machine && now ? 1 - (now.idle - machine.idle) / (now.total - machine.total) : undefined,
      servers: pids.map((pid, i) => (servers[i] === undefined ? undefined : share(processCpuSeconds(pid) - servers[i]))),
      bench: share((ownNow.user + ownNow.system) / 1e6),
    };
  };
}
const cores = (share) => (share === undefined ? '?' : share.toFixed(2));

/**
 * One level: `devices` devices on a fresh database for `loadSeconds`, against `instances` server
 * processes (behind `balancer` when more than one).
 */
export async function trial(kind, devices, instances, balancerOf = startRoundRobin) {
  const database = await freshDatabase(kind);
  const users = Math.min(settings.loadUsers, devices);
  const accounts = (await seedAccounts(database, { agencies: settings.loadAgencies, users, devicesPerUser: Math.ceil(devices / users) })).slice(0, devices);
  const servers = [];
  let balancer;
  try {
    // One after the other: the first migrates the new database, the next finds it ready.
    for (let i = 0; i < instances; i++) servers.push(await startServer(database, { logLevel: 'info' }));
    if (instances > 1) balancer = await balancerOf(() => servers.map((s) => Number(new URL(s.url).port)));
    const url = balancer?.url ?? servers[0].url;
    const dir = tempDir('load');
    const generate = (name, config) => {
      const file = path.join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify({ url, batch: settings.loadBatch, ...config }));
      return runGenerator(file);
    };
    // A few seconds of light traffic first, not measured: a server in service is warm (compiled
    // code, open database connections), and a cold start's first answers would otherwise weigh
    // on a level's p99.
    await generate('warm-up', { seconds: WARM_UP_SECONDS, intervalMs: 1000, devices: accounts.slice(0, WARM_UP_DEVICES) });
    const meter = cpuMeter(servers.map((server) => server.pid));
    const r = await generate('level', { seconds: settings.loadSeconds, intervalMs: settings.loadIntervalMs, devices: accounts });
    const cpu = { ...meter(), generator: r.cpuSeconds / r.seconds };
    const errors = r.errors + r.protocolErrors;
    const held = errors === 0 && r.p99 <= P99_BUDGET_MS;
    const cpuText = `CPU (cores): machine ${cpu.machineBusy === undefined ? '?' : `${Math.round(cpu.machineBusy * 100)} % busy`}, server${instances > 1 ? 's' : ''} ${cpu.servers.map(cores).join(' + ')}, load generator ${cores(cpu.generator)}${instances > 1 ? `, proxy ${cores(cpu.bench)}` : ''}`;
    log(`load ${kind} ×${instances}: ${devices} devices ${held ? 'held' : 'missed'}: p99 ${r.p99.toFixed(0)} ms, ${errors} errors, ${r.rps.toFixed(0)} req/s, ${r.lateCycles} of ${r.cycles} cycles late; ${cpuText}`);
    return { devices, held, r, errors, cpu, cpuText };
  } finally {
    await balancer?.close();
    for (const server of servers) await server.stop();
  }
}

const describe = (t) => `${t.devices} ${t.held ? 'held' : 'missed'} (p99 ${t.r.p99.toFixed(0)} ms, ${t.errors} errors${t.errors ? ` ${JSON.stringify(t.r.errorDetail)}` : ''}, ${t.r.rps.toFixed(0)} req/s; ${t.cpuText})`;

function explain(search) {
  const how = search.stopped === 'precision' ? `bracketed within ${Math.round(settings.capPrecision * 100)}%` : search.stopped === 'max' ? `held up to the search's ceiling (BENCH_CAP_MAX ${settings.capMax})` : search.stopped === 'floor' ? 'not even the smallest level held' : `stopped by the time bound (BENCH_CAP_BUDGET_S ${settings.capBudgetSeconds})`;
  const lowerBound = search.missed === undefined && search.stopped !== 'floor' ? ' (no level missed: the figure is a lower bound)' : '';
  return `trials: ${search.trials.map(describe).join('; ')}; ${how}${lowerBound}`;
}

export async function runLoad() {
  const shape = `each device a cycle every ${settings.loadIntervalMs / 1000} s (push ${settings.loadBatch} new seizures + an edit every 5th cycle, then pull until done), ${settings.loadUsers} officers in ${settings.loadAgencies} agencies, ${settings.loadSeconds} s per level, the load generator in its own process on loopback; held = 0 errors and p99 ≤ ${P99_BUDGET_MS} ms`;
  const bounds = { start: settings.loadDevices, max: settings.capMax, precision: settings.capPrecision, budgetMs: settings.capBudgetSeconds * 1000 };
  const single = {};
  for (const kind of settings.dialects) {
    const search = await searchCapacity((n) => trial(kind, n, 1), bounds);
    single[kind] = search;
    record({
      name: `capacity ${kind}: devices one process holds`,
      value: search.devices,
      unit: 'devices',
      budget: `goal ≥ ${GOAL_DEVICES.toLocaleString('en-US')}`,
      check: (v) => v >= GOAL_DEVICES,
      note: `${shape}. One server process (log level info to a file); ${explain(search)}.`,
    });
  }
  const one = single.postgres;
  if (!one || one.devices === 0) return;
  // Twice the one process's figure first: the level a perfect scale-out would hold, halved towards it while missed.
  const search = await searchCapacity((n) => trial('postgres', n, 2), { ...bounds, start: 2 * one.devices });
  record({
    name: 'capacity postgres: two processes behind round-robin',
    value: search.devices,
    unit: 'devices',
    baseline: one.devices,
    budget: `goal ≥ ${GOAL_SCALE_OUT}x one process`,
    check: (_v, ratio) => ratio >= GOAL_SCALE_OUT,
    note: `two server processes over one PostgreSQL database behind test/chaos/round-robin.ts (in the bench process, each request to the next instance, no stickiness, keep-alive connections to the instances); baseline: one process on PostgreSQL in this run; ${explain(search)}.`,
  });
}
