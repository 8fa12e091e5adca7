/**
 * A simulated phone: its own IndexedDB (Dexie on fake-indexeddb), the app's real storage and
 * sync code, reaching the server through its own listener of the fault proxy with Node's real
 * fetch. The officer holding it saves and edits seizures, signs in again when told to, and
 * settles conflicts and refusals as the app's screens let them.
 *
 * The device also keeps a journal the checks read afterwards: the version of each record the
 * officer last kept (saved, kept on the conflict screen, or took from the server), every
 * acknowledgement the engine recorded, every conflict and refusal it was shown.
 */
import type { Seizure } from '../../src/domain';
import { createSeizureRepository, createSyncStore, TraceDB, type SeizureView, type SyncStore } from '../../src/storage';
import { newDeviceSecret } from '../../src/storage/crypto/device-keys';
import { deriveDeviceKeys } from '../../src/storage/crypto/record-cipher';
import { deviceSeizures } from '../support/device-views';
import { createSyncEngine, type RunReport, type SyncEngine } from '../../src/sync/engine';
import { createHttpTransport, login } from '../../src/sync/transport';
import { validSeizure } from '../domain/fixtures';
import type { Rng } from './random';

export interface Officer {
  username: string;
  password: string;
  agency: string;
}

/** What the officer last chose to keep of a record on this device. */
export type Kept =
  | { source: 'save' | 'keepMine'; record: Seizure }
  /** The server's version taken on the conflict screen (the officer's own edit set aside). */
  | { source: 'takeTheirs'; revision: number; record: Seizure };

export interface Acknowledged {
  mutationId: string;
  recordId: string;
  revision: number;
  payload: Seizure;
}

export interface DeviceJournal {
  created: Set<string>;
  kept: Map<string, Kept>;
  acknowledged: Acknowledged[];
  /** Conflicts the engine recorded and the officer has not settled yet. */
  openConflicts: Set<string>;
  conflictsSeen: number;
  keptMine: number;
  tookTheirs: number;
  /** Conflicts that left the conflict state without the officer choosing (must stay 0). */
  lostConflicts: string[];
  /** Records refused as a whole request (the proxy's 413): the officer saved them again. */
  refusedResaved: number;
  /** Mutation ids the engine set aside as refused (after which the server may still hold them). */
  refusedMutations: Set<string>;
  /** Refusals that are not explained by an injected 413 (must stay 0). */
  unexpectedRejections: string[];
  /**
   * For each save, `${recordId}@${updatedAt}` → the updatedAt of the version the officer edited
   * (undefined for a new record), or `revision:<n>` for a version kept on the conflict screen
   * against revision n. The checks follow it to find which revision an edit came from.
   */
  lineage: Map<string, string | undefined>;
  /** Forms saved after the record had changed under them (another device's revision pulled). */
  staleForms: number;
  signIns: number;
  saves: number;
  edits: number;
  runs: Record<RunReport['outcome'], number>;
}

/** A clock shared by the devices that never gives the same millisecond twice. */
export interface Clock {
  now(): Date;
  /** Waits until now() is past every time given out (for saves that read the real clock). */
  ahead(): Promise<void>;
  /** A time given out elsewhere (keepMine stamps with the real clock). */
  saw(iso: string): void;
}

export function createClock(): Clock {
  let last = 0;
  return {
    now: () => {
      last = Math.max(Date.now(), last + 1);
      return new Date(last);
    },
    ahead: async () => {
      while (Date.now() <= last) await new Promise((resolve) => setTimeout(resolve, 1));
    },
    saw: (iso) => {
      last = Math.max(last, Date.parse(iso));
    },
  };
}

export interface DeviceOptions {
  index: number;
  name: string;
  officer: Officer;
  serverUrl: string;
  proxyPort: number;
  timeoutMs: number;
  clock: Clock;
  rng: Rng;
  batchSize: number;
  pullPageSize: number;
}

export interface Device {
  index: number;
  officer: Officer;
  db: TraceDB;
  store: SyncStore;
  journal: DeviceJournal;
  /** Starts a sync run unless one is under way (one uploader per device); returns that run. */
  sync(): Promise<RunReport>;
  /** The engine's status (phase, failures, last failure). */
  status(): ReturnType<SyncEngine['status']>;
  /** The run under way, if any. */
  running(): Promise<RunReport> | undefined;
  signIn(): Promise<void>;
  sessionExpired(): Promise<boolean>;
  create(): Promise<void>;
  /** Edits one of the records the device holds (its own or pulled), if any can be edited. */
  edit(): Promise<void>;
  /** Opens a record in the edit form; the officer types while syncs go on. */
  openForm(): Promise<void>;
  /** Saves the form opened earlier (if any), edited from the version it loaded. */
  saveForm(): Promise<void>;
  hasOpenForm(): boolean;
  /** Looks at the conflicts and refusals, as an officer opening the list would. `all`: settle every one. */
  attend(all: boolean): Promise<void>;
  close(): Promise<void>;
}

