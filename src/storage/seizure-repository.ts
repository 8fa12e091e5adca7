/**
 * Reading and saving seizures. Saving writes the record and its outbox entry in one strict
 * transaction: either both are on disk or neither is, and the caller hears "saved" only after
 * the commit. Nothing here talks to the network; the sync engine drains the outbox.
 */
import { takenBagCodes, withBagCodes } from '../domain/bag-code';
import type { DeviceDuplicate } from '../domain/checks';
import { bagCodeKey, caseNumberKey, makerSerialKey, serialKey } from '../domain/keys';
import type { CheckedSave, SaveCheck } from '../domain/save-check';
import type { Seizure } from '../domain/schema';
import { clockSkewFlag, readClockSkew } from './clock-skew-store';
import type { OutboxEntry, SeizureRow, SeizureView, TraceDB } from './db';
import { guarded, StorageError } from './errors';
import { newBagCode, newId } from './ids';
import type * as RecordChecks from './record-checks';
import { readViews, seizureView, viewsOf } from './sync-state';
import { baseRevisionOf, newEntry, queuedEntry, saved, UNSENT_STATES } from './sync-rules';

export class NotReadyError extends Error {
  constructor() {
    super('A seizure with hard errors can only be saved as a draft.');
    this.name = 'NotReadyError';
  }
}

export interface SeizureRepository {
  /**
   * Saves a record the form's checkSave allowed as it stands; any other record is put to the
   * same decision first (NotReadyError for "ready" with hard errors, writeFailed for a wrong
   * shape), before anything is written.
   */
  save(record: Seizure | CheckedSave, now?: Date): Promise<SeizureView>;
  get(id: string): Promise<SeizureView | undefined>;
  search(query: string, limit?: number): Promise<SeizureView[]>;
  /** Every seizure marked ready, newest first, through the status index (kept in clear): what a trace filter looks through. */
  ready(): Promise<SeizureView[]>;
  /** The record holding the firearm with this (canonical) bag code, found through the hashed serial index. */
  byBagCode(code: string): Promise<SeizureView | undefined>;
  deviceDuplicates(record: Seizure): Promise<DeviceDuplicate[]>;
  pendingCount(): Promise<number>;
  outboxFor(recordId: string): Promise<OutboxEntry[]>;
}

let loadedChecks: typeof RecordChecks | undefined;
/**
 * The schema and checks a save needs (zod among them) load on first use, not with the list
 * (preloadChecks in index.ts loads them as soon as an officer can open the app). Once loaded,
 * the module itself is handed back: awaiting `import()` again, even of a module already loaded,
 * waits for a task of its own in Chromium, and React drew the whole form in that gap (about
 * 20 ms between the tap on "Save" and the save's transaction, measured in the bench).
 */
export const recordChecks = (): Promise<typeof RecordChecks> => (loadedChecks ? Promise.resolve(loadedChecks) : import('./record-checks').then((checks) => (loadedChecks = checks)));

/** The record a save may write, or the refusal, from the same decision the form takes. */
function allowedRecord(check: SaveCheck): Seizure {
  if (check.ok) return check.save.record;
  if (check.blocked === 'shape') throw new StorageError('writeFailed', { cause: check.issues });
  throw new NotReadyError();
}

const byNewest = (a: SeizureRow, b: SeizureRow) => b.updatedAt.localeCompare(a.updatedAt);

