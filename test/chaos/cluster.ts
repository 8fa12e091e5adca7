/**
 * The server side of a chaos run: one server process, or several on one PostgreSQL schema behind
 * a round-robin proxy (round-robin.ts), each reaching PostgreSQL through its own relay
 * (database-proxy.ts) so the harness can stop, slow down or cut off the database. Seen from the
 * run, it is one server that can be crashed and restarted: a crash kills one instance (the one
 * the last push went to, or the one asked for) while the others go on serving.
 */
import { DatabaseProxy } from './database-proxy';
import { startRoundRobin, type RoundRobin } from './round-robin';
import { startServerProcess, type ChaosDatabase, type ServerProcess } from './server-process';

/** Every wait on the database is bounded by this in the chaos runs (docs/server.md). */
export const CHAOS_DATABASE_TIMEOUT_MS = 500;

export interface ClusterOptions {
  /** Server processes; more than one only on PostgreSQL. */
  instances: number;
  /** Awaited before any instance (re)starts: the harness holds starts while the database is down. */
  beforeStart?: () => Promise<void>;
}

export interface ServerCluster {
  /** Where devices connect: the round-robin proxy, or the one instance. */
  readonly url: string;
  readonly port: number;
  readonly instances: readonly ServerProcess[];
  /** One relay per instance, between it and PostgreSQL (none on SQLite). */
  readonly relays: readonly DatabaseProxy[];
  readonly balancer: RoundRobin | undefined;
  readonly kills: number;
  readonly unexpectedExits: number;
  readonly crashes: string[];
  whenUp(): Promise<void>;
  /** SIGKILLs one instance (`index`, else the one the last push went to) and starts it again. */
  crashAndRestart(index?: number): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export async function startCluster(database: ChaosDatabase, options: ClusterOptions): Promise<ServerCluster> {
  const count = options.instances;
  if (count < 1 || (count > 1 && database.dialect !== 'postgres')) throw new Error(`${count} instances on ${database.dialect}: several instances need PostgreSQL`);
  const relays: DatabaseProxy[] = [];
  const instances: ServerProcess[] = [];
  let balancer: RoundRobin | undefined;
  const stopAll = async () => {
    await balancer?.close();
    await Promise.all(instances.map((i) => i.stop().catch(() => undefined)));
    await Promise.all(relays.map((r) => r.close()));
  };
  try {
    if (database.dialect === 'postgres') {
      const url = database.env.DATABASE_URL!;
      relays.push(...(await Promise.all(Array.from({ length: count }, () => DatabaseProxy.start(url)))));
    }
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        startServerProcess(database, undefined, {
          env: { DATABASE_TIMEOUT_MS: String(CHAOS_DATABASE_TIMEOUT_MS), ...(relays[i] && { DATABASE_URL: relays[i].url(database.env.DATABASE_URL!) }) },
          ...(options.beforeStart && { beforeStart: options.beforeStart }),
        }),
      ),
    );
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (count > 1) balancer = await startRoundRobin(() => instances.map((i) => i.port));
  } catch (error) {
    await stopAll();
    throw error;
  }

  const front = balancer ?? instances[0]!;
  let kills = 0;
  return {
    url: front.url,
    port: front.port,
    instances,
    relays,
    balancer,
    get kills() {
      return kills;
    },
    get unexpectedExits() {
      return instances.reduce((n, i) => n + i.unexpectedExits, 0);
    },
    get crashes() {
      return instances.flatMap((i) => i.crashes);
    },
    whenUp: async () => {
      await Promise.all(instances.map((i) => i.whenUp()));
    },
    async crashAndRestart(index) {
      const target = instances[index ?? balancer?.lastPush ?? 0]!;
      kills++;
      await target.crashAndRestart();
    },
    stop: stopAll,
    output: () => (count === 1 ? instances[0]!.output() : instances.map((i, n) => `--- instance ${n}:\n${i.output().slice(-1500)}`).join('\n')),
  };
}
