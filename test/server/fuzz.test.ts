/**
 * Hostile input at every route: a few thousand malformed, oversized, wrongly typed and
 * malicious bodies, query strings, paths and tokens from a seeded generator (the same requests
 * on every run). The server must answer each with a 4xx (or, for a well-formed push, a 200 that
 * rejects every record), never a 5xx; store nothing; and still work normally afterwards.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/audit/chain';
import { mutation, PASSWORD, resultsOf, seizure, useServer, type TestUser } from './helpers/app';
import { DIALECTS } from './helpers/databases';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const NASTY_STRINGS = [
  '',
  ' ',
  "' OR '1'='1' --",
  '"; DROP TABLE revisions; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000',
  '\u202e\u0000\uffff',
  '\ud800',
  '${jndi:ldap://x/a}',
  '{{constructor.constructor("return process")()}}',
  '%00%ff',
  'NaN',
  '-1',
  '1e309',
  '9007199254740993',
  '0x10',
  'null',
  'true',
  '__proto__',
  'constructor',
  'A'.repeat(43),
  'é'.repeat(300),
  '😀'.repeat(200),
];
const KEYS = ['__proto__', 'constructor', 'prototype', 'username', 'password', 'refreshToken', 'deviceId', 'mutations', 'record', 'id', 'baseRevision', 'mutationId', 'recordId', 'token', 'x'];

function randomString(r: Rng): string {
  switch (r.int(5)) {
    case 0:
      return r.pick(NASTY_STRINGS);
    case 1:
      return 'x'.repeat(r.pick([0, 1, 43, 44, 81, 201, 1025, 70_000]));
    case 2:
      return Array.from({ length: r.int(40) }, () => String.fromCharCode(r.int(0x10000))).join('');
    case 3:
      return crypto.randomUUID();
    default:
      return Math.abs(r.int(1e9)).toString(36);
  }
}

function randomValue(r: Rng, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63)]);
    case 3:
    case 4:
    case 5:
      return randomString(r);
    case 6:
      return Array.from({ length: r.pick([0, 1, 3, 101]) }, () => randomValue(r, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = r.int(6); i > 0; i--) obj[r.next() < 0.7 ? r.pick(KEYS) : randomString(r)] = randomValue(r, depth + 1);
      return obj;
    }
  }
}

/** Something that looks like each route's body, with one or more parts wrong. */
function nearMiss(r: Rng, route: string): unknown {
  const good = {
    login: { username: 'fuzz.officer', password: 'wrong but plausible password' },
    refresh: { refreshToken: 'B'.repeat(43) },
    push: { deviceId: 'fuzz-device', mutations: [mutation(seizure())] },
    tracePush: { deviceId: 'fuzz-device', changes: [traceChange()] },
  }[route] ?? {};
  const broken: Record<string, unknown> = structuredClone(good) as Record<string, unknown>;
  for (let i = 1 + r.int(3); i > 0; i--) {
    const key = r.pick([...Object.keys(broken), ...KEYS]);
    if (r.next() < 0.2) delete broken[key];
    else broken[key] = randomValue(r);
  }
  if (route === 'push') {
    // Always break a mutation too, so no near miss is a valid push that would store a record. A
    // broken envelope is a bad request; a broken record is a rejection (both store nothing).
    const m = mutation(seizure()) as Record<string, unknown>;
    const key = r.pick(['mutationId', 'recordId', 'baseRevision', 'unexpected', 'record', 'record']);
    if (key === 'record') m.record = r.next() < 0.2 ? undefined : randomValue(r);
    else m[key] = r.pick(['not-a-uuid', 0, -5, 1.5, null, true, [], {}, 'x'.repeat(70_000)].filter((v) => !(key === 'baseRevision' && v === null)));
    broken.mutations = r.next() < 0.1 ? [...Array.from({ length: 100 }, () => mutation(seizure())), m] : [m];
  }
  if (route === 'tracePush') {
    // The same for a trace status change: its envelope or its status is always broken.
    const c = traceChange() as Record<string, unknown>;
    const key = r.pick(['mutationId', 'recordId', 'firearmId', 'baseRevision', 'unexpected', 'status', 'status']);
    if (key === 'status') c.status = r.next() < 0.2 ? undefined : { ...(c.status as object), status: randomValue(r) };
    else c[key] = r.pick(['not-a-uuid', 0, -5, 1.5, true, [], {}, 'x'.repeat(70_000)]);
    broken.changes = [c];
  }
  return broken;
}