const EDITABLE: ReadonlySet<SeizureView['syncState']> = new Set(['synced', 'pending', 'sending']);

export async function createDevice(options: DeviceOptions): Promise<Device> {
  const { rng, clock, officer } = options;
  const db = new TraceDB(options.name);
  db.unlock(deriveDeviceKeys(newDeviceSecret()));
  const repo = createSeizureRepository(db);
  const store = createSyncStore(db);
  const journal: DeviceJournal = {
    created: new Set(),
    kept: new Map(),
    acknowledged: [],
    openConflicts: new Set(),
    conflictsSeen: 0,
    keptMine: 0,
    tookTheirs: 0,
    lostConflicts: [],
    refusedResaved: 0,
    refusedMutations: new Set(),
    unexpectedRejections: [],
    lineage: new Map(),
    staleForms: 0,
    signIns: 0,
    saves: 0,
    edits: 0,
    runs: { synced: 0, failed: 0, signedOut: 0 },
  };

  // The real store, observed: the engine's decisions are recorded after they commit.
  const observed: SyncStore = {
    ...store,
    recordResults: async (outcomes) => {
      await store.recordResults(outcomes);
      for (const outcome of outcomes) {
        const { entry } = outcome;
        if (outcome.status === 'acknowledged') {
          journal.acknowledged.push({ mutationId: entry.mutationId, recordId: entry.recordId, revision: outcome.revision, payload: entry.payload });
        } else if (outcome.status === 'rejected') {
          journal.refusedMutations.add(entry.mutationId);
        } else {
          journal.openConflicts.add(entry.recordId);
          journal.conflictsSeen++;
        }
      }
    },
  };

  const engine: SyncEngine = createSyncEngine({
    store: observed,
    transport: createHttpTransport({
      baseUrl: `http://127.0.0.1:${options.proxyPort}`,
      token: async () => (await store.session())?.token,
      timeoutMs: options.timeoutMs,
      probeTimeoutMs: options.timeoutMs,
    }),
    deviceId: async () => options.name,
    now: clock.now,
    random: rng.fork('backoff'),
    batchSize: options.batchSize,
    pullPageSize: options.pullPageSize,
  });

  let current: Promise<RunReport> | undefined;
  let serial = 0;
  const tag = () => `${options.name}#${++serial}`;

  async function save(record: Seizure, edited: string | undefined): Promise<SeizureView> {
    const row = await repo.save(record, clock.now());
    journal.kept.set(row.id, { source: 'save', record: row.record });
    journal.lineage.set(`${row.id}@${row.record.updatedAt}`, edited);
    journal.saves++;
    return row;
  }

  async function create() {
    const base = validSeizure();
    const at = clock.now();
    const record: Seizure = {
      ...base,
      id: rng.uuid(),
      status: rng.chance(0.8) ? 'ready' : 'draft',
      agency: { ...base.agency, caseNumber: `CHAOS-${options.index}-${serial + 1}` },
      recovery: { ...base.recovery, occurredAt: new Date(at.getTime() - rng.int(1, 48) * 3_600_000).toISOString() },
      firearms: base.firearms.map((f) => ({ ...f, id: rng.uuid(), serialNumber: `CH${rng.int(100000, 999999)}` })),
      notes: `created ${tag()}`,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      createdBy: officer.username,
      deviceId: options.name,
    };
    const row = await save(record, undefined);
    journal.created.add(row.id);
  }

  /** What an officer changes in a form. */
  function changed(loaded: Seizure): Seizure {
    const record: Seizure = { ...loaded };
    switch (rng.int(0, 3)) {
      case 0:
        record.notes = `edited ${tag()}`;
        break;
      case 1:
        record.ammunition = record.ammunition.map((a, i) => (i === 0 ? { ...a, quantity: rng.int(1, 500) } : a));
        record.notes = `count ${tag()}`;
        break;
      case 2:
        record.status = record.status === 'ready' ? 'draft' : 'ready';
        record.notes = `status ${tag()}`;
        break;
      default:
        record.possessors = record.possessors.map((p, i) => (i === 0 ? { ...p, alias: `alias ${tag()}` } : p));
    }
    return record;
  }

  // One officer per device: while a record is open in the form, they do not edit it elsewhere.
  let form: Seizure | undefined;

  async function pickEditable(): Promise<SeizureView | undefined> {
    const rows = (await deviceSeizures(db)).filter((row) => EDITABLE.has(row.syncState) && row.id !== form?.id);
    if (rows.length === 0) return undefined;
    // Officers of one agency often work the same case: the oldest records are edited most, so
    // that edits from several devices meet on them.
    const hot = [...rows].sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt) || a.id.localeCompare(b.id)).slice(0, 2);
    return rng.pick(rng.chance(0.6) ? hot : rows);
  }

  async function edit() {
    const row = await pickEditable();
    if (!row) return;
    await save(changed(row.record), row.record.updatedAt);
    journal.edits++;
  }

  async function openForm() {
    if (form) return;
    form = (await pickEditable())?.record;
  }
  async function saveForm() {
    const loaded = form;
    form = undefined;
    if (!loaded) return;
    // The row may have moved on since (a pull, a conflict): the officer saves what the form holds.
    const row = await repo.get(loaded.id);
    if (row?.syncState === 'conflict' || row?.syncState === 'rejected') return; // the app shows the conflict or refusal first
    if (row && row.record.updatedAt !== loaded.updatedAt) journal.staleForms++;
    await save(changed(loaded), loaded.updatedAt);
    journal.edits++;
  }

  async function signIn() {
    const answer = await login(options.serverUrl, officer.username, officer.password);
    await store.saveSession({ token: answer.token, expiresAt: answer.expiresAt, user: answer.user });
    engine.resetBackoff();
    journal.signIns++;
  }

  async function attend(all: boolean) {
    // Conflicts recorded before the read below must be in it (the journal is written after commit).
    const expected = [...journal.openConflicts];
    const rows = await deviceSeizures(db);
    const inConflict = new Set(rows.filter((row) => row.syncState === 'conflict').map((row) => row.id));
    // A conflict the engine reported must still be waiting for the officer, whatever ran since.
    for (const id of expected) {
      if (!inConflict.has(id)) {
        journal.lostConflicts.push(id);
        journal.openConflicts.delete(id);
      }
    }
    for (const row of rows) {
      if (row.id === form?.id) continue; // the form is saved (or given up) first
      if (row.syncState === 'conflict' && row.conflict && (all || rng.chance(0.6))) {
        if (rng.chance(0.5)) {
          // keepMine stamps the kept version with the real clock: keep every save's time unique.
          await clock.ahead();
          await store.keepMine(row.id);
          const mine = await repo.get(row.id);
          if (mine) {
            clock.saw(mine.record.updatedAt);
            journal.kept.set(row.id, { source: 'keepMine', record: mine.record });
            // Decided against the server version shown, whose revision is now the row's base.
            journal.lineage.set(`${row.id}@${mine.record.updatedAt}`, `revision:${String(mine.serverRevision)}`);
          }
          journal.keptMine++;
        } else {
          const theirs = (await repo.get(row.id))?.conflict ?? row.conflict;
          await store.takeTheirs(row.id);
          journal.kept.set(row.id, { source: 'takeTheirs', revision: theirs.revision, record: { ...theirs.record, revision: theirs.revision } });
          journal.tookTheirs++;
        }
        journal.openConflicts.delete(row.id);
      }
      if (row.syncState === 'rejected' && (all || rng.chance(0.6))) {
        const codes = (row.syncErrors ?? []).map((e) => `${e.code}${e.params?.reason ? `(${e.params.reason})` : ''}`);
        // The only refusal a valid record can meet here is the proxy's 413 for the whole request.
        if (codes.length > 0 && codes.every((c) => c === 'sync.requestRefused(request.tooLarge)')) {
          await save(row.record, row.record.updatedAt);
          journal.refusedResaved++;
        } else if (!journal.unexpectedRejections.some((r) => r.startsWith(row.id))) {
          journal.unexpectedRejections.push(`${row.id}: ${codes.join(', ')}`);
        }
      }
    }
  }

  return {
    index: options.index,
    officer,
    db,
    store,
    journal,
    sync() {
      current ??= engine.run().then(
        (report) => {
          journal.runs[report.outcome]++;
          current = undefined;
          return report;
        },
        (error: unknown) => {
          current = undefined;
          throw error;
        },
      );
      return current;
    },
    running: () => current,
    status: () => engine.status(),
    signIn,
    sessionExpired: async () => {
      const session = await store.session();
      return !session || session.expired === true;
    },
    create,
    edit,
    openForm,
    saveForm,
    hasOpenForm: () => form !== undefined,
    attend,
    close: async () => {
      await current?.catch(() => undefined);
      await db.delete();
      db.close();
    },
  };
}
