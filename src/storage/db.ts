/**
 * The device database. One Dexie class with typed tables and an index for each query a screen
 * makes. Records are wrapped in a row that carries the index keys beside the domain record.
 *
 * Seizures, their sync state, outbox and drafts are sealed with the unlocked officer's keys on
 * their way to disk (crypto/sealing-middleware.ts): the code above reads and writes plain rows,
 * and with nobody unlocked those tables refuse every use. Meta (session, wrapped keys, device id)
 * is not sealed: it is what the app needs before anyone has unlocked it. The versions of the
 * schema are in schema-versions.ts.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Issue } from '../domain/issues';
import type { Seizure, SeizureStatus } from '../domain/schema';
import type { DeviceExport } from '../domain/export/audit-wire';
import type { DeviceKeys } from './crypto/device-keys';
import { openKeyring, presealRows, type OpenKeyring } from './crypto/sealed-tables';
import { sealingMiddleware } from './crypto/sealing-middleware';
import { declareSchema } from './schema-versions';
import type { PhotoFileRow, PhotoRow, PhotoUploadRow } from './photo-rows';
import type { TraceOutboxEntry, TraceStatusRow } from './trace-rows';

/**
 * Where a saved record stands against the server:
 * pending: saved on this device, not yet acknowledged (also while a push with it is under way);
 * sending: left by earlier versions while a push was under way, put back to pending at start-up
 * (integrity.ts);
 * synced: the server holds this exact version (at `revision`); rejected: the server refused it
 * (`errors` say why; the officer must act); conflict: someone else changed it on the server
 * meanwhile (`conflict` holds their version; the officer chooses).
 */
export type SyncState = 'pending' | 'sending' | 'synced' | 'rejected' | 'conflict';

export interface ServerVersion {
  revision: number;
  record: Seizure;
  /** Set when another agency shares the record with ours: the code of that agency. */
  sharedBy?: string;
}

/** A seizure as the device keeps it: the officer's latest version and its index keys. */
export interface SeizureRow {
  id: string;
  record: Seizure;
  status: SeizureStatus;
  updatedAt: string;
  caseKey: string;
  serialKeys: string[];
  makerSerialKeys: string[];
  /**
   * Set when the record belongs to another agency that shares it with ours (the code of that
   * agency): it is read-only on this device and goes away when the share ends.
   */
  sharedBy?: string;
}

/**
 * Where one record stands against the server, in a small row of its own (the syncStates table),
 * so that recording the server's answers neither opens nor re-seals the seizure row.
 */
export interface SyncRow {
  id: string;
  state: SyncState;
  /** The server revision the device's version is based on, or was acknowledged at. */
  revision?: number;
  /**
   * updatedAt of the device's version this state speaks of: an acknowledgement of another
   * (older) version leaves the record pending.
   */
  updatedAt: string;
  errors?: Issue[];
  conflict?: ServerVersion;
}

/** A seizure as the screens and sync's rules see it: the row with its sync state beside it (sync-state.ts). */
export interface SeizureView extends SeizureRow {
  syncState: SyncState;
  serverRevision?: number;
  syncErrors?: Issue[];
  conflict?: ServerVersion;
}

/** A seizure row as versions 1 and 2 wrote it, its sync state inside (moved out at unlock: split-sync-state.ts). */
export type LegacySeizureRow = SeizureRow & Partial<Pick<SeizureView, 'syncState' | 'serverRevision' | 'syncErrors' | 'conflict'>>;

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

/**
 * An export made on this device (docs/exports.md, "On the device"), kept until the server has
 * written it into the audit chain: `report` is exactly what is sent, under its export id.
 */
export interface ExportLogEntry {
  exportId: string;
  at: string;
  report: DeviceExport;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export class TraceDB extends Dexie {
  seizures!: EntityTable<SeizureRow, 'id'>;
  syncStates!: EntityTable<SyncRow, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  drafts!: EntityTable<FormDraft, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  /** What belongs to one officer beyond records (their profile): sealed, one set per officer. */
  officerData!: EntityTable<MetaEntry, 'key'>;
  /** Exports not yet in the server's audit chain: sealed, one set per officer (export-log.ts). */
  exportLog!: EntityTable<ExportLogEntry, 'exportId'>;
  /** Each firearm's trace status and its sync state, and the changes not yet sent: sealed (trace-store.ts). */
  traceStatuses!: EntityTable<TraceStatusRow, 'firearmId'>;
  traceOutbox!: EntityTable<TraceOutboxEntry, 'seq'>;
  /** Photos: each one's description, its bytes (original and display copy) and its upload's state, all sealed (photo-store.ts). */
  photos!: EntityTable<PhotoRow, 'photoId'>;
  photoFiles!: EntityTable<PhotoFileRow, 'fileId'>;
  photoUploads!: EntityTable<PhotoUploadRow, 'photoId'>;
  /**
   * Rows written in clear by version 1, moved aside by the upgrade to version 2 (which cannot seal:
   * no keys are open while the database opens) and sealed by the first officer who unlocks
   * (claim-unsealed.ts). Empty on every device after that.
   */
  unsealedSeizures!: Table<LegacySeizureRow, string>;
  unsealedOutbox!: Table<OutboxEntry, number>;
  unsealedDrafts!: Table<FormDraft, string>;
  private openKeys: OpenKeyring | undefined;

  constructor(name = 'traceready') {
    // Evidence writes must survive a power cut, not only a tab crash: browsers default to relaxed.
    // No query cache: it would keep opened rows in memory across a lock and hand one officer's
    // cached answers to the next officer's identical query.
    super(name, { chromeTransactionDurability: 'strict', cache: 'disabled' });
    declareSchema(this);
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
  preseal(table: 'seizures' | 'outbox' | 'syncStates' | 'photoFiles', rows: readonly (SeizureRow | OutboxEntry | SyncRow | PhotoFileRow)[]): Promise<void> {
    return presealRows(this.openKeys, table, rows);
  }

  lock(): void {
    this.openKeys = undefined;
  }

  get isUnlocked(): boolean {
    return this.openKeys !== undefined;
  }
}
