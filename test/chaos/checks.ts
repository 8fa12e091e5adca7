/**
 * What must hold at the end of every chaos run, once every device has settled with the faults
 * off. The server's database is read directly (all revisions, all latest records); the devices'
 * IndexedDB and journals say what the officers saved, kept and were told.
 *
 * Contents are compared modulo the fields the server sets (agency.code, createdBy, revision).
 */
import { isDeepStrictEqual } from 'node:util';
import { verifyChain } from '../../src/server/audit/chain';
import type { Store } from '../../src/server/store';
import { deviceSeizures } from '../support/device-views';
import type { Device } from './device';

export interface CheckFigures {
  records: number;
  revisions: number;
  acknowledgements: number;
  /** Revisions the server applied whose acknowledgement never reached the device (see checks). */
  appliedUnacknowledged: number;
  deviceRows: number;
}

export interface CheckResult {
  failures: string[];
  figures: CheckFigures;
}

type Json = Record<string, unknown>;

const normalize = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/** The record without the fields the server owns. */
export function withoutServerFields(value: unknown): Json {
  const record = normalize(value);
  delete record.revision;
  delete record.createdBy;
  const agency = record.agency as Json | undefined;
  if (agency && typeof agency === 'object') delete agency.code;
  return record;
}

const sameContent = (a: unknown, b: unknown) => isDeepStrictEqual(withoutServerFields(a), withoutServerFields(b));

interface RevisionRow {
  seq: number;
  recordId: string;
  revision: number;
  agencyCode: string;
  mutationId: string;
  body: Json;
}