export function createSeizureRepository(db: TraceDB): SeizureRepository {
  async function save(input: Seizure | CheckedSave, now = new Date()): Promise<SeizureView> {
    const { checkSave, isCheckedSave } = await recordChecks().catch((cause: unknown) => {
      throw new StorageError('writeFailed', { cause });
    });
    // Every firearm leaves a save with its bag code: new ones, and those of records saved before codes existed.
    const edited = withBagCodes(isCheckedSave(input) ? input.record : allowedRecord(checkSave(input, { now })), newBagCode);

    // The common case, a new record or an edit of the version the row holds, is sealed ahead
    // with WebCrypto, outside the transaction; the transaction still decides on what it reads,
    // and what it writes otherwise is sealed as it goes.
    const savedAt = now.toISOString();
    const mutationId = newId();
    const expected = { ...edited, updatedAt: savedAt };
    await Promise.all([
      db.preseal('seizures', [saved(expected, edited.revision).row]),
      db.preseal('outbox', [newEntry(mutationId, expected)]),
    ]);

    return guarded(() =>
      db.transaction('rw', [db.seizures, db.syncStates, db.outbox, db.drafts, db.officerData], async () => {
        // The reads, and then the writes, are issued together: one round of waiting each instead
        // of one per request in a row (the save's time is mostly these requests).
        const [[existing], queued, skew] = await Promise.all([
          readViews(db, [edited.id]),
          // One request for the record's few queued entries (a filtered cursor would be one per entry).
          db.outbox.where('recordId').equals(edited.id).toArray(),
          readClockSkew(db),
        ]);
        // A code the server refused as another firearm's (rare: 40 random bits per agency) is replaced
        // here, where the refusal is read; the record page asks the officer to print the label again.
        const record: Seizure = {
          ...withBagCodes(edited, newBagCode, takenBagCodes(existing?.syncState === 'rejected' ? existing.syncErrors : undefined)),
          createdAt: existing?.record.createdAt ?? edited.createdAt,
          updatedAt: savedAt,
          ...clockSkewFlag(skew, edited.clockSkew ?? existing?.record.clockSkew),
        };
        // A save starts the record's sync state afresh: pending on the revision it is based on.
        const { row, state } = saved(record, baseRevisionOf(existing, edited));
        const entry = queuedEntry(queued, mutationId, record);
        await Promise.all([
          db.seizures.put(row),
          db.syncStates.put(state),
          entry.seq === undefined ? db.outbox.add(entry) : db.outbox.put(entry),
          db.drafts.delete(record.id),
        ]);
        return seizureView(row, state);
      }),
    );
  }

  // The rows and their sync rows in one read transaction, so a list never pairs a row with the
  // state of another moment.
  const withStates = (rows: () => Promise<SeizureRow[]>) =>
    db.transaction('r', db.seizures, db.syncStates, async () => (await viewsOf(db, await rows())).filter((view): view is SeizureView => view !== undefined));

  async function search(query: string, limit = 50): Promise<SeizureView[]> {
    return guarded(() => withStates(() => matching(query, limit)));
  }

  async function matching(query: string, limit: number): Promise<SeizureRow[]> {
    const q = query.trim();
    if (q === '') return db.seizures.orderBy('updatedAt').reverse().limit(limit).toArray();
    // Both indexes at once: the officer waits for the slower one, not for the two in turn.
    const [bySerial, byCase] = await Promise.all([
      serialKey(q) ? db.seizures.where('serialKeys').startsWith(serialKey(q)).limit(limit).toArray() : [],
      caseNumberKey(q) ? db.seizures.where('caseKey').startsWith(caseNumberKey(q)).limit(limit).toArray() : [],
    ]);
    const unique = new Map([...bySerial, ...byCase].map((row) => [row.id, row]));
    return [...unique.values()].sort(byNewest).slice(0, limit);
  }

  async function deviceDuplicates(record: Seizure): Promise<DeviceDuplicate[]> {
    return guarded(async () => {
      // One lookup per gun, issued together: a save of 5 guns waits for one round, not five.
      const found = await Promise.all(
        record.firearms.map(async (firearm, firearmIndex): Promise<DeviceDuplicate | undefined> => {
          if (serialKey(firearm.serialNumber) === '') return undefined;
          const key = makerSerialKey(firearm.manufacturer, firearm.serialNumber);
          const other = await db.seizures.where('makerSerialKeys').equals(key).filter((row) => row.id !== record.id).first();
          return other && { firearmIndex, seizureId: other.id, caseNumber: other.record.agency.caseNumber, occurredAt: other.record.recovery.occurredAt };
        }),
      );
      return found.filter((d): d is DeviceDuplicate => d !== undefined);
    });
  }

  const byBagCode = (code: string) =>
    guarded(async () => (await withStates(async () => db.seizures.where('serialKeys').equals(bagCodeKey(code)).limit(1).toArray()))[0]);

  const ready = () => guarded(() => withStates(async () => (await db.seizures.where('status').equals('ready').toArray()).sort(byNewest)));

  return {
    save,
    search,
    ready,
    byBagCode,
    deviceDuplicates,
    get: (id) => guarded(() => db.transaction('r', db.seizures, db.syncStates, async () => (await readViews(db, [id]))[0])),
    pendingCount: () => guarded(() => db.syncStates.where('state').anyOf(UNSENT_STATES).count()),
    outboxFor: (recordId) => guarded(() => db.outbox.where('recordId').equals(recordId).toArray()),
  };
}
