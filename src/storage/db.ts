/**
 * The device database. One Dexie class with typed tables and an index for each query a screen
 * makes. Records are wrapped in a row that carries the index keys beside the domain record.
 *
 * Seizures, outbox and drafts are sealed with the unlocked officer's keys on their way to disk
 * (crypto/sealing-middleware.ts): the code above reads and writes plain rows, and with nobody
 * unlocked those tables refuse every use. Meta (session, wrapped keys, device id) is not sealed:
 * it is what the app needs before anyone has unlocked it.
 *
 * Version entries are kept for as long as devices may still run them; a data change goes in an
 * .upgrade() of a new version, never into an old one.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Issue, Seizure, SeizureStatus } from '../domain';
import type { DeviceKeys } from './crypto/device-keys';
import { openKeyring, presealRows, recallRow, type OpenKeyring } from './crypto/sealed-tables';
import { sealingMiddleware } from './crypto/sealing-middleware';

/**
 * Where a saved record stands against the server:
 * pending: saved on this device, not yet acknowledged (also while a push with it is under way);
 * sending: left by earlier versions while a push was under way, put back to pending at start-up
 * (integrity.ts);
 * synced: the server holds this exact version (serverRevision); rejected: the server refused it
 * (syncErrors say why; the officer must act); conflict: someone else changed it on the server
 * meanwhile (conflict holds their version; the officer chooses).
 */
export type SyncState = 'pending' | 'sending' | 'synced' | 'rejected' | 'conflict';

export interface ServerVersion {
  revision: number;
  record: Seizure;
  /** Set when another agency shares the record with ours: the code of that agency. */
  sharedBy?: string;
}

export interface SeizureRow {
  id: string;
  record: Seizure;
  status: SeizureStatus;
  updatedAt: string;
  caseKey: string;
  serialKeys: string[];
  makerSerialKeys: string[];
  syncState: SyncState;
  serverRevision?: number;
  syncErrors?: Issue[];
  conflict?: ServerVersion;
  /**
   * Set when the record belongs to another agency that shares it with ours (the code of that
   * agency): it is read-only on this device and goes away when the share ends.
   */
  sharedBy?: string;
}

/** One save waiting for the server: the exact record saved, under an id the server dedupes on. */
export interface OutboxEntry {
  seq?: number;
  mutationId: string;
  recordId: string;
  payload: Seizure;
  enqueuedAt: string;
  /** Pushes tried with this entry. Once above 0 its mutation id may be on the server already. */
  attempts: number;
}

/** The open form, written as the officer types so a closed tab or a dead battery loses nothing. */
export interface FormDraft {
  id: string;
  values: unknown;
  savedAt: string;
  /** updatedAt of the saved record this draft edits; absent for a seizure never saved. */
  baseUpdatedAt?: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export class TraceDB extends Dexie {
  seizures!: EntityTable<SeizureRow, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  drafts!: EntityTable<FormDraft, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  /** What belongs to one officer beyond records (their profile): sealed, one set per officer. */
  officerData!: EntityTable<MetaEntry, 'key'>;
  /**
   * Rows written in clear by version 1, moved aside by the upgrade to version 2 (which cannot seal:
   * no keys are open while the database opens) and sealed by the first officer who unlocks
   * (claim-unsealed.ts). Empty on every device after that.
   */
  unsealedSeizures!: Table<SeizureRow, string>;
  unsealedOutbox!: Table<OutboxEntry, number>;
  unsealedDrafts!: Table<FormDraft, string>;
  private openKeys: OpenKeyring | undefined;

  constructor(name = 'traceready') {
    // Evidence writes must survive a power cut, not only a tab crash: browsers default to relaxed.
    // No query cache: it would keep opened rows in memory across a lock and hand one officer's
    // cached answers to the next officer's identical query.
    super(name, { chromeTransactionDurability: 'strict', cache: 'disabled' });
    this.version(1).stores({
      seizures: 'id, status, updatedAt, caseKey, *serialKeys, *makerSerialKeys, syncState',
      outbox: '++seq, &mutationId, recordId',
      drafts: 'id, savedAt',
      meta: 'key',
    });
    // Version 2 seals. The case number index holds keyed hashes of its prefixes, hence several
    // entries per row. The upgrade runs in one versionchange transaction: closed half-way, it
    // leaves version 1 as it was and runs again at the next start.
    this.version(2)
      .stores({
        seizures: 'id, status, updatedAt, *caseKey, *serialKeys, *makerSerialKeys, syncState',
        unsealedSeizures: 'id',
        unsealedOutbox: 'seq',
        unsealedDrafts: 'id',
        officerData: 'key',
      })
      .upgrade(async (tx) => {
        const [rows, entries, drafts] = await Promise.all([tx.table('seizures').toArray(), tx.table('outbox').toArray(), tx.table('drafts').toArray()]);
        await Promise.all([tx.table('unsealedSeizures').bulkAdd(rows), tx.table('unsealedOutbox').bulkAdd(entries), tx.table('unsealedDrafts').bulkAdd(drafts)]);
        await Promise.all([tx.table('seizures').clear(), tx.table('outbox').clear(), tx.table('drafts').clear()]);
      });
    this.use(sealingMiddleware(() => this.openKeys));
  }

  /** Opens the sealed tables with an officer's keys (the device lock does, after the PIN). */
  unlock(keys: DeviceKeys): void {
    this.openKeys = openKeyring(keys);
  }

  /**
   * Seals, off the page's thread, rows about to be written exactly as given (sealed-tables.ts
   * presealRows): the transaction that writes them then spends its time on IndexedDB, not AES.
   */
  preseal(table: 'seizures' | 'outbox', rows: readonly (SeizureRow | OutboxEntry)[]): Promise<void> {
    return presealRows(this.openKeys, table, rows);
  }

  /** A seizure row as last written or read while these keys are open, if still remembered; only to predict a write (preseal). */
  recallSeizure(id: string): SeizureRow | undefined {
    return recallRow(this.openKeys, 'seizures', id) as SeizureRow | undefined;
  }

  lock(): void {
    this.openKeys = undefined;
  }

  get isUnlocked(): boolean {
    return this.openKeys !== undefined;
  }
}
