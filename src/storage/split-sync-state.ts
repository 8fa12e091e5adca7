/**
 * Moves the sync state that schema version 2 sealed inside each seizure row into the syncStates
 * table (schema-versions.ts, version 3), with the unlocked officer's keys: the upgrade itself
 * runs before anyone unlocks and cannot open those rows. The seizures' syncState index lists
 * exactly the rows still to move (a row written since carries no state), so each unlock asks it
 * for one page and finds nothing once all are moved.
 *
 * A page is read and written in one transaction: stopped half-way, the pages done are done and
 * the rest moves at the next unlock. A sync row already there is newer than the state inside
 * the row (only sync rows are written since) and is kept. It runs before sync may (lock/index.ts):
 * a push reads revisions and records answers in the sync rows only.
 */
import type { LegacySeizureRow, TraceDB } from './db';
import { guarded } from './errors';
import { inlineSyncOf, withoutInlineSync } from './sync-state';

const PAGE = 500;

export function splitSyncState(db: TraceDB, pageSize = PAGE): Promise<number> {
  return guarded(async () => {
    let moved = 0;
    for (;;) {
      const page = await db.transaction('rw', db.seizures, db.syncStates, async () => {
        // Every state is a non-empty string: one key range, read with one request.
        const rows: LegacySeizureRow[] = await db.seizures.where('syncState').above('').limit(pageSize).toArray();
        if (rows.length === 0) return 0;
        const present = await db.syncStates.bulkGet(rows.map((row) => row.id));
        const states = rows.flatMap((row, i) => (present[i] ? [] : (inlineSyncOf(row) ?? [])));
        await Promise.all([db.seizures.bulkPut(rows.map(withoutInlineSync)), db.syncStates.bulkPut(states)]);
        return rows.length;
      });
      moved += page;
      if (page < pageSize) return moved;
    }
  });
}
