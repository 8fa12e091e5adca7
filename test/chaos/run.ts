/**
 * One chaos run (issue 4, item 1), entirely driven by its seed:
 *
 * 1. a real server process on a fresh database (SQLite directory or PostgreSQL schema);
 * 2. two to four devices, officers of one or two agencies, each behind its own listener of the
 *    fault proxy, signed in;
 * 3. an active phase: the officers create and edit records (their own and pulled ones), sync at
 *    random moments, settle conflicts now and then and sign in again when told to, while the
 *    proxy injects faults, the server is SIGKILLed (at a random moment, or right after a push
 *    reached it) and restarted on the same port and data, and the database fails under it
 *    (database-faults.ts: PostgreSQL stopped, slow or cut off; SQLite locked);
 * 4. a final phase with the faults off: every device syncs until a whole round changes nothing,
 *    the officers settling every conflict and refusal on the way;
 * 5. the checks of checks.ts.
 *
 * With `instances` > 1 (PostgreSQL only), the server is several processes on one schema behind a
 * round-robin proxy (cluster.ts): a device's consecutive requests land on different instances,
 * and a kill takes down one instance while the others serve.
 *
 * Timing is real (processes, sockets), so a replayed seed makes the same decisions in the same
 * order but may interleave them differently; the seed still reproduces the kind of run.
 */
import 'fake-indexeddb/auto';
import { hashPassword } from '../../src/server/auth/passwords';
import { checkRun, type CheckFigures } from './checks';
import { startCluster, type ServerCluster } from './cluster';
import { createDatabaseFaults, type DatabaseFault, type DatabaseFaults } from './database-faults';
import { createClock, createDevice, type Device, type Officer } from './device';
import { createFaultNetwork, type FaultNetwork } from './fault-proxy';
import { deviceSeizures } from '../support/device-views';
import { createRng } from './random';
import { createChaosDatabase, openStore, type ChaosDatabase, type Dialect } from './server-process';

/** A fresh database with its server process(es) on it, made ahead of its run (see prepareServer). */
export interface PreparedServer {
  database: ChaosDatabase;
  server: ServerCluster;
  /** Makes the database fail under the servers; (re)starts wait until it is whole. */
  databaseFaults: DatabaseFaults;
}

/**
 * Starts `instances` server processes (more than one only on PostgreSQL) on a fresh database.
 * A runner calls this for the next run while the current one is under way, so the servers'
 * start-up (about two seconds) is not part of each run.
 */
