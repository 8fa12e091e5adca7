/**
 * The short, fixed-seed version of the sync torture test (issue 4, items 1, 4 and 5) that runs
 * inside `npm test`: a few complete chaos runs per database, each with a real server process, a
 * fault proxy, server kills, database faults and several devices (see run.ts), and two runs with
 * three server processes on one PostgreSQL behind a round-robin proxy. `npm run test:chaos` runs
 * the long one.
 *
 * A failure prints the run's steps and the command that replays its seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareServer, runChaos, type PreparedServer } from './run';
import { ensureBuilt, type Dialect } from './server-process';

const SEEDS = [11, 12, 13, 14];
const MULTI_INSTANCE_SEEDS = [21, 22];
const SETUPS: { name: string; dialect: Dialect; instances: number; seeds: number[] }[] = [
  { name: 'sqlite', dialect: 'sqlite', instances: 1, seeds: SEEDS },
  { name: 'postgres', dialect: 'postgres', instances: 1, seeds: SEEDS },
  { name: 'three postgres instances behind a round-robin proxy', dialect: 'postgres', instances: 3, seeds: MULTI_INSTANCE_SEEDS },
];

beforeAll(() => ensureBuilt());

describe.each(SETUPS)('sync under faults, server crashes and database faults, on $name', ({ dialect, instances, seeds }) => {
  // Each run's server starts while the run before it is under way.
  const servers = new Map<number, Promise<PreparedServer>>();
  const used = new Set<number>();
  const serverFor = (index: number) => {
    const seed = seeds[index];
    if (seed === undefined) return undefined;
    if (!servers.has(seed)) {
      const prepared = prepareServer(dialect, instances);
      prepared.catch(() => undefined);
      servers.set(seed, prepared);
    }
    return servers.get(seed);
  };
  afterAll(async () => {
    // A server made ahead for a run that did not happen (a filter, a failure before it).
    for (const [seed, prepared] of servers) {
      if (used.has(seed)) continue;
      const { server, database } = await prepared.catch(() => ({ server: undefined, database: undefined }));
      await server?.stop();
      await database?.drop();
    }
  });

  it.each(seeds.map((seed, index) => ({ seed, index })))('seed $seed: nothing lost, nothing doubled, every conflict settled', async ({ seed, index }) => {
    const prepared = serverFor(index)!;
    used.add(seed);
    serverFor(index + 1);
    const result = await runChaos({ seed, dialect, instances, prepared });
    const report = [
      ...result.failures,
      'steps:',
      ...result.events,
      `replay: CHAOS_SEED=${seed} CHAOS_RUNS=1 CHAOS_DB=${dialect}${instances > 1 ? ` CHAOS_INSTANCES=${instances}` : ''} npm run test:chaos`,
    ].join('\n');
    expect(result.failures, report).toEqual([]);
    expect(result.figures.records).toBeGreaterThan(0);
    // Every instance served the devices (each request goes to the next one).
    if (instances > 1) expect(result.figures.instanceRequests.every((n) => n > 0), String(result.figures.instanceRequests)).toBe(true);
  });
});
