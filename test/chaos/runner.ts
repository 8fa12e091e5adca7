/**
 * `npm run test:chaos`: the randomised sync torture test, many runs in a row.
 *
 *   CHAOS_RUNS     runs per database (default 1000)
 *   CHAOS_SEED     seed of the first run (default: random, printed); run i uses seed + i
 *   CHAOS_DB       sqlite | postgres | both (default both: each seed on SQLite, then PostgreSQL)
 *   CHAOS_INSTANCES  server processes per PostgreSQL run, behind a round-robin proxy (default 1;
 *                  SQLite runs always have one)
 *   CHAOS_TIMEOUT_MS  the devices' request deadline (default 1000)
 *   CHAOS_REPORT   file to write the summary to as JSON (optional)
 *   CHAOS_VERBOSE  1: print every step of every run
 *
 * Replay a failing run: CHAOS_SEED=<seed> CHAOS_RUNS=1 CHAOS_DB=<db> npm run test:chaos
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_TIMEOUT_MS, prepareServer, runChaos, type PreparedServer, type RunFigures } from './run';
import { ensureBuilt, type Dialect } from './server-process';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return value;
}

const runs = envInt('CHAOS_RUNS', 1000);
const firstSeed = envInt('CHAOS_SEED', Math.floor(Math.random() * 1_000_000_000));
const timeoutMs = envInt('CHAOS_TIMEOUT_MS', DEFAULT_TIMEOUT_MS);
const which = process.env.CHAOS_DB ?? 'both';
if (!['sqlite', 'postgres', 'both'].includes(which)) throw new Error(`CHAOS_DB must be sqlite, postgres or both, not "${which}"`);
const dialects: Dialect[] = which === 'both' ? ['sqlite', 'postgres'] : [which as Dialect];
const pgInstances = envInt('CHAOS_INSTANCES', 1);
if (pgInstances < 1) throw new Error('CHAOS_INSTANCES must be at least 1');
if (pgInstances > 1 && which === 'sqlite') throw new Error('CHAOS_INSTANCES above 1 needs PostgreSQL (CHAOS_DB=postgres or both): one SQLite file serves one instance');
const instancesOf = (dialect: Dialect) => (dialect === 'postgres' ? pgInstances : 1);
const verbose = process.env.CHAOS_VERBOSE === '1';

/** The run figures that add up across runs; the totals are these plus what only a series has. */
const SUMMED = ['durationMs', 'serverKills', 'midPushKills', 'unexpectedExits', 'requests', 'delivered', 'serverDown', 'serverUnavailable', 'records', 'revisions', 'acknowledgements', 'appliedUnacknowledged', 'saves', 'edits', 'conflicts', 'keptMine', 'tookTheirs', 'refusedResaved', 'staleForms', 'signIns', 'devices'] as const;

interface Totals extends Pick<RunFigures, (typeof SUMMED)[number] | 'faults'> {
  runs: number;
  failed: number;
  failedSeeds: number[];
  losses: number;
  duplicates: number;
}

const emptyTotals = (): Totals => ({
  ...(Object.fromEntries(SUMMED.map((key) => [key, 0])) as Record<(typeof SUMMED)[number], number>),
  runs: 0, failed: 0, failedSeeds: [], faults: {}, losses: 0, duplicates: 0,
});

function add(totals: Totals, f: RunFigures, failures: string[]) {
  totals.runs++;
  for (const key of SUMMED) totals[key] += f[key];
  for (const [kind, n] of Object.entries(f.faults)) totals.faults[kind] = (totals.faults[kind] ?? 0) + n;
  totals.losses += failures.filter((m) => m.includes('LOSS')).length;
  totals.duplicates += failures.filter((m) => m.startsWith('duplicate')).length;
}

