/**
 * How one push's answers settle the outbox, for records (sync-rules.ts) and trace statuses
 * (trace-rules.ts) alike: taken in order, an answered entry leaves the outbox, a conflict takes
 * every queued entry of its key with it (each was based on the stale revision), and the key's
 * state is what `answered` makes of it, knowing whether later entries of the key still wait.
 */
export interface AnsweredEntry {
  seq?: number;
}

export function settleAnswers<Outcome extends { entry: AnsweredEntry; status: string }, State>(
  outcomes: readonly Outcome[],
  keyOf: (outcome: Outcome) => string,
  stored: ReadonlyMap<string, State>,
  queuedKeys: ReadonlyMap<string, readonly number[]>,
  answered: (state: State, outcome: Outcome, moreQueued: boolean) => State,
): { removed: number[]; states: State[] } {
  const states = new Map(stored);
  const queued = new Map([...queuedKeys].map(([id, keys]) => [id, new Set(keys)]));
  const removed = new Set<number>();
  const changed = new Set<string>();
  for (const outcome of outcomes) {
    const key = keyOf(outcome);
    const left = queued.get(key) ?? new Set<number>();
    if (outcome.status === 'conflict') {
      left.forEach((seq) => removed.add(seq));
      left.clear();
    }
    if (outcome.entry.seq !== undefined) {
      left.delete(outcome.entry.seq);
      removed.add(outcome.entry.seq);
    }
    const state = states.get(key);
    if (state === undefined) continue;
    states.set(key, answered(state, outcome, left.size > 0));
    changed.add(key);
  }
  return { removed: [...removed], states: [...changed].flatMap((key) => states.get(key) ?? []) };
}
