import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { checkSave, type CheckedSave, type Seizure } from '../../src/domain';
import { createDraftStore, createSeizureRepository, createSettingsStore, NotReadyError, repairOutbox, StorageError, toStorageError } from '../../src/storage';
import { draftSeizure, validSeizure } from '../domain/fixtures';
import { freshDatabases } from './support/device-databases';

const freshDb = freshDatabases('storage').unlocked;

describe('saving a seizure', () => {
  it('writes the record and one outbox entry carrying the saved copy', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const record = draftSeizure({ agency: { code: 'ATF', caseNumber: 'ab 123', officer: {} } });
    const row = await repo.save(record, new Date('2026-11-28T11:00:00Z'));

    expect(row.syncState).toBe('pending');
    expect(row.caseKey).toBe('AB123');
    // The serial, then the firearm's bag code given at this save (domain/keys.ts bagCodeKey).
    expect(row.serialKeys).toEqual(['ABC123', `bag:${row.record.firearms[0]?.bagCode}`]);
    expect(row.makerSerialKeys).toEqual(['GLOCK|ABC123']);
    const stored = await db.seizures.get(record.id);
    expect(stored?.record.updatedAt).toBe('2026-11-28T11:00:00.000Z');
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ recordId: record.id, attempts: 0 });
    expect(outbox[0]?.payload).toEqual(stored?.record);
  });

  it('leaves neither the record nor the outbox entry when the outbox write fails', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    db.outbox.hook('creating', () => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    const record = draftSeizure();
    const failure = await repo.save(record).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).code).toBe('quotaExceeded');
    expect(await db.seizures.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps the earlier saved version intact when a later save fails', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const record = draftSeizure();
    await repo.save(record);
    // The second save must add a new outbox entry because the first one was already attempted.
    await db.outbox.toCollection().modify({ attempts: 1 });
    db.outbox.hook('creating', () => {
      throw new Error('write failed');
    });
    await expect(repo.save({ ...record, notes: 'changed' })).rejects.toBeInstanceOf(StorageError);

    const stored = await db.seizures.get(record.id);
    expect(stored?.record.notes).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
  });

  it('removes the autosaved draft in the same transaction as the save', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const drafts = createDraftStore(db);
    const record = draftSeizure();
    await drafts.put(record.id, { some: 'values' });
    await repo.save(record);
    expect(await drafts.get(record.id)).toBeUndefined();
  });

  it('folds a save into an outbox entry that was never attempted, but never into one that was', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const record = draftSeizure();
    await repo.save(record);
    await repo.save({ ...record, notes: 'second' });
    let entries = await repo.outboxFor(record.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.payload.notes).toBe('second');

    await db.outbox.toCollection().modify({ attempts: 1 });
    await repo.save({ ...record, notes: 'third' });
    entries = await repo.outboxFor(record.id);
    expect(entries.map((e) => e.payload.notes)).toEqual(['second', 'third']);
    expect(new Set(entries.map((e) => e.mutationId)).size).toBe(2);
  });

  it('keeps the first createdAt across edits', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const record = draftSeizure();
    await repo.save(record, new Date('2026-11-28T11:00:00Z'));
    await repo.save({ ...record, createdAt: '2030-01-01T00:00:00.000Z' }, new Date('2026-11-28T12:00:00Z'));
    const stored = await repo.get(record.id);
    expect(stored?.record.createdAt).toBe(record.createdAt);
    expect(stored?.updatedAt).toBe('2026-11-28T12:00:00.000Z');
  });

  it('refuses a malformed record and writes nothing', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const bad = { ...draftSeizure(), unexpected: true } as unknown as Seizure;
    await expect(repo.save(bad)).rejects.toMatchObject({ code: 'writeFailed' });
    expect(await db.seizures.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses "ready" for a record with hard errors but saves it as a draft', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const record = draftSeizure({}, 'N/A');
    await expect(repo.save({ ...record, status: 'ready' })).rejects.toBeInstanceOf(NotReadyError);
    expect(await db.seizures.count()).toBe(0);
    await repo.save({ ...record, status: 'draft' });
    expect((await repo.get(record.id))?.status).toBe('draft');
  });

  it('writes what the save decision allowed as it stands, without judging the same values again', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    // Ready when the officer tapped "Save" (the decision's clock); judged by the save's own
    // clock, an hour earlier, the recovery would lie in the future.
    const record = draftSeizure({ status: 'ready', recovery: { occurredAt: '2026-11-28T11:30:00Z', country: 'US', state: 'TX' }, agency: { code: 'ATF', officer: { lastName: 'Diaz', firstName: 'Ana' } } });
    const check = checkSave(record, { now: new Date('2026-11-28T12:00:00Z') });
    if (!check.ok) throw new Error(JSON.stringify(check.issues));
    await expect(repo.save(record, new Date('2026-11-28T10:30:00Z'))).rejects.toBeInstanceOf(NotReadyError);

    const row = await repo.save(check.save, new Date('2026-11-28T10:30:00Z'));
    expect(row).toMatchObject({ status: 'ready', syncState: 'pending' });
    expect((await repo.outboxFor(record.id))[0]?.payload).toEqual(row.record);
  });

  it('judges anything the decision did not give before any write, even a look-alike of an allowed save', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const lookAlike = { record: { ...draftSeizure(), unexpected: true }, issues: [] } as unknown as CheckedSave;
    await expect(repo.save(lookAlike)).rejects.toMatchObject({ code: 'writeFailed' });
    // An allowed draft copied with its status changed is no answer of the decision's: judged as a record, refused.
    const draft = checkSave({ ...draftSeizure({}, 'N/A'), status: 'draft' }, { now: new Date() });
    if (!draft.ok) throw new Error('a draft is allowed');
    await expect(repo.save({ ...draft.save, record: { ...draft.save.record, status: 'ready' } })).rejects.toMatchObject({ code: 'writeFailed' });
    expect(await db.seizures.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('finding seizures', () => {
  it('finds by serial number prefix through the match key and by case number', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const a = draftSeizure({ agency: { code: 'FGR', caseNumber: 'FED/SON/0001', officer: {} } }, 'ABO-123');
    const b = draftSeizure({ agency: { code: 'ATF', caseNumber: '7777', officer: {} } }, 'XYZ999');
    await repo.save(a, new Date('2026-11-28T10:00:00Z'));
    await repo.save(b, new Date('2026-11-28T11:00:00Z'));

    expect((await repo.search('ab0')).map((r) => r.id)).toEqual([a.id]); // O read as zero, hyphen ignored
    expect((await repo.search('fed/son')).map((r) => r.id)).toEqual([a.id]);
    expect((await repo.search('7777')).map((r) => r.id)).toEqual([b.id]);
    expect((await repo.search('')).map((r) => r.id)).toEqual([b.id, a.id]); // newest first
    expect(await repo.search('nothing-like-this')).toEqual([]);
  });

  it('lists every ready seizure, newest first, and no draft (the trace filter looks through them all)', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const older = validSeizure({ id: crypto.randomUUID() });
    const newer = validSeizure({ id: crypto.randomUUID() });
    const draft = draftSeizure({}, 'DR-1');
    await repo.save(older, new Date('2026-12-01T09:00:00Z'));
    await repo.save(draft, new Date('2026-12-01T10:00:00Z'));
    await repo.save(newer, new Date('2026-12-01T11:00:00Z'));
    expect((await repo.ready()).map((r) => r.id)).toEqual([newer.id, older.id]);
    expect((await repo.ready()).every((r) => r.record.status === 'ready' && r.syncState === 'pending')).toBe(true);
  });

  it('reports the same maker and serial saved in another seizure, not in the record itself', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const first = draftSeizure({ agency: { code: 'ATF', caseNumber: 'C-1', officer: {} } }, 'ABC-123', 'GLOCK');
    await repo.save(first);
    const second = draftSeizure({}, 'abc 123', 'Glock');
    const found = await repo.deviceDuplicates(second);
    expect(found).toEqual([{ firearmIndex: 0, seizureId: first.id, caseNumber: 'C-1', occurredAt: undefined }]);
    expect(await repo.deviceDuplicates(first)).toEqual([]);
    expect(await repo.deviceDuplicates(draftSeizure({}, 'ABC123', 'SMITH_WESSON'))).toEqual([]);
  });

  it('reports each gun of a seizure that is already on the device, in the order of the guns', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const glock = draftSeizure({ agency: { code: 'ATF', caseNumber: 'C-1', officer: {} } }, 'ABC-123', 'GLOCK');
    const colt = draftSeizure({ agency: { code: 'ATF', caseNumber: 'C-2', officer: {} } }, 'XY9876', 'COLT');
    await repo.save(glock);
    await repo.save(colt);
    const base = draftSeizure({}, 'NEW-555', 'GLOCK');
    const gun = (serialNumber: string, manufacturer: string) => ({ ...base.firearms[0]!, id: crypto.randomUUID(), serialNumber, manufacturer });
    const several = { ...base, firearms: [gun('', 'GLOCK'), gun('xy 9876', 'Colt'), gun('NEW-555', 'GLOCK'), gun('abc123', 'Glock')] };

    expect(await repo.deviceDuplicates(several)).toEqual([
      { firearmIndex: 1, seizureId: colt.id, caseNumber: 'C-2', occurredAt: undefined },
      { firearmIndex: 3, seizureId: glock.id, caseNumber: 'C-1', occurredAt: undefined },
    ]);
  });

  it('counts records not yet sent', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    await repo.save(draftSeizure());
    await repo.save(draftSeizure({}, 'QWE456'));
    expect(await repo.pendingCount()).toBe(2);
  });
});

