/**
 * The database failing under a chaos run's servers (issue 4, item 4), one fault at a time, each
 * for a while and then undone:
 *
 * - PostgreSQL `stop`: every relay cut (connections closed, new ones refused), as when the
 *   database stops; restored after a while. Simulated on the network path: the machine's shared
 *   PostgreSQL service itself keeps running.
 * - PostgreSQL `slow`: latency on every relay, often beyond the servers' DATABASE_TIMEOUT_MS.
 * - PostgreSQL `partition`: one instance's path black-holed (nothing passes, nobody is told),
 *   then healed, the held traffic delivered late.
 * - SQLite `locked`: another connection holds the file's write lock (the admin CLI, a backup),
 *   longer than the server's busy timeout.
 *
 * The servers must answer 503, lose nothing and double nothing, and serve again by themselves.
 */
import SQLite from 'better-sqlite3';
import type { DatabaseProxy } from './database-proxy';
import type { Rng } from './random';
import type { ChaosDatabase } from './server-process';

export const POSTGRES_FAULTS = ['stop', 'slow', 'partition'] as const;
export const SQLITE_FAULTS = ['locked'] as const;
export type DatabaseFault = (typeof POSTGRES_FAULTS)[number] | (typeof SQLITE_FAULTS)[number];

export interface DatabaseFaults {
  readonly kinds: readonly DatabaseFault[];
  readonly active: boolean;
  /** Starts `kind` in the background; returns what it does, or undefined when one is under way. */
  inject(kind: DatabaseFault, rng: Rng): string | undefined;
  /** Resolves once no fault is active (the database is whole again). */
  settled(): Promise<void>;
  /** Ends any fault now. */
  end(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDatabaseFaults(database: ChaosDatabase, relays: readonly DatabaseProxy[]): DatabaseFaults {
  let current: Promise<void> | undefined;
  let stopEarly: (() => void) | undefined;

  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopEarly = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(kind: DatabaseFault, rng: Rng, durationMs: number): Promise<void> {
    switch (kind) {
      case 'stop':
        await Promise.all(relays.map((r) => r.cut()));
        await hold(durationMs);
        await Promise.all(relays.map((r) => r.restore()));
        return;
      case 'slow': {
        const latency = rng.int(100, 1_200);
        for (const r of relays) r.latencyMs = latency;
        await hold(durationMs);
        for (const r of relays) r.latencyMs = 0;
        // What was sent meanwhile is still on its way: let it arrive before calling it over.
        await sleep(latency);
        return;
      }
      case 'partition': {
        const relay = rng.pick(relays);
        relay.stall();
        await hold(durationMs);
        relay.unstall();
        return;
      }
      case 'locked': {
        if (database.config.kind !== 'sqlite') return;
        // Waits at most 1 s for the server's own write to finish (this blocks the harness meanwhile).
        const other = new SQLite(database.config.file, { timeout: 1_000 });
        try {
          other.exec('begin immediate');
        } catch {
          other.close();
          return;
        }
        await hold(durationMs);
        other.exec('commit');
        other.close();
        return;
      }
    }
  }

  const faults: DatabaseFaults = {
    kinds: database.dialect === 'postgres' ? POSTGRES_FAULTS : SQLITE_FAULTS,
    get active() {
      return current !== undefined;
    },
    inject(kind, rng) {
      if (current) return undefined;
      const durationMs = rng.int(300, 2_500);
      current = run(kind, rng, durationMs).finally(() => {
        current = undefined;
        stopEarly = undefined;
      });
      return `${kind} for ${durationMs} ms`;
    },
    settled: async () => {
      while (current) await current;
    },
    end: async () => {
      stopEarly?.();
      await faults.settled();
    },
  };
  return faults;
}