export async function prepareServer(dialect: Dialect, instances = 1): Promise<PreparedServer> {
  const database = await createChaosDatabase(dialect);
  try {
    const made: { faults?: DatabaseFaults } = {};
    // A server does not start on a database it cannot reach: a restart waits for the database.
    const server = await startCluster(database, { instances, beforeStart: async () => made.faults?.settled() });
    made.faults = createDatabaseFaults(database, server.relays);
    return { database, server, databaseFaults: made.faults };
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
}

export interface ChaosOptions {
  seed: number;
  dialect: Dialect;
  /** Server processes on one database (PostgreSQL only when more than one); default 1. */
  instances?: number;
  /** The run's server, started ahead (of `dialect` and `instances`); started here when absent. */
  prepared?: Promise<PreparedServer>;
  /** The devices' request deadline (slow and held requests are kept beyond it). */
  timeoutMs?: number;
  /** Print every step as it happens. */
  verbose?: boolean;
}

export interface RunFigures extends CheckFigures {
  seed: number;
  dialect: Dialect;
  instances: number;
  /** Requests each instance answered (several instances only). */
  instanceRequests: number[];
  durationMs: number;
  devices: number;
  steps: number;
  serverKills: number;
  midPushKills: number;
  /** Server exits not caused by the harness (another process on the machine); restarted. */
  unexpectedExits: number;
  requests: number;
  delivered: number;
  serverDown: number;
  /** 503s the server answered itself (a database fault), not injected by the proxy. */
  serverUnavailable: number;
  faults: Record<string, number>;
  saves: number;
  edits: number;
  conflicts: number;
  keptMine: number;
  tookTheirs: number;
  refusedResaved: number;
  staleForms: number;
  signIns: number;
  settleRounds: number;
}

export interface RunResult {
  ok: boolean;
  failures: string[];
  figures: RunFigures;
  /** The run's steps, for a failure report. */
  events: string[];
}

export const DEFAULT_TIMEOUT_MS = 1_000;
const PASSWORD = 'chaos monkey password 1';
let passwordHash: Promise<string> | undefined;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const dbCounter = { n: 0 };

export async function runChaos(options: ChaosOptions): Promise<RunResult> {
  const started = Date.now();
  const { seed, dialect } = options;
  const instances = options.instances ?? 1;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rng = createRng(seed);
  const plan = rng.fork('plan');
  const killTiming = rng.fork('kill-timing');
  const databasePlan = rng.fork('database');
  const events: string[] = [];
  const log = (line: string) => {
    const entry = `+${String(Date.now() - started).padStart(5)}ms ${line}`;
    if (events.length < 2_000) events.push(entry);
    if (options.verbose) console.log(`  [${dialect}${instances > 1 ? `×${instances}` : ''} ${seed}] ${entry}`);
  };

  const failures: string[] = [];
  const devices: Device[] = [];
  let database: ChaosDatabase | undefined;
  let server: ServerCluster | undefined;
  let databaseFaults: DatabaseFaults | undefined;
  const databaseFaultCounts: Record<string, number> = {};
  let network: FaultNetwork | undefined;
  let store: ReturnType<typeof openStore> | undefined;
  let checked: CheckFigures = { records: 0, revisions: 0, acknowledgements: 0, appliedUnacknowledged: 0, deviceRows: 0 };
  let steps = 0;
  let midPushKills = 0;
  let settleRounds = 0;

  // Server kills: the restart runs in the background while the devices carry on.
  let restarting: Promise<void> | undefined;
  let armedMidPush = false;
  let killsAllowed = true;
  /** Several instances: `index`, else the one the last push went to. */
  const crash = (why: string, index?: number) => {
    if (!server || restarting || !killsAllowed) return;
    log(`SIGKILL server${instances > 1 ? ` instance ${index ?? server.balancer?.lastPush ?? 0}` : ''} (${why})`);
    const target = server;
    restarting = target.crashAndRestart(index).then(
      () => {
        log('server up again');
        restarting = undefined;
      },
      (error: unknown) => {
        failures.push(`server did not restart: ${(error as Error).message}`);
        restarting = undefined;
      },
    );
  };

  try {
    const prepared = await (options.prepared ?? prepareServer(dialect, instances));
    ({ database, server, databaseFaults } = prepared);
    if (database.dialect !== dialect) throw new Error(`prepared a ${database.dialect} server for a ${dialect} run`);
    if (server.instances.length !== instances) throw new Error(`prepared ${server.instances.length} instances for a run of ${instances}`);
    const port = server.port;
    log('server up');
    store = openStore(database);

    // Officers: two of agency ATF (so their devices share records and conflict), maybe one of HSI.
    passwordHash ??= hashPassword(PASSWORD);
    const officers: Officer[] = [
      { username: `atf.one.${seed}`, password: PASSWORD, agency: 'ATF' },
      { username: `atf.two.${seed}`, password: PASSWORD, agency: 'ATF' },
      { username: `hsi.one.${seed}`, password: PASSWORD, agency: 'HSI' },
    ];
    for (const officer of officers) {
      await store.users.add({ id: plan.uuid(), username: officer.username, passwordHash: await passwordHash, role: 'officer', agencyCode: officer.agency }, new Date());
    }

    const faultRate = 0.05 + plan() * 0.3;
    network = createFaultNetwork({
      upstreamPort: port,
      clientTimeoutMs: timeoutMs,
      faultRate,
      onPushForwarded: () => {
        if (!armedMidPush || restarting) return;
        armedMidPush = false;
        midPushKills++;
        setTimeout(() => crash('a push just reached it'), killTiming.int(0, 15));
      },
    });

    const clock = createClock();

    const deviceCount = plan.int(2, 4);
    for (let index = 0; index < deviceCount; index++) {
      // Devices 0 and 1 are ATF (the same officer on two phones now and then); others any officer.
      const officer = index === 0 ? officers[0]! : index === 1 ? (plan.chance(0.25) ? officers[0]! : officers[1]!) : plan.pick(officers);
      const proxyPort = await network.listen(rng.fork(`faults/${index}`));
      const device = await createDevice({
        index,
        name: `chaos-${dialect}-${seed}-${index}-${++dbCounter.n}`,
        officer,
        serverUrl: server.url,
        proxyPort,
        timeoutMs,
        clock,
        rng: rng.fork(`device/${index}`),
        batchSize: plan.pick([1, 3, 25]),
        pullPageSize: plan.pick([3, 10, 200]),
      });
      devices.push(device);
      await device.signIn();
    }
    log(`${deviceCount} devices (${devices.map((d) => d.officer.username).join(', ')}), fault rate ${faultRate.toFixed(2)}`);

    // Active phase.
    steps = plan.int(20, 40);
    const killCount = plan.weighted([
      [0, 10],
      [1, 9],
      [2, 1],
    ] as const);
    const kills = new Map<number, 'now' | 'midPush'>();
    // In the first half, so the restart (about two seconds) overlaps the officers' work.
    for (let k = 0; k < killCount; k++) kills.set(plan.int(0, Math.floor(steps / 2)), plan.chance(0.6) ? 'midPush' : 'now');

    // The database fails 0 to 2 times, in the active phase, each time for 0.3 to 2.5 s.
    const databaseFaultsAt = new Map<number, DatabaseFault>();
    const databaseFaultCount = databasePlan.weighted([
      [0, 3],
      [1, 4],
      [2, 3],
    ] as const);
    for (let k = 0; k < databaseFaultCount; k++) databaseFaultsAt.set(databasePlan.int(0, steps - 1), databasePlan.pick(databaseFaults.kinds));

    // A run with a kill goes on once the server is back (a restart takes about two seconds), so
    // that the officers also work against the restarted server with the faults still on.
    const afterRestart = killCount > 0 ? plan.int(6, 14) : 0;
    for (let step = 0; step < steps + afterRestart; step++) {
      if (step === steps) {
        armedMidPush = false;
        while (restarting) await restarting;
        log('after the restart');
      }
      const kill = kills.get(step);
      if (kill === 'now') crash('at a random moment', instances > 1 ? killTiming.int(0, instances - 1) : undefined);
      if (kill === 'midPush') armedMidPush = true;
      const databaseFault = databaseFaultsAt.get(step);
      // Not while a server restarts: it would only wait for the database to be back.
      if (databaseFault && !restarting) {
        const what = databaseFaults.inject(databaseFault, databasePlan);
        if (what) {
          log(`database fault: ${what}`);
          databaseFaultCounts[`db.${databaseFault}`] = (databaseFaultCounts[`db.${databaseFault}`] ?? 0) + 1;
        }
      }
      const device = plan.pick(devices);
      // The app asks for a sync after every save (and its scheduler runs one every 30 s); a
      // device already syncing ignores it, as the Web Lock makes it wait for the run under way.
      const startSync = (why: string) => {
        if (device.running()) return;
        log(`device ${device.index} starts a sync (${why})`);
        const index = device.index;
        void device.sync().then(
          (report) => log(`device ${index} sync: ${report.outcome} pushed ${report.pushed} pulled ${report.pulled} conflicts ${report.conflicts} rejected ${report.rejected}`),
          (error: unknown) => failures.push(`device ${index}: the sync run threw: ${String(error)}`),
        );
      };
      const action = plan.weighted([
        ['create', 3],
        ['edit', 3],
        ['openForm', 1.5],
        ['saveForm', 0.7],
        ['sync', 5],
        ['attend', 1.5],
        ['wait', 1],
      ] as const);
      switch (action) {
        case 'create':
          await device.create();
          log(`device ${device.index} creates a record`);
          if (plan.chance(0.7)) startSync('after a save');
          break;
        case 'edit':
          await device.edit();
          log(`device ${device.index} edits a record`);
          if (plan.chance(0.7)) startSync('after a save');
          break;
        case 'openForm':
          if (!device.hasOpenForm()) {
            await device.openForm();
            log(`device ${device.index} opens a record in the form`);
          }
          break;
        case 'saveForm':
          if (device.hasOpenForm()) {
            await device.saveForm();
            log(`device ${device.index} saves the form`);
            if (plan.chance(0.7)) startSync('after a save');
          }
          break;
        case 'sync':
          startSync('timer or sync now');
          break;
        case 'attend':
          if (await device.sessionExpired()) {
            await device.signIn().then(
              () => log(`device ${device.index} signs in again`),
              () => log(`device ${device.index} cannot sign in now`),
            );
          }
          await device.attend(false);
          log(`device ${device.index}: officer looks at conflicts and refusals`);
          break;
        case 'wait':
          await sleep(plan.int(20, 150));
          break;
      }
      await sleep(plan.int(0, 40));
    }

    // Final phase: the officers save their open forms; faults off, the database whole, the
    // server up, nothing left in the proxy, then settle.
    for (const device of devices) if (device.hasOpenForm()) await device.saveForm();
    network.faultsOn = false;
    await databaseFaults.settled();
    armedMidPush = false;
    killsAllowed = false;
    log('faults off');
    await Promise.all(devices.map((d) => d.running()?.catch(() => undefined)));
    while (restarting) await restarting;
    await server.whenUp();
    await network.drain();
    log('proxy drained; settling');

    settle: for (settleRounds = 1; ; settleRounds++) {
      if (settleRounds > 40) {
        failures.push('the devices did not settle in 40 rounds (see the last settle rounds in the steps)');
        break;
      }
      let quiet = true;
      for (const device of devices) {
        if (await device.sessionExpired()) await device.signIn();
        await device.attend(true);
        if (devices.some((d) => d.journal.unexpectedRejections.length > 0)) break settle; // the checks report them
        let report = await device.sync();
        for (let attempt = 1; report.outcome !== 'synced'; attempt++) {
          if (attempt > 30) {
            failures.push(`device ${device.index} did not settle: its last run ${report.outcome} (${JSON.stringify(device.status())})`);
            break settle;
          }
          if (report.outcome === 'signedOut') await device.signIn();
          else await sleep(50);
          report = await device.sync();
        }
        const outbox = await device.db.outbox.count();
        const open = (await deviceSeizures(device.db)).filter((row) => row.syncState !== 'synced');
        if (report.pushed + report.pulled + report.conflicts + report.rejected + outbox + open.length > 0) {
          quiet = false;
          log(
            `settle round ${settleRounds}, device ${device.index}: pushed ${report.pushed} pulled ${report.pulled} conflicts ${report.conflicts} rejected ${report.rejected}; ` +
              `outbox ${outbox}; open rows ${open.map((r) => `${r.id.slice(0, 8)}:${r.syncState}`).join(' ')}`,
          );
        }
      }
      if (quiet) break;
    }
    log(`settled after ${settleRounds} rounds`);

    const result = await checkRun(store, devices);
    log('checked');
    checked = result.figures;
    failures.push(...result.failures);
    failures.push(...server.crashes);
  } catch (error) {
    failures.push(`run aborted: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await Promise.all(devices.map((d) => d.close().catch(() => undefined)));
    await network?.close().catch(() => undefined);
    await databaseFaults?.end().catch(() => undefined);
    while (restarting) await restarting.catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
  }

  const stats = network?.stats;
  const sum = (pick: (d: Device) => number) => devices.reduce((total, d) => total + pick(d), 0);
  const figures: RunFigures = {
    seed,
    dialect,
    instances,
    instanceRequests: [...(server?.balancer?.served ?? [])],
    durationMs: Date.now() - started,
    devices: devices.length,
    steps,
    serverKills: server?.kills ?? 0,
    midPushKills,
    unexpectedExits: server?.unexpectedExits ?? 0,
    requests: stats?.requests ?? 0,
    delivered: stats?.delivered ?? 0,
    serverDown: stats?.serverDown ?? 0,
    serverUnavailable: stats?.serverUnavailable ?? 0,
    faults: { ...stats?.faults, ...databaseFaultCounts },
    saves: sum((d) => d.journal.saves),
    edits: sum((d) => d.journal.edits),
    conflicts: sum((d) => d.journal.conflictsSeen),
    keptMine: sum((d) => d.journal.keptMine),
    tookTheirs: sum((d) => d.journal.tookTheirs),
    refusedResaved: sum((d) => d.journal.refusedResaved),
    staleForms: sum((d) => d.journal.staleForms),
    signIns: sum((d) => d.journal.signIns),
    settleRounds,
    ...checked,
  };
  if (failures.length > 0 && server) failures.push(`server output (tail):\n${server.output().slice(-3000)}`);
  return { ok: failures.length === 0, failures, figures, events };
}
