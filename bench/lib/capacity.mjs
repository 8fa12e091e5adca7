/**
 * The capacity search: the largest level `held(n)` answers true for, found by doubling from
 * `start` while it holds (halving while it does not, when even `start` is too much), then
 * bisecting between the last level held and the first missed until they are within `precision`
 * of each other. Bounded: no trial starts that the last one's duration says would end past
 * `budgetMs`, and no level above `max` is tried.
 */
const STEP = 25;
const roundTo = (n) => Math.max(STEP, Math.round(n / STEP) * STEP);

export async function searchCapacity(trial, { start, max, precision, budgetMs }) {
  const deadline = Date.now() + budgetMs;
  const trials = [];
  let held = 0;
  let missed;
  let n = Math.min(roundTo(start), max);
  let lastMs = 0;
  let stopped = 'budget';
  while (Date.now() + lastMs <= deadline) {
    const began = Date.now();
    const t = await trial(n);
    lastMs = Date.now() - began;
    trials.push(t);
    if (t.held) held = n;
    else missed = n;
    if (missed === undefined) {
      if (n >= max) {
        stopped = 'max';
        break;
      }
      n = Math.min(max, n * 2);
      continue;
    }
    if (held === 0) {
      if (n <= STEP) {
        stopped = 'floor';
        break;
      }
      n = roundTo(n / 2);
      if (n >= missed) n = missed - STEP;
      continue;
    }
    if (missed - held <= Math.max(STEP, held * precision)) {
      stopped = 'precision';
      break;
    }
    n = roundTo((held + missed) / 2);
    if (n <= held || n >= missed) {
      stopped = 'precision';
      break;
    }
  }
  return { devices: held, missed, trials, stopped };
}
