/**
 * How the device keeps firearms' trace statuses (docs/trace-status.md): one row per firearm with
 * the device's version and where it stands against the server, and an outbox of status changes
 * of its own. Apart from the seizures' rows and outbox, so that a trace result and an edit of the
 * same seizure's notes each carry their own revision and never meet in a conflict.
 */
import type { TraceIssue, TraceStatus } from '../domain/trace-status';

/** pending: recorded here, not yet taken by the server; synced, rejected, conflict as for records (db.ts SyncState). */
export type TraceSyncState = 'pending' | 'synced' | 'rejected' | 'conflict';

/** A status the server holds, at its revision. */
export interface ServerTrace {
  revision: number;
  status: TraceStatus;
}

export interface TraceStatusRow {
  firearmId: string;
  recordId: string;
  /** The device's version: the officer's latest, or the server's when synced. */
  status: TraceStatus;
  state: TraceSyncState;
  /** The server revision the device's version is based on, or was acknowledged at. */
  revision?: number;
  errors?: TraceIssue[];
  /** Someone else changed this firearm's status meanwhile: their version, until the officer chooses. */
  conflict?: ServerTrace;
  /** Set on statuses of a record another agency shares with ours: read-only here. */
  sharedBy?: string;
}

/** One status change waiting for the server, under the mutation id the server dedupes on. */
export interface TraceOutboxEntry {
  seq?: number;
  mutationId: string;
  firearmId: string;
  recordId: string;
  payload: TraceStatus;
  enqueuedAt: string;
  /** Pushes tried with this entry. Once above 0 its mutation id may be on the server already. */
  attempts: number;
}