function rawBody(r: Rng): { payload: string | Buffer; contentType: string } {
  switch (r.int(9)) {
    case 0:
      return { payload: '{"username": "a", "password": ', contentType: 'application/json' };
    case 1:
      return { payload: '[' .repeat(5000) + ']'.repeat(5000), contentType: 'application/json' };
    case 2:
      return { payload: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), contentType: 'application/json' };
    case 3:
      return { payload: Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json' };
    case 4:
      return { payload: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded' };
    case 5:
      return { payload: JSON.stringify(randomValue(r)), contentType: r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '']) };
    case 6:
      return { payload: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}', contentType: 'application/json' };
    case 7:
      return { payload: '', contentType: 'application/json' };
    default:
      return { payload: 'null', contentType: 'application/json' };
  }
}

function hostileAuthorization(r: Rng, valid: string): string | undefined {
  switch (r.int(8)) {
    case 0:
      return undefined;
    case 1:
      return `Bearer ${randomString(r)}`;
    case 2:
      return `Bearer ${valid}x`;
    case 3:
      return `Basic ${Buffer.from('admin:admin').toString('base64')}`;
    case 4:
      return `Bearer ${valid.slice(0, 42)}`;
    case 5:
      return `bearer  ${'C'.repeat(43)}`;
    case 6:
      return `Bearer ${"' OR 1=1 --".padEnd(43, 'A')}`;
    default:
      return 'Bearer ' + 'A'.repeat(8000);
  }
}