ensureBuilt();
console.log(`chaos: ${runs} run(s) per database on ${dialects.map((d) => (instancesOf(d) > 1 ? `${d} (${instancesOf(d)} instances)` : d)).join(' and ')}, seeds ${firstSeed}..${firstSeed + runs - 1}, client timeout ${timeoutMs} ms`);
const totals = Object.fromEntries(dialects.map((d) => [d, emptyTotals()])) as Record<Dialect, Totals>;
const started = Date.now();

// Every run's server is started while the run before it is under way.
const queue = Array.from({ length: runs }, (_, i) => dialects.map((dialect) => ({ seed: firstSeed + i, dialect }))).flat();
let next: Promise<PreparedServer> | undefined = queue[0] && prepareServer(queue[0].dialect, instancesOf(queue[0].dialect));
for (const [position, { seed, dialect }] of queue.entries()) {
  const prepared = next!;
  const following = queue[position + 1];
  next = following && prepareServer(following.dialect, instancesOf(following.dialect));
  // A start that failed is reported by the run that uses it; do not crash on it meanwhile.
  next?.catch(() => undefined);
  const result = await runChaos({ seed, dialect, instances: instancesOf(dialect), timeoutMs, verbose, prepared });
  const f = result.figures;
  add(totals[dialect], f, result.failures);
  const faults = Object.values(f.faults).reduce((a, b) => a + b, 0);
  console.log(
    `${result.ok ? 'ok  ' : 'FAIL'} ${dialect.padEnd(8)} seed ${seed}  ${(f.durationMs / 1000).toFixed(1)}s  devices ${f.devices}  records ${f.records}  revisions ${f.revisions}  faults ${faults}  kills ${f.serverKills}  conflicts ${f.conflicts}`,
  );
  if (!result.ok) {
    totals[dialect].failed++;
    totals[dialect].failedSeeds.push(seed);
    console.log(result.failures.map((m) => `     ${m}`).join('\n'));
    console.log(`     steps:\n${result.events.map((e) => `       ${e}`).join('\n')}`);
    console.log(`     replay: CHAOS_SEED=${seed} CHAOS_RUNS=1 CHAOS_DB=${dialect}${instancesOf(dialect) > 1 ? ` CHAOS_INSTANCES=${instancesOf(dialect)}` : ''} npm run test:chaos`);
  }
}

const elapsedMs = Date.now() - started;
console.log(`\nchaos summary (${(elapsedMs / 60_000).toFixed(1)} min):`);
for (const dialect of dialects) {
  const t = totals[dialect];
  console.log(`  ${dialect}${instancesOf(dialect) > 1 ? ` (${instancesOf(dialect)} instances)` : ''}: ${t.runs} runs, ${t.failed} failed${t.failed ? ` (seeds ${t.failedSeeds.join(', ')})` : ''}`);
  console.log(`    records ${t.records}, revisions ${t.revisions}, acknowledgements ${t.acknowledgements}, saves ${t.saves} (edits ${t.edits}), devices ${t.devices}`);
  console.log(`    faults ${JSON.stringify(t.faults)}, requests ${t.requests}, delivered ${t.delivered}, found the server down ${t.serverDown}, 503 from the server itself ${t.serverUnavailable}`);
  console.log(`    server kills ${t.serverKills} (${t.midPushKills} right after a push reached it; ${t.unexpectedExits} exits caused by something else), conflicts ${t.conflicts} (kept mine ${t.keptMine}, took theirs ${t.tookTheirs}), refused then saved again ${t.refusedResaved}, forms saved over a newer revision ${t.staleForms}, sign-ins ${t.signIns}`);
  console.log(`    losses ${t.losses}, duplicates ${t.duplicates}, mean run ${(t.durationMs / Math.max(1, t.runs) / 1000).toFixed(2)} s`);
}
if (process.env.CHAOS_REPORT) {
  writeFileSync(process.env.CHAOS_REPORT, JSON.stringify({ firstSeed, runs, timeoutMs, postgresInstances: pgInstances, elapsedMs, finishedAt: new Date().toISOString(), totals }, null, 2));
}
process.exit(dialects.some((d) => totals[d].failed > 0) ? 1 : 0);
