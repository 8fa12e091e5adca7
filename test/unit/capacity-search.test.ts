/**
 * The server capacity search (bench/lib/capacity.mjs): doubling while a level holds, halving
 * while it does not, bisecting between the two, and stopping at its ceiling or its time bound.
 */
import { describe, expect, it } from 'vitest';
import { searchCapacity } from '../../bench/lib/capacity.mjs';

/** A server that holds up to `limit` devices; each trial noted. */
const serverHolding = (limit: number) => {
  const tried: number[] = [];
  const trial = async (n: number) => {
    tried.push(n);
    return { devices: n, held: n <= limit };
  };
  return { tried, trial };
};
const bounds = { start: 500, max: 40_000, precision: 0.1, budgetMs: 60_000 };

describe('capacity search', () => {
  it('doubles, then bisects to within the precision of the real capacity', async () => {
    const server = serverHolding(5_300);
    const found = await searchCapacity(server.trial, bounds);
    expect(server.tried.slice(0, 5)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(found.devices).toBeLessThanOrEqual(5_300);
    expect(found.missed! - found.devices).toBeLessThanOrEqual(found.devices * 0.1);
    expect(found.missed).toBeGreaterThan(5_300);
    expect(found.stopped).toBe('precision');
  });

  it('halves when even the first level is too much, and says when nothing holds', async () => {
    const some = await searchCapacity(serverHolding(180).trial, bounds);
    expect(some.devices).toBeGreaterThan(150);
    expect(some.devices).toBeLessThanOrEqual(180);
    const none = await searchCapacity(serverHolding(0).trial, bounds);
    expect(none).toMatchObject({ devices: 0, stopped: 'floor' });
  });

  it('stops at its ceiling and at its time bound', async () => {
    expect(await searchCapacity(serverHolding(1e9).trial, { ...bounds, max: 3_000 })).toMatchObject({ devices: 3_000, stopped: 'max' });
    const slow = async (n: number) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { devices: n, held: true };
    };
    const bounded = await searchCapacity(slow, { ...bounds, budgetMs: 50 });
    expect(bounded.stopped).toBe('budget');
    expect(bounded.trials.length).toBeLessThanOrEqual(2);
  });
});