/** Percent-encodes; a lone surrogate cannot be, so it goes as its raw (invalid UTF-8) bytes. */
function urlPart(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const COUNTED_TABLES = ['revisions', 'records', 'users', 'agencies', 'sessions', 'session_families', 'refresh_tokens', 'shares', 'trace_revisions', 'trace_statuses', 'deconfliction_alerts', 'devices', 'link_keys'] as const;

/** A plausible trace status change for a firearm of a record nobody stored. */
function traceChange() {
  const [recordId, firearmId] = [crypto.randomUUID(), crypto.randomUUID()];
  const status = { firearmId, seizureId: recordId, status: 'requested', requestedAt: '2026-11-28', updatedAt: '2026-11-28T12:00:00Z' };
  return { mutationId: crypto.randomUUID(), recordId, firearmId, baseRevision: null, status };
}

describe.each(DIALECTS)('fuzzing every route on %s', (dialect) => {
  const server = useServer(dialect);
  const ITERATIONS = 2000;

  const counts = async () => {
    const db = server().app.store.db;
    const out: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  };

  it('answers hostile requests with 4xx, stores nothing, and keeps working', async () => {
    const officer: TestUser = await server().user('fuzz.officer', 'ATF');
    const supervisor: TestUser = await server().user('fuzz.supervisor', 'ATF', 'supervisor');
    const existing = seizure();
    resultsOf(await server().push(officer, [mutation(existing)]));
    const before = await counts();
    const r = prng(0x5eed_2026);
    const failures: string[] = [];
    const statuses = new Map<number, number>();

    for (let i = 0; i < ITERATIONS; i++) {
      const route = r.pick(['login', 'refresh', 'push', 'pull', 'tracePush', 'tracePull', 'supervisor', 'alerts', 'me', 'logout', 'history', 'shares', 'unknown', 'health', 'links']);
      const useValidToken = r.next() < 0.5 && route !== 'logout';
      const token = r.pick([officer.token, supervisor.token]);
      const authorization = useValidToken ? `Bearer ${token}` : hostileAuthorization(r, token);
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };

      let method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' = 'POST';
      let url: string;
      let payload: string | Buffer | undefined;
      const bodyFor = (name: string) => {
        const shape = r.int(3);
        if (shape === 0) {
          const raw = rawBody(r);
          payload = raw.payload;
          if (raw.contentType) headers['content-type'] = raw.contentType;
        } else {
          payload = JSON.stringify(shape === 1 ? randomValue(r) : nearMiss(r, name)) ?? 'null';
          headers['content-type'] = 'application/json';
        }
      };
      switch (route) {
        case 'login':
          url = '/api/v1/auth/login';
          bodyFor('login');
          break;
        case 'refresh':
          url = '/api/v1/auth/refresh';
          bodyFor('refresh');
          break;
        case 'push':
          url = '/api/v1/sync/push';
          bodyFor('push');
          break;
        case 'pull':
          method = 'GET';
          url = `/api/v1/sync/pull?${r.pick(['cursor', 'limit', 'cursor[]', 'x', '__proto__'])}=${urlPart(randomString(r))}&${r.pick(['limit', 'limit', 'cursor'])}=${urlPart(JSON.stringify(randomValue(r)) ?? "null")}`;
          break;
        case 'tracePush':
          url = '/api/v1/sync/trace-push';
          bodyFor('tracePush');
          break;
        case 'tracePull':
          method = 'GET';
          url = `/api/v1/sync/trace-pull?${r.pick(['cursor', 'limit', 'cursor[]', 'x'])}=${urlPart(randomString(r))}`;
          break;
        case 'supervisor':
          method = r.pick(['GET', 'GET', 'POST']);
          url = `/api/v1/supervisor/${r.pick(['firearms', 'dashboard', 'devices', 'x'])}?${r.pick(['serial', 'maker', 'caseNumber', 'from', 'to', 'limit', 'cursor', 'traceStatus', 'serial[]', 'x'])}=${urlPart(randomString(r))}`;
          break;
        case 'alerts':
          method = r.pick(['GET', 'POST']);
          url = method === 'GET' ? `/api/v1/deconfliction/${r.pick(['alerts', 'alerts/count'])}?${r.pick(['limit', 'cursor', 'x'])}=${urlPart(randomString(r))}` : `/api/v1/deconfliction/alerts/${r.next() < 0.5 ? crypto.randomUUID() : urlPart(randomString(r).slice(0, 200))}/acknowledge`;
          if (method === 'POST') bodyFor('acknowledge');
          break;
        case 'me':
          method = r.pick(['GET', 'POST', 'DELETE']);
          url = '/api/v1/auth/me';
          break;
        case 'logout':
          url = '/api/v1/auth/logout';
          if (r.next() < 0.5) bodyFor('logout');
          break;
        case 'history':
          method = r.pick(['GET', 'GET', 'POST']);
          url = `/api/v1/records/${r.next() < 0.3 ? existing.id : urlPart(randomString(r).slice(0, 200))}/history`;
          break;
        case 'shares':
          method = r.pick(['GET', 'POST', 'POST', 'DELETE']);
          url = method === 'DELETE' ? `/api/v1/shares/${r.next() < 0.5 ? crypto.randomUUID() : urlPart(randomString(r).slice(0, 200))}` : '/api/v1/shares';
          if (method === 'POST') bodyFor('shares');
          break;
        case 'links': {
          method = r.pick(['GET', 'GET', 'POST']);
          const query = `${r.pick(['depth', 'reasons', 'from', 'to', 'serialDistance', 'placeMetres', 'placeDays', 'limit', 'cursor', 'depth[]', 'x'])}=${urlPart(randomString(r))}`;
          const seizure = r.next() < 0.4 ? existing.id : urlPart(randomString(r).slice(0, 200));
          url = r.next() < 0.3 ? `/api/v1/links/leads?${query}` : `/api/v1/links/${r.pick(['seizures', 'firearms'])}/${seizure}${r.next() < 0.3 ? '/edges.csv' : ''}?${query}`;
          break;
        }
        case 'health':
          method = r.pick(['POST', 'PUT', 'DELETE', 'PATCH']);
          url = '/api/v1/health';
          bodyFor('health');
          break;
        default:
          method = r.pick(['GET', 'POST', 'PUT', 'DELETE']);
          url = r.pick(['/api/v1/', '/api/v2/sync/push', '/api/v1/sync', '/api/v1/auth', '/api/v1/records', '/api/v1/auth/me%2f..%2f..%2fsync%2fpull', '/api/v1/sync/push%2F..%2Fpull', '/api/%00', '/api/v1/records//history', '/api/v1/auth/me/x']);
      }

      let response: LightMyRequestResponse;
      try {
        response = await server().app.inject({ method, url, headers, ...(payload !== undefined && method !== 'GET' && { payload }) });
      } catch (error) {
        failures.push(`#${i} ${method} ${url}: inject threw ${(error as Error).message}`);
        continue;
      }
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const ok2xx = response.statusCode >= 200 && response.statusCode < 300;
      // Reads with a valid token may succeed; a push may be well-formed and reject every record.
      const readAllowed = ok2xx && useValidToken && method === 'GET' && (route === 'pull' || route === 'tracePull' || route === 'supervisor' || route === 'alerts' || route === 'me' || route === 'history' || route === 'shares' || route === 'links');
      const pushAllRejected =
        ok2xx && (route === 'push' || route === 'tracePush') && useValidToken && response.json<{ results: { status: string }[] }>().results.every((x) => x.status === 'rejected');
      if (response.statusCode >= 500 || (!(response.statusCode >= 400) && !readAllowed && !pushAllRejected)) {
        failures.push(`#${i} ${method} ${url.slice(0, 80)} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
      // Never a stack trace, SQL or an internal message in an answer.
      if (/\bat .+\(.*:\d+:\d+\)|select |insert into|SQLITE|syntax error|TypeError|ReferenceError/i.test(response.body)) {
        failures.push(`#${i} ${method} ${url.slice(0, 80)} leaked: ${response.body.slice(0, 160)}`);
      }
    }

    // A few oversized bodies, last because they are slow.
    for (const url of ['/api/v1/sync/push', '/api/v1/auth/login', '/api/v1/auth/refresh']) {
      const big = JSON.stringify({ deviceId: 'x', mutations: [], pad: 'y'.repeat(5 * 1024 * 1024) });
      const response = await server().app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' }, payload: big });
      if (response.statusCode !== 413) failures.push(`oversized ${url} → ${response.statusCode}`);
    }

    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
    // Nothing polluted the prototype of plain objects.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The 4xx variety shows the generator reached past the first check of each route.
    for (const status of [400, 401, 403, 404, 413, 415]) expect(statuses.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);

    // Healthy afterwards: health, sign-in, push, pull and history work as usual.
    expect((await server().app.inject({ method: 'GET', url: '/api/v1/health' })).json()).toEqual({ status: 'ok', database: dialect });
    // Near misses at the officer's name may have locked it (as they should); an administrator lifts it.
    await server().app.store.loginFailures.clear('fuzz.officer');
    const login = await server().login('fuzz.officer', PASSWORD);
    expect(login.statusCode).toBe(200);
    const again: TestUser = { ...officer, token: login.json<{ token: string }>().token };
    const record = seizure();
    expect(resultsOf(await server().push(again, [mutation(record)]))[0]?.status).toBe('applied');
    expect((await server().pull(again)).json<{ changes: { recordId: string }[] }>().changes.map((c) => c.recordId)).toContain(record.id);
    expect((await server().app.inject({ method: 'GET', url: `/api/v1/records/${record.id}/history`, headers: { authorization: `Bearer ${supervisor.token}` } })).statusCode).toBe(200);
  });

  it('refuses text the databases cannot store in any field, record by record, and counts parallel guesses', async () => {
    const officer: TestUser = await server().user('fuzz.text', 'FGR');
    const r = prng(0x7e47_2026);
    const badCharacter = () =>
      r.pick([
        () => String.fromCharCode(r.int(0x20)),
        () => '\u007f',
        () => String.fromCharCode(0x80 + r.int(0x20)),
        () => String.fromCharCode(0xd800 + r.int(0x400)),
        () => String.fromCharCode(0xdc00 + r.int(0x400)),
      ])();
    const leaves = (value: unknown, path: string[] = []): string[][] =>
      typeof value === 'string' ? [path] : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k])) : [];
    const failures: string[] = [];
    const applied: string[] = [];

    for (let i = 0; i < 150; i++) {
      const hostile = seizure({ status: r.next() < 0.5 ? 'draft' : 'ready', notes: 'n' }) as unknown as Record<string, unknown>;
      // The server sets agency.code and createdBy itself, whatever was sent (prepare-record.ts).
      const path = r.pick(leaves(hostile).filter((p) => !['id', 'agency.code', 'createdBy'].includes(p.join('.'))));
      let target = hostile;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      const last = path.at(-1)!;
      const original = String(target[last]);
      let bad = badCharacter();
      // Free text keeps tab and line breaks: pick another character for notes.
      while (last === 'notes' && ['\t', '\n', '\r'].includes(bad)) bad = badCharacter();
      const at = r.int(original.length + 1);
      target[last] = original.slice(0, at) + bad + original.slice(at);
      const good = [seizure({ status: 'draft' }), seizure({ status: 'draft' })];
      const response = await server().push(officer, [mutation(good[0]), mutation(hostile), mutation(good[1])], r.next() < 0.1 ? `phone${bad}` : 'fuzz-phone');
      if (response.statusCode === 400 && response.json<{ error: string }>().error === 'request.invalid') continue; // the bad device id: refused whole
      const statuses = response.statusCode === 200 ? resultsOf(response).map((result) => result.status) : [`${response.statusCode}`];
      if (statuses.join() !== 'applied,rejected,applied') failures.push(`#${i} ${path.join('.')} ${JSON.stringify(bad)} → ${statuses.join()}`);
      else applied.push(good[0]!.id, good[1]!.id);
    }
    for (let burst = 0; burst < 4; burst++) {
      const name = `fuzz.guess.${burst}`;
      const codes = (await Promise.all(Array.from({ length: 12 }, () => server().login(name, `guess ${r.int(1e9)}`)))).map((x) => x.statusCode);
      if (codes.filter((code) => code === 401).length > 5) failures.push(`burst ${burst}: ${codes.join()}`);
      const login = await server().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `${name}${badCharacter()}`, password: PASSWORD } });
      if (login.statusCode !== 400) failures.push(`username with a bad character → ${login.statusCode}`);
    }

    expect(failures).toEqual([]);
    expect(applied.length).toBeGreaterThan(200);
    for (const id of applied.slice(0, 20)) expect(await server().app.store.records.findLatest(id)).toBeDefined();
    expect(await verifyChain(server().app.store.audit.pages())).toMatchObject({ ok: true });
  });
});
