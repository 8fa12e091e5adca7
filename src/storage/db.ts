/**
 * The device database. One Dexie class with typed tables and an index for each query a screen
 * makes. Records are wrapped in a row that carries the index keys beside the domain record, so
 * the record itself can later be stored encrypted while the keys become keyed hashes.
 *
 * Version entries are kept for as long as devices may still run them; a data change goes in an
 * .upgrade() of a new version, never into an old one.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Issue, Seizure, SeizureStatus } from '../domain';

/**
 * Where a saved record stands against the server:
 * pending: saved on this device, not yet acknowledged; sending: a push with it is under way;
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

  constructor(name = 'traceready') {
    // Evidence writes must survive a power cut, not only a tab crash: browsers default to relaxed.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      seizures: 'id, status, updatedAt, caseKey, *serialKeys, *makerSerialKeys, syncState',
      outbox: '++seq, &mutationId, recordId',
      drafts: 'id, savedAt',
      meta: 'key',
    });
  }
}
