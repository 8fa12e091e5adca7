/**
 * The authorization matrix of issue 5: every role of every kind of agency, for every action on
 * a record, in every sharing state, against the real server on both databases. Each cell is an
 * expected allow (Y) or deny (N); the test fails on any difference, and in particular on any
 * allow the table does not grant. docs/security.md "Sharing" shows the same table.
 *
 * Agencies: `owner` (ATF, whose officer created the record), `sharedWith` (FGR, the agency the
 * record's case is shared with in the `shared` state), `other` (HSI, never involved).
 * States: `shared` (the record's case is shared with FGR), `revoked` (it was, and the share was
 * revoked), `never` (never shared with FGR; shared with CBP, so there is a share to list and
 * revoke).
 *
 * What "allow" means for each action:
 * - pull: the record, with its content, is in the caller's pull.
 * - push.create: a new record pushed by the caller with the record's case number is stored as
 *   the owner agency's (sharing never lets another agency add to the owner's case).
 * - push.edit: a revision pushed by the caller on the current revision is applied.
 * - history: GET /records/:id/history answers 200.
 * - share: POST /shares { recordId, toAgency: DEA } answers 200 or 201.
 * - revoke: DELETE /shares/:id (FGR's share; CBP's in the `never` state) answers 200.
 * - list: GET /shares answers 200 with a share of this record or its case in it.
 * - trace.record: POST /sync/trace-push of the record's firearm's first status is applied
 *   (officers only where the agency allows it, which none of these does).
 * - trace.pull: after the owner's supervisor recorded a status, GET /sync/trace-pull has it.
 * - search: GET /supervisor/firearms?caseNumber= finds the record's firearm.
 * - export: GET /exports/firearms?format=json answers 200 with the record's firearms in it.
 * - links: GET /links/seizures/:id answers 200 with the record's link view (docs/links.md).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { sharesApi, type ShareBody } from './helpers/shares';

const MATRIX = `
action       agency      officer   supervisor  admin      (each: shared revoked never)
pull         owner       YYY       YYY         YYY
pull         sharedWith  YNN       YNN         YNN
pull         other       NNN       NNN         NNN
push.create  owner       YYY       YYY         YYY
push.create  sharedWith  NNN       NNN         NNN
push.create  other       NNN       NNN         NNN
push.edit    owner       YYY       YYY         YYY
push.edit    sharedWith  NNN       NNN         NNN
push.edit    other       NNN       NNN         NNN
history      owner       NNN       YYY         YYY
history      sharedWith  NNN       NNN         NNN
history      other       NNN       NNN         NNN
share        owner       NNN       YYY         YYY
share        sharedWith  NNN       NNN         NNN
share        other       NNN       NNN         NNN
revoke       owner       NNN       YYY         YYY
revoke       sharedWith  NNN       NNN         NNN
revoke       other       NNN       NNN         NNN
list         owner       NNN       YYY         YYY
list         sharedWith  NNN       YYN         YYN
list         other       NNN       NNN         NNN
trace.record owner       NNN       YYY         YYY
trace.record sharedWith  NNN       NNN         NNN
trace.record other       NNN       NNN         NNN
trace.pull   owner       YYY       YYY         YYY
trace.pull   sharedWith  YNN       YNN         YNN
trace.pull   other       NNN       NNN         NNN
search       owner       NNN       YYY         YYY
search       sharedWith  NNN       YNN         YNN
search       other       NNN       NNN         NNN
export       owner       NNN       YYY         YYY
export       sharedWith  NNN       YNN         YNN
export       other       NNN       NNN         NNN
links        owner       NNN       YYY         YYY
links        sharedWith  NNN       YNN         YNN
links        other       NNN       NNN         NNN
`;

const ROLES = ['officer', 'supervisor', 'admin'] as const;
const AGENCIES = { owner: 'ATF', sharedWith: 'FGR', other: 'HSI' } as const;
const STATES = ['shared', 'revoked', 'never'] as const;
type Role = (typeof ROLES)[number];
type AgencyKind = keyof typeof AGENCIES;
type State = (typeof STATES)[number];

interface Cell {
  action: string;
  agency: AgencyKind;
  role: Role;
  state: State;
  allow: boolean;
}

function parseMatrix(text: string): Cell[] {
  const lines = text.trim().split('\n').slice(1);
  return lines.flatMap((line) => {
    const [action = '', agency = '', ...byRole] = line.trim().split(/\s+/);
    return ROLES.flatMap((role, r) =>
      STATES.map((state, s): Cell => {
        const mark = byRole[r]?.[s];
        if (mark !== 'Y' && mark !== 'N') throw new Error(`matrix: no Y/N for ${action} ${agency} ${role} ${state}`);
        return { action, agency: agency as AgencyKind, role, state, allow: mark === 'Y' };
      }),
    );
  });
}

const CELLS = parseMatrix(MATRIX);

describe.each(DIALECTS)('authorization matrix on %s', (dialect) => {
  const server = useServer(dialect);
  const api = sharesApi(server);

  it('allows exactly what the matrix allows, and answers every denial with a 4xx or a rejection', async () => {
    expect(CELLS).toHaveLength(12 * 3 * 3 * 3);
    const users = {} as Record<AgencyKind, Record<Role, TestUser>>;
    for (const [kind, code] of Object.entries(AGENCIES) as [AgencyKind, string][]) {
      users[kind] = {} as Record<Role, TestUser>;
      for (const role of ROLES) users[kind][role] = await server().user(`m.${code.toLowerCase()}.${role}`, code, role);
    }
    const creator = users.owner.officer;
    const ownerSupervisor = users.owner.supervisor;

    /** A fresh record of the owner in its own case, in the cell's sharing state. */
    async function arrange(state: State) {
      const base = seizure();
      const record = { ...base, agency: { ...base.agency, caseNumber: `CASE-${randomUUID().slice(0, 8)}` } };
      expect(resultsOf(await server().push(creator, [mutation(record)]))[0]?.status).toBe('applied');
      const to = state === 'never' ? 'CBP' : 'FGR';
      const granted = await api.share(ownerSupervisor, { caseNumber: record.agency.caseNumber, toAgency: to });
      expect(granted.statusCode).toBe(201);
      const share = granted.json<ShareBody>();
      if (state === 'revoked') expect((await api.revoke(ownerSupervisor, share.id)).statusCode).toBe(200);
      return { record, share };
    }

    /** The record's firearm's first trace status, pushed by this caller. */
    const tracePush = (caller: TestUser, record: Seizure) => {
      const firearmId = record.firearms[0]!.id;
      const status = { firearmId, seizureId: record.id, status: 'requested', requestedAt: '2026-11-28', updatedAt: '2026-11-28T12:00:00Z' };
      return server().app.inject({
        method: 'POST',
        url: '/api/v1/sync/trace-push',
        headers: { authorization: `Bearer ${caller.token}` },
        payload: { deviceId: 'matrix', changes: [{ mutationId: randomUUID(), recordId: record.id, firearmId, baseRevision: null, status }] },
      });
    };

    const denials: { cell: string; status: number }[] = [];
    const act = async (cell: Cell, caller: TestUser, { record, share }: Awaited<ReturnType<typeof arrange>>): Promise<boolean> => {
      const observe = (status: number, allowed: boolean) => {
        if (!allowed) denials.push({ cell: `${cell.action} ${cell.agency} ${cell.role} ${cell.state}`, status });
        return allowed;
      };
      switch (cell.action) {
        case 'pull': {
          const { changes } = await api.pullAll(caller);
          return changes.some((c) => c.recordId === record.id && c.record !== undefined);
        }
        case 'push.create': {
          const created = { ...seizure(), agency: { ...record.agency } };
          const response = await server().push(caller, [mutation(created)]);
          const stored = await server().app.store.records.findLatest(created.id);
          return observe(response.statusCode, stored?.agencyCode === AGENCIES.owner);
        }
        case 'push.edit': {
          const current = (await server().app.store.records.findLatest(record.id))!;
          const response = await server().push(caller, [mutation({ ...record, notes: `edited by ${caller.username}` }, current.revision)]);
          const [result] = resultsOf(response);
          return observe(response.statusCode, result?.status === 'applied');
        }
        case 'history': {
          const response = await api.history(caller, record.id);
          return observe(response.statusCode, response.statusCode === 200);
        }
        case 'share': {
          const response = await api.share(caller, { recordId: record.id, toAgency: 'DEA' });
          return observe(response.statusCode, response.statusCode === 200 || response.statusCode === 201);
        }
        case 'revoke': {
          const response = await api.revoke(caller, share.id);
          return observe(response.statusCode, response.statusCode === 200);
        }
        case 'list': {
          const response = await api.list(caller);
          if (response.statusCode !== 200) return observe(response.statusCode, false);
          const { given, received } = response.json<{ given: ShareBody[]; received: ShareBody[] }>();
          return observe(response.statusCode, [...given, ...received].some((s) => s.id === share.id || s.recordId === record.id));
        }
        case 'trace.record': {
          const response = await tracePush(caller, record);
          const [result] = response.json<{ results?: { status: string }[] }>().results ?? [];
          return observe(response.statusCode, response.statusCode === 200 && result?.status === 'applied');
        }
        case 'trace.pull': {
          expect((await tracePush(ownerSupervisor, record)).json().results[0].status).toBe('applied');
          for (let cursor = '0'; ; ) {
            const response = await server().app.inject({ method: 'GET', url: `/api/v1/sync/trace-pull?cursor=${cursor}&limit=500`, headers: { authorization: `Bearer ${caller.token}` } });
            const page = response.json<{ statuses: { firearmId: string }[]; cursor: string; more: boolean }>();
            if (page.statuses.some((status) => status.firearmId === record.firearms[0]!.id)) return true;
            if (!page.more) return false;
            cursor = page.cursor;
          }
        }
        case 'search': {
          const response = await server().app.inject({
            method: 'GET',
            url: `/api/v1/supervisor/firearms?caseNumber=${encodeURIComponent(record.agency.caseNumber)}`,
            headers: { authorization: `Bearer ${caller.token}` },
          });
          const hits = response.statusCode === 200 ? response.json<{ hits: { recordId: string }[] }>().hits : [];
          return observe(response.statusCode, hits.some((hit) => hit.recordId === record.id));
        }
        case 'export': {
          const response = await server().app.inject({ method: 'GET', url: '/api/v1/exports/firearms?format=json', headers: { authorization: `Bearer ${caller.token}` } });
          if (response.statusCode !== 200) return observe(response.statusCode, false);
          return observe(response.statusCode, response.json<{ rows: { seizure_id: string }[] }>().rows.some((row) => row.seizure_id === record.id));
        }
        case 'links': {
          const response = await server().app.inject({ method: 'GET', url: `/api/v1/links/seizures/${record.id}`, headers: { authorization: `Bearer ${caller.token}` } });
          return observe(response.statusCode, response.statusCode === 200 && response.json<{ seizure: { recordId: string } }>().seizure.recordId === record.id);
        }
        default:
          throw new Error(`unknown action ${cell.action}`);
      }
    };

    const unexpected: string[] = [];
    for (const cell of CELLS) {
      const arranged = await arrange(cell.state);
      const allowed = await act(cell, users[cell.agency][cell.role], arranged);
      if (allowed !== cell.allow) unexpected.push(`${allowed ? 'UNEXPECTED ALLOW' : 'unexpected deny'}: ${cell.action} by ${cell.role} of ${cell.agency}, ${cell.state}`);
    }
    expect(unexpected).toEqual([]);
    // A denial is an answer the app can show, never a server failure.
    expect(denials.filter((d) => d.status >= 500)).toEqual([]);
    expect(denials.length).toBeGreaterThan(0);
  }, 300_000);
});
