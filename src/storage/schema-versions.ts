/**
 * The device database's schema, version by version (db.ts opens them all). Kept as a list so a
 * test can open a database exactly as an earlier app version left it (test/unit/
 * sync-state-upgrade.test.ts) from the same declarations the app upgrades from.
 *
 * Version entries are kept for as long as devices may still run them; a data change goes in an
 * .upgrade() of a new version, never into an old one. Each upgrade runs in one versionchange
 * transaction: closed half-way, it leaves the earlier version as it was and runs again at the
 * next start. No officer's keys are open then, so an upgrade can move sealed rows only as they
 * are; what needs opening them is done at the officer's unlock (claim-unsealed.ts,
 * split-sync-state.ts).
 */
import type { Dexie, Transaction } from 'dexie';

interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      seizures: 'id, status, updatedAt, caseKey, *serialKeys, *makerSerialKeys, syncState',
      outbox: '++seq, &mutationId, recordId',
      drafts: 'id, savedAt',
      meta: 'key',
    },
  },
  // Version 2 seals. The case number index holds keyed hashes of its prefixes, hence several
  // entries per row. Version 1's rows are moved aside as they are, to be sealed at the first unlock.
  {
    version: 2,
    stores: {
      seizures: 'id, status, updatedAt, *caseKey, *serialKeys, *makerSerialKeys, syncState',
      unsealedSeizures: 'id',
      unsealedOutbox: 'seq',
      unsealedDrafts: 'id',
      officerData: 'key',
    },
    async upgrade(tx) {
      const [rows, entries, drafts] = await Promise.all([tx.table('seizures').toArray(), tx.table('outbox').toArray(), tx.table('drafts').toArray()]);
      await Promise.all([tx.table('unsealedSeizures').bulkAdd(rows), tx.table('unsealedOutbox').bulkAdd(entries), tx.table('unsealedDrafts').bulkAdd(drafts)]);
      await Promise.all([tx.table('seizures').clear(), tx.table('outbox').clear(), tx.table('drafts').clear()]);
    },
  },
  // Version 3: sync state in a table of its own (sync-state.ts), so recording the server's
  // answers writes a small row instead of re-sealing a whole seizure row. Version 2's rows hold
  // their sync state inside their seal, which only their officer's keys open: it is moved at
  // each officer's unlock (split-sync-state.ts), and until then such a row is read with the
  // state it holds. The seizures' syncState index stays, holding only those rows still to move.
  {
    version: 3,
    stores: { syncStates: 'id, state' },
  },
  // Version 4 (exports) only adds a table: exports not yet in the server's audit chain (export-log.ts).
  {
    version: 4,
    stores: { exportLog: 'exportId, at' },
  },
  // Version 5 (trace status) only adds tables: each firearm's trace status with its sync state,
  // and the status changes not yet sent, apart from the seizures' (trace-store.ts).
  {
    version: 5,
    stores: { traceStatuses: 'firearmId, recordId, state', traceOutbox: '++seq, &mutationId, firearmId, recordId' },
  },
  // Version 6 (photos) only adds tables: each photo's sealed description, its bytes (the original
  // and the display copy, a row each, sealed as bytes) and where its upload stands (photo-store.ts).
  {
    version: 6,
    stores: { photos: 'photoId, recordId', photoFiles: 'fileId, photoId', photoUploads: 'photoId, recordId, state' },
  },
];

/** Declares the versions up to `upTo` (all by default) on a database. */
export function declareSchema(db: Dexie, upTo = Infinity): void {
  for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
    if (version > upTo) break;
    const declared = db.version(version).stores(stores);
    if (upgrade) declared.upgrade(upgrade);
  }
}
