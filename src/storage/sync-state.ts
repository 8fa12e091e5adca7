/**
 * A seizure row and its sync state, kept apart on disk (db.ts: seizures and syncStates), put
 * together for the screens and sync's rules. The seizure row holds the officer's version and
 * its index keys; the sync row says where that version stands against the server. Sync's
 * bookkeeping (a push's batch, the server's answers) reads and writes only the small sync rows.
 */
import type { LegacySeizureRow, SeizureRow, SeizureView, SyncRow, TraceDB } from './db';

/** The sync row a view was put together from (or a row of schema version 2 carried inside it). */
export const syncRowOf = (view: SeizureView): SyncRow => ({
  id: view.id,
  state: view.syncState,
  updatedAt: view.updatedAt,
  ...(view.serverRevision !== undefined && { revision: view.serverRevision }),
  ...(view.syncErrors !== undefined && { errors: view.syncErrors }),
  ...(view.conflict !== undefined && { conflict: view.conflict }),
});

/**
 * The sync state a row of schema version 2 (or 1) carries inside it, if any. Such a row is read
 * with it until its officer's unlock moves it out (split-sync-state.ts).
 */
export const inlineSyncOf = (row: LegacySeizureRow): SyncRow | undefined => (row.syncState === undefined ? undefined : syncRowOf({ ...row, syncState: row.syncState }));

/** A row of schema version 2 (or 1) without the sync state inside it: as version 3 keeps it. */
export function withoutInlineSync(row: LegacySeizureRow): SeizureRow {
  const kept: LegacySeizureRow = { ...row };
  delete kept.syncState;
  delete kept.serverRevision;
  delete kept.syncErrors;
  delete kept.conflict;
  return kept;
}

/**
 * The seizure as screens and rules see it. The sync row wins over what an earlier version left
 * inside the seizure row (only sync rows are written now). A row with no state at all has never
 * been acknowledged as far as the device knows: pending, so it is never taken for synced.
 */
export function seizureView(row: LegacySeizureRow, sync: SyncRow | undefined): SeizureView {
  const state = sync ?? inlineSyncOf(row) ?? { id: row.id, state: 'pending', updatedAt: row.updatedAt };
  // An acknowledgement writes only the sync row: a version the server holds exactly carries the
  // revision it holds it at, as it did when the revision was written into the record.
  const held = state.state === 'synced' && state.revision !== undefined && state.updatedAt === row.updatedAt;
  return {
    ...withoutInlineSync(row),
    ...(held && { record: { ...row.record, revision: state.revision } }),
    syncState: state.state,
    ...(state.revision !== undefined && { serverRevision: state.revision }),
    ...(state.errors !== undefined && { syncErrors: state.errors }),
    ...(state.conflict !== undefined && { conflict: state.conflict }),
  };
}

/** The views of the given rows, their sync rows read in one request. Call inside the transaction that read the rows, or in a read of its own. */
export async function viewsOf(db: TraceDB, rows: readonly (LegacySeizureRow | undefined)[]): Promise<(SeizureView | undefined)[]> {
  const present = rows.filter((row): row is LegacySeizureRow => row !== undefined);
  const states = await db.syncStates.bulkGet(present.map((row) => row.id));
  const byId = new Map(present.map((row, i) => [row.id, seizureView(row, states[i])]));
  return rows.map((row) => row && byId.get(row.id));
}

/** The views of the records with these ids (undefined where none), both tables read together. */
export async function readViews(db: TraceDB, ids: readonly string[]): Promise<(SeizureView | undefined)[]> {
  const [rows, states] = await Promise.all([db.seizures.bulkGet([...ids]), db.syncStates.bulkGet([...ids])]);
  return rows.map((row, i) => row && seizureView(row, states[i]));
}