describe('start-up repair', () => {
  it('queues a pending record that lost its outbox entry and restores a record that only the outbox still holds', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const kept = draftSeizure();
    const lost = draftSeizure({}, 'LOST01');
    await repo.save(kept);
    await repo.save(lost);
    await db.outbox.where('recordId').equals(kept.id).delete();
    await db.seizures.delete(lost.id);

    expect(await repairOutbox(db)).toEqual({ requeued: 1, restored: 1, unstuck: 0 });
    expect(await repo.outboxFor(kept.id)).toHaveLength(1);
    expect((await repo.get(lost.id))?.record.firearms[0]?.serialNumber).toBe('LOST01');
    expect(await repairOutbox(db)).toEqual({ requeued: 0, restored: 0, unstuck: 0 });
  });
});

describe('drafts and settings', () => {
  it('lists only drafts of seizures never saved', async () => {
    const db = freshDb();
    const drafts = createDraftStore(db);
    await drafts.put('new-one', { a: 1 });
    await drafts.put('edit-one', { a: 2 }, '2026-11-28T10:00:00.000Z');
    expect((await drafts.unsavedNew()).map((d) => d.id)).toEqual(['new-one']);
    await drafts.remove('new-one');
    expect(await drafts.unsavedNew()).toEqual([]);
  });

  it('keeps one device id and the officer profile', async () => {
    const db = freshDb();
    const settings = createSettingsStore(db);
    const id = await settings.deviceId();
    expect(await settings.deviceId()).toBe(id);
    expect(await settings.profile()).toBeUndefined();
    await settings.saveProfile({ agencyCode: 'SEMAR', officer: { firstName: 'Ana', lastName: 'López' } });
    expect(await settings.profile()).toEqual({ agencyCode: 'SEMAR', officer: { firstName: 'Ana', lastName: 'López' } });
  });
});