export async function checkRun(store: Store, devices: readonly Device[]): Promise<CheckResult> {
  const failures: string[] = [];
  const fail = (message: string) => {
    if (failures.length < 50) failures.push(message);
  };

  const revisionRows = await store.db.selectFrom('revisions').select(['seq', 'record_id', 'revision', 'agency_code', 'mutation_id', 'body']).orderBy('seq').execute();
  const revisions: RevisionRow[] = revisionRows.map((r) => ({
    seq: Number(r.seq),
    recordId: r.record_id,
    revision: r.revision,
    agencyCode: r.agency_code,
    mutationId: r.mutation_id,
    body: JSON.parse(r.body) as Json,
  }));
  const recordRows = await store.db.selectFrom('records').selectAll().execute();
  const records = new Map(recordRows.map((r) => [r.record_id, { ...r, body: JSON.parse(r.body) as Json }]));

  // 1. Every revision kept, once: unique mutation ids, revisions 1..n per record, latest = n.
  const byMutation = new Map<string, RevisionRow>();
  const byRecord = new Map<string, RevisionRow[]>();
  for (const rev of revisions) {
    if (byMutation.has(rev.mutationId)) fail(`duplicate: mutation ${rev.mutationId} stored twice`);
    byMutation.set(rev.mutationId, rev);
    byRecord.set(rev.recordId, [...(byRecord.get(rev.recordId) ?? []), rev]);
  }
  for (const [recordId, revs] of byRecord) {
    const numbers = revs.map((r) => r.revision).sort((a, b) => a - b);
    if (!numbers.every((n, i) => n === i + 1)) fail(`revisions of ${recordId} are not 1..n: ${numbers.join(',')}`);
    const latest = records.get(recordId);
    if (!latest) {
      fail(`record ${recordId} has revisions but no latest row`);
      continue;
    }
    if (latest.revision !== numbers.length) fail(`record ${recordId}: latest revision ${latest.revision}, ${numbers.length} revisions stored`);
    const last = revs.find((r) => r.revision === latest.revision);
    if (last && !isDeepStrictEqual(last.body, latest.body)) fail(`record ${recordId}: the latest row differs from its revision ${latest.revision}`);
    if (revs.some((r) => r.agencyCode !== latest.agency_code)) fail(`record ${recordId}: revisions in more than one agency`);
    if (latest.body.revision !== latest.revision) fail(`record ${recordId}: body says revision ${String(latest.body.revision)}, row says ${latest.revision}`);
    // The same save stored as two revisions: every save has its own updatedAt, so equal content is a duplicate.
    for (const [i, a] of revs.entries()) {
      for (const b of revs.slice(i + 1)) {
        if (sameContent(a.body, b.body)) fail(`duplicate: record ${recordId} revisions ${a.revision} and ${b.revision} hold the same save`);
      }
    }
  }
  for (const recordId of records.keys()) if (!byRecord.has(recordId)) fail(`record ${recordId} has a latest row but no revisions`);

  // 1b. The audit trail is whole, and holds exactly one create or revise row per revision,
  //     written with it: a crash or a failing database never leaves one without the other.
  const chain = await verifyChain(store.audit.pages());
  if (!chain.ok) fail(`audit trail broken at row ${chain.seq}: ${chain.reason}`);
  const audited = new Map<string, number>();
  const auditRows = await store.db.selectFrom('audit_log').select(['action', 'subject', 'details']).where('action', 'in', ['record.create', 'record.revise']).execute();
  for (const row of auditRows) {
    const details = JSON.parse(row.details) as { mutationId?: string; revision?: number };
    const rev = details.mutationId === undefined ? undefined : byMutation.get(details.mutationId);
    if (!rev || rev.recordId !== row.subject || rev.revision !== details.revision || row.action !== (rev.revision === 1 ? 'record.create' : 'record.revise')) {
      fail(`audit row ${row.action} of ${String(row.subject)} (${row.details}) matches no stored revision`);
    }
    if (details.mutationId !== undefined) audited.set(details.mutationId, (audited.get(details.mutationId) ?? 0) + 1);
  }
  for (const rev of revisions) {
    const n = audited.get(rev.mutationId) ?? 0;
    if (n !== 1) fail(`revision ${rev.revision} of ${rev.recordId} has ${n} audit rows`);
  }

  // 2. Every record a device created is on the server, in the creator's agency; nothing else is.
  const creators = new Map<string, Device>();
  for (const device of devices) for (const id of device.journal.created) creators.set(id, device);
  for (const [id, device] of creators) {
    const latest = records.get(id);
    if (!latest) fail(`LOSS: record ${id} created on device ${device.index} is not on the server`);
    else if (latest.agency_code !== device.officer.agency) fail(`record ${id} of ${device.officer.agency} stored under ${latest.agency_code}`);
  }
  for (const id of records.keys()) if (!creators.has(id)) fail(`record ${id} on the server was created by no device`);

  // 3. The version each officer last kept of each record is on the server, exactly once.
  for (const device of devices) {
    for (const [id, kept] of device.journal.kept) {
      const revs = byRecord.get(id) ?? [];
      if (kept.source === 'takeTheirs') {
        const taken = revs.find((r) => r.revision === kept.revision);
        if (!taken || !sameContent(taken.body, kept.record)) fail(`device ${device.index} took revision ${kept.revision} of ${id}, which the server does not hold as shown`);
        continue;
      }
      const copies = revs.filter((r) => sameContent(r.body, kept.record)).length;
      if (copies === 0) fail(`LOSS: device ${device.index}'s last kept version of ${id} (${kept.source}, updatedAt ${kept.record.updatedAt}) is not on the server`);
      if (copies > 1) fail(`duplicate: device ${device.index}'s last kept version of ${id} is stored ${copies} times`);
    }
  }

  // 4. Nothing silently overwritten: revision n+1 of a record is an edit of revision n (or the
  //    officer's choice on the conflict screen against revision n). An edit made from an older
  //    revision must have come back as a conflict, not replaced the newer one.
  const lineage = new Map<string, string | undefined>();
  for (const device of devices) for (const [key, edited] of device.journal.lineage) lineage.set(key, edited);
  for (const [recordId, revs] of byRecord) {
    const revisionAt = new Map(revs.map((r) => [String(r.body.updatedAt), r.revision]));
    for (const rev of revs) {
      if (rev.revision === 1) continue;
      const key = `${recordId}@${String(rev.body.updatedAt)}`;
      if (!lineage.has(key)) {
        fail(`revision ${rev.revision} of ${recordId} is no save any officer made`);
        continue;
      }
      // Follow the versions the officer edited back to the first one the server holds (a save
      // folded into a later one, or refused, never became a revision of its own).
      let edited = lineage.get(key);
      const seen = new Set<string>();
      while (edited !== undefined && !revisionAt.has(edited) && !edited.startsWith('revision:') && !seen.has(edited)) {
        seen.add(edited);
        edited = lineage.get(`${recordId}@${edited}`);
      }
      const from = edited === undefined ? undefined : edited.startsWith('revision:') ? Number(edited.slice('revision:'.length)) : revisionAt.get(edited);
      if (from !== rev.revision - 1) {
        const history = revs.map((r) => `rev ${r.revision} ${String(r.body.updatedAt)} "${String(r.body.notes)}"`).join('; ');
        const saves = [...lineage.entries()].filter(([k]) => k.startsWith(recordId)).map(([k, v]) => `${k.slice(recordId.length + 1)} <- ${v ?? 'new'}`).join('; ');
        fail(
          `OVERWRITE: revision ${rev.revision} of ${recordId} was edited from ${from === undefined ? 'no stored revision' : `revision ${from}`} and replaced revision ${rev.revision - 1} without a conflict` +
            ` (server: ${history}; saves: ${saves})`,
        );
      }
    }
  }

  // 5. Every acknowledgement a device recorded is a revision the server holds, as sent.
  const acknowledged = new Set<string>();
  let acknowledgements = 0;
  for (const device of devices) {
    for (const ack of device.journal.acknowledged) {
      acknowledgements++;
      acknowledged.add(ack.mutationId);
      const rev = byMutation.get(ack.mutationId);
      if (!rev) fail(`LOSS: device ${device.index} was told mutation ${ack.mutationId} of ${ack.recordId} is revision ${ack.revision}, the server has no such mutation`);
      else if (rev.recordId !== ack.recordId || rev.revision !== ack.revision) fail(`device ${device.index}: mutation ${ack.mutationId} acknowledged as ${ack.recordId}@${ack.revision}, stored as ${rev.recordId}@${rev.revision}`);
      else if (!sameContent(rev.body, ack.payload)) fail(`device ${device.index}: mutation ${ack.mutationId} stored with other content than sent`);
    }
  }
  // A revision nobody was told about is possible only when the device set the save aside as
  // refused (the proxy's 413) after an earlier delivery of it had gone through.
  const refused = new Set(devices.flatMap((d) => [...d.journal.refusedMutations]));
  let appliedUnacknowledged = 0;
  for (const rev of revisions) {
    if (acknowledged.has(rev.mutationId)) continue;
    appliedUnacknowledged++;
    if (!refused.has(rev.mutationId)) fail(`mutation ${rev.mutationId} (${rev.recordId}@${rev.revision}) was stored but its device never learnt it`);
  }

  // 6. Every device holds exactly its agency's records, at the server's latest revision, and
  //    has nothing left to send, nothing set aside and no open conflict.
  let deviceRows = 0;
  for (const device of devices) {
    const outbox = await device.db.outbox.count();
    if (outbox > 0) fail(`device ${device.index}: ${outbox} outbox entries left`);
    const rows = await deviceSeizures(device.db);
    const queued = new Set((await device.db.outbox.toArray()).map((e) => e.recordId));
    for (const row of rows) {
      if ((row.syncState === 'pending' || row.syncState === 'sending') && !queued.has(row.id)) {
        fail(`STUCK: device ${device.index}: ${row.id} is ${row.syncState} with nothing queued (it would never be sent)`);
      }
    }
    deviceRows += rows.length;
    const mine = new Map(rows.map((row) => [row.id, row]));
    for (const [id, latest] of records) {
      if (latest.agency_code !== device.officer.agency) {
        if (mine.has(id)) fail(`device ${device.index} (${device.officer.agency}) holds ${id} of ${latest.agency_code}`);
        continue;
      }
      const row = mine.get(id);
      if (!row) {
        fail(`device ${device.index} lacks ${id}`);
        continue;
      }
      if (row.syncState !== 'synced') fail(`device ${device.index}: ${id} is ${row.syncState}`);
      if (row.conflict || row.syncErrors) fail(`device ${device.index}: ${id} still has ${row.conflict ? 'a conflict' : 'errors'}`);
      if (row.serverRevision !== latest.revision) fail(`device ${device.index}: ${id} at revision ${String(row.serverRevision)}, server at ${latest.revision}`);
      if (!isDeepStrictEqual(normalize(row.record), latest.body)) fail(`device ${device.index}: ${id} differs from the server's revision ${latest.revision}`);
    }
    for (const id of mine.keys()) if (!records.has(id)) fail(`LOSS: device ${device.index} holds ${id}, the server does not`);
    const { journal } = device;
    if (journal.openConflicts.size > 0) fail(`device ${device.index}: conflicts never settled: ${[...journal.openConflicts].join(', ')}`);
    if (journal.lostConflicts.length > 0) fail(`device ${device.index}: conflicts lost (left the conflict state without the officer): ${journal.lostConflicts.join(', ')}`);
    if (journal.unexpectedRejections.length > 0) fail(`device ${device.index}: records rejected: ${journal.unexpectedRejections.join('; ')}`);
    if ((await device.store.cursor()) === undefined) fail(`device ${device.index}: no pull cursor`);
  }

  return { failures, figures: { records: records.size, revisions: revisions.length, acknowledgements, appliedUnacknowledged, deviceRows } };
}
