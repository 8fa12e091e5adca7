/**
 * Every seizure on a device as the screens see it (the row with its sync state beside it), read
 * in one transaction: what the chaos checks and the tests look at, where the screens look at a
 * page of them (seizure-repository.ts search).
 */
import { seizureView, type SeizureView, type TraceDB } from '../../src/storage';

export function deviceSeizures(db: TraceDB): Promise<SeizureView[]> {
  return db.transaction('r', db.seizures, db.syncStates, async () => {
    const [rows, states] = await Promise.all([db.seizures.toArray(), db.syncStates.toArray()]);
    const byId = new Map(states.map((state) => [state.id, state]));
    return rows.map((row) => seizureView(row, byId.get(row.id)));
  });
}
