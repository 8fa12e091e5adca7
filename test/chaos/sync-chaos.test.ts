/**
 * The short, fixed-seed version of the sync torture test (issue 4, item 1) that runs inside
 * `npm test`: a few complete chaos runs per database, each with a real server process, a fault
 * proxy, server kills and several devices (see run.ts). `npm run test:chaos` runs the long one.
 *
 * A failure prints the run's steps and the command that replays its seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareServer, runChaos, type PreparedServer } from './run';
import { ensureBuilt, type Dialect } from './server-process';

const SEEDS = [11, 12, 13, 14];
const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

beforeAll(() => ensureBuilt());

describe.each(DIALECTS)('sync under faults and server crashes, on %s', (dialect) => {
  // Each run's server starts while the run before it is under way.
  const servers = new Map<number, Promise<PreparedServer>>();
  const used = new Set<number>();
  const serverFor = (index: number) => {
    const seed = SEEDS[index];
    if (seed === undefined) return undefined;
    if (!servers.has(seed)) {
      const prepared = prepareServer(dialect);
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

  it.each(SEEDS.map((seed, index) => ({ seed, index })))('seed $seed: nothing lost, nothing doubled, every conflict settled', async ({ seed, index }) => {
    const prepared = serverFor(index)!;
    used.add(seed);
    serverFor(index + 1);
    const result = await runChaos({ seed, dialect, prepared });
    const report = [
      ...result.failures,
      'steps:',
      ...result.events,
      `replay: CHAOS_SEED=${seed} CHAOS_RUNS=1 CHAOS_DB=${dialect} npm run test:chaos`,
    ].join('\n');
    expect(result.failures, report).toEqual([]);
    expect(result.figures.records).toBeGreaterThan(0);
  });
});
