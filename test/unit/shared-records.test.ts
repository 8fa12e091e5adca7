/**
 * Records another agency shares with ours, on the device: the sync engine against the real
 * server (in process, SQLite). A shared record arrives read-only (marked with the sharing
 * agency), its later revisions follow, and when the share ends the tombstone removes it; a
 * tombstone never deletes a record of the device's own agency.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain';
import { createSeizureRepository, createSyncStore } from '../../src/storage';
import { createSyncEngine } from '../../src/sync/engine';
import { createHttpTransport } from '../../src/sync/transport';
import { mutation, resultsOf, seizure, useServer, type TestUser } from '../server/helpers/app';
import { sharesApi, type ShareBody } from '../server/helpers/shares';
import { injectFetch } from './support/inject-fetch';
import { freshDatabases } from './support/device-databases';

const server = useServer('sqlite');
const api = sharesApi(server);
const freshDb = freshDatabases('shared').unlocked;

/** A phone signed in as `user`, syncing with the in-process server. */
async function device(user: TestUser) {
  const db = freshDb();
  const store = createSyncStore(db);
  await store.saveSession({ token: user.token, expiresAt: '2099-01-01T00:00:00Z', user: { id: user.id, username: user.username, role: 'officer', agency: { code: user.agency, name: user.agency } } });
  const engine = createSyncEngine({
    store,
    transport: createHttpTransport({ baseUrl: 'http://server.test', token: async () => (await store.session())?.token, fetch: injectFetch(server().app) }),
    deviceId: async () => 'device-under-test',
    random: () => 0.5,
  });
  const sync = async () => expect((await engine.run()).outcome).toBe('synced');
  return { db, store, repo: createSeizureRepository(db), sync };
}

let n = 0;
async function agencies() {
  n += 1;
  return {
    atfOfficer: await server().user(`shd${n}.atf`, 'ATF'),
    atfSup: await server().user(`shd${n}.atf.sup`, 'ATF', 'supervisor'),
    fgrOfficer: await server().user(`shd${n}.fgr`, 'FGR'),
  };
}

describe('records shared with the device agency', () => {
  it('arrive read-only, follow later revisions, and are removed when the share is revoked', async () => {
    const u = await agencies();
    const record = seizure();
    resultsOf(await server().push(u.atfOfficer, [mutation(record)]));
    const fgr = await device(u.fgrOfficer);
    await fgr.sync();
    expect(await fgr.repo.get(record.id)).toBeUndefined();

    const share = (await api.share(u.atfSup, { recordId: record.id, toAgency: 'FGR' })).json<ShareBody>();
    await fgr.sync();
    expect(await fgr.repo.get(record.id)).toMatchObject({ sharedBy: 'ATF', syncState: 'synced', serverRevision: 1, record: { id: record.id, agency: { code: 'ATF' } } });

    resultsOf(await server().push(u.atfOfficer, [mutation({ ...record, notes: 'second look' }, 1)]));
    await fgr.sync();
    expect(await fgr.repo.get(record.id)).toMatchObject({ sharedBy: 'ATF', serverRevision: 2, record: { notes: 'second look' } });

    expect((await api.revoke(u.atfSup, share.id)).statusCode).toBe(200);
    await fgr.sync();
    expect(await fgr.repo.get(record.id)).toBeUndefined();
    expect(await fgr.db.outbox.count()).toBe(0);
  });

  it('a tombstone removes only shared copies, never a record of the device agency, and moves the cursor', async () => {
    const u = await agencies();
    const own = await device(u.atfOfficer);
    const mine: Seizure = seizure();
    const shared: Seizure = seizure();
    await own.store.applyPulled(
      [
        { revision: 1, record: mine },
        { revision: 3, record: shared, sharedBy: 'CBP' },
      ],
      '10',
    );
    expect((await own.repo.get(shared.id))?.sharedBy).toBe('CBP');
    expect((await own.repo.get(mine.id))?.sharedBy).toBeUndefined();

    await own.store.applyPulled([], '12', [mine.id, shared.id, randomUUID()]);
    expect(await own.repo.get(mine.id)).toMatchObject({ syncState: 'synced', serverRevision: 1 });
    expect(await own.repo.get(shared.id)).toBeUndefined();
    expect(await own.store.cursor()).toBe('12');
  });

  it('a record of a shared case created later reaches the other agency', async () => {
    const u = await agencies();
    const base = seizure();
    const caseNumber = `FGR/CDMX/${n}/2026`;
    const first = { ...base, agency: { ...base.agency, caseNumber } };
    resultsOf(await server().push(u.atfOfficer, [mutation(first)]));
    expect((await api.share(u.atfSup, { caseNumber, toAgency: 'FGR' })).statusCode).toBe(201);
    const fgr = await device(u.fgrOfficer);
    await fgr.sync();
    const laterBase = seizure();
    const later = { ...laterBase, agency: { ...laterBase.agency, caseNumber } };
    resultsOf(await server().push(u.atfOfficer, [mutation(later)]));
    await fgr.sync();
    const rows = await fgr.db.seizures.toArray();
    expect(rows.map((r) => [r.id, r.sharedBy]).sort()).toEqual([
      [first.id, 'ATF'],
      [later.id, 'ATF'],
    ].sort());
  });
});