describe('storage errors in words the officer can act on', () => {
  it.each([
    [new DOMException('full', 'QuotaExceededError'), 'quotaExceeded'],
    [{ name: 'AbortError', inner: { name: 'QuotaExceededError' } }, 'quotaExceeded'],
    [{ name: 'MissingAPIError' }, 'unavailable'],
    [{ name: 'OpenFailedError', inner: { name: 'SecurityError' } }, 'unavailable'],
    [{ name: 'DatabaseClosedError' }, 'blocked'],
    [{ name: 'VersionError' }, 'upgradeRequired'],
    [new Error('anything else'), 'writeFailed'],
  ])('%o -> %s', (error, code) => {
    expect(toStorageError(error).code).toBe(code);
  });
});

describe('start-up repair after a crash mid-push', () => {
  it('puts rows left "sending" back to waiting, keeping their outbox entries', async () => {
    const db = freshDb();
    const repo = createSeizureRepository(db);
    const record = draftSeizure();
    await repo.save(record);
    await db.outbox.toCollection().modify({ attempts: 1 });
    await db.syncStates.update(record.id, { state: 'sending' });

    expect(await repairOutbox(db)).toEqual({ requeued: 0, restored: 0, unstuck: 1 });
    expect((await repo.get(record.id))?.syncState).toBe('pending');
    expect((await repo.outboxFor(record.id)).map((e) => e.attempts)).toEqual([1]);
  });
});
