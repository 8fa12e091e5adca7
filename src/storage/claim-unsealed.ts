/**
 * Seals what version 1 of the database kept in clear (schema-versions.ts): the first officer to
 * unlock after the upgrade takes those records (their sync state into its own table, as version
 * 3 keeps it), their outbox entries (in their order), drafts and the profile, all in one
 * transaction. Closed half-way, nothing moved, and it runs again at the next unlock.
 */
import type { TraceDB } from './db';
import { guarded } from './errors';
import { inlineSyncOf, withoutInlineSync } from './sync-state';

export function claimUnsealed(db: TraceDB): Promise<number> {
  return guarded(() =>
    db.transaction('rw', [db.seizures, db.syncStates, db.outbox, db.drafts, db.officerData, db.meta, db.unsealedSeizures, db.unsealedOutbox, db.unsealedDrafts], async () => {
      const [rows, entries, drafts, profile] = await Promise.all([db.unsealedSeizures.toArray(), db.unsealedOutbox.toArray(), db.unsealedDrafts.toArray(), db.meta.get('profile')]);
      if (rows.length + entries.length + drafts.length === 0 && !profile) return 0;
      const states = rows.flatMap((row) => inlineSyncOf(row) ?? []);
      await Promise.all([
        db.seizures.bulkPut(rows.map(withoutInlineSync)),
        db.syncStates.bulkPut(states),
        db.outbox.bulkPut(entries),
        db.drafts.bulkPut(drafts),
        profile && db.officerData.put(profile),
      ]);
      await Promise.all([db.unsealedSeizures.clear(), db.unsealedOutbox.clear(), db.unsealedDrafts.clear(), db.meta.delete('profile')]);
      return rows.length;
    }),
  );
}
