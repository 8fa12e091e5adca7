/**
 * Bad requests change nothing and never get a 5xx (DESIGN invariant 6): malformed JSON, wrong
 * content types, wrong types, unknown envelope fields, too many mutations, oversized bodies.
 * And a real server error answers with a code only: no stack, no SQL.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from './helpers/databases';
import { mutation, seizure, useServer, type TestUser } from './helpers/app';

describe.each(DIALECTS)('malformed requests on %s', (dialect) => {
  const server = useServer(dialect);
  let officer: TestUser | undefined;
  const send = async (options: { payload?: unknown; body?: string; contentType?: string }) => {
    officer ??= await server().user('requests.officer', 'SEMAR');
    const headers: Record<string, string> = { authorization: `Bearer ${officer.token}` };
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    const request: InjectOptions = { method: 'POST', url: '/api/v1/sync/push', headers };
    if (options.body !== undefined) request.body = options.body;
    else request.payload = options.payload as InjectOptions['payload'];
    return server().app.inject(request);
  };
  const storedCount = async () => {
    const row = await server()
      .app.store.db.selectFrom('revisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  const valid = () => ({ deviceId: 'd1', mutations: [mutation(seizure())] });
  const cases: [string, () => { payload?: unknown; body?: string; contentType?: string }, number, string][] = [
    ['invalid JSON', () => ({ body: '{"deviceId": "d1", "mutations": [', contentType: 'application/json' }), 400, 'request.invalid'],
    ['a JSON array', () => ({ body: '[]', contentType: 'application/json' }), 400, 'request.invalid'],
    ['an empty body', () => ({ body: '', contentType: 'application/json' }), 400, 'request.invalid'],
    ['a prototype-poisoning key', () => ({ body: '{"__proto__": {"x": 1}, "deviceId": "d1", "mutations": []}', contentType: 'application/json' }), 400, 'request.invalid'],
    ['text/plain', () => ({ body: JSON.stringify(valid()), contentType: 'text/plain' }), 415, 'request.unsupportedMediaType'],
    ['form encoding', () => ({ body: 'deviceId=d1', contentType: 'application/x-www-form-urlencoded' }), 415, 'request.unsupportedMediaType'],
    ['an unknown envelope field', () => ({ payload: { ...valid(), extra: true } }), 400, 'request.invalid'],
    ['an unknown mutation field', () => ({ payload: { deviceId: 'd1', mutations: [{ ...mutation(seizure()), extra: 1 }] } }), 400, 'request.invalid'],
    ['a missing deviceId', () => ({ payload: { mutations: [mutation(seizure())] } }), 400, 'request.invalid'],
    ['mutations not an array', () => ({ payload: { deviceId: 'd1', mutations: {} } }), 400, 'request.invalid'],
    ['baseRevision as text', () => ({ payload: { deviceId: 'd1', mutations: [mutation(seizure(), null, { baseRevision: '1' })] } }), 400, 'request.invalid'],
    ['baseRevision 0', () => ({ payload: { deviceId: 'd1', mutations: [mutation(seizure(), 0)] } }), 400, 'request.invalid'],
    ['a missing baseRevision', () => ({ payload: { deviceId: 'd1', mutations: [{ mutationId: randomUUID(), recordId: randomUUID(), record: seizure() }] } }), 400, 'request.invalid'],
    ['a missing record', () => ({ payload: { deviceId: 'd1', mutations: [{ mutationId: randomUUID(), recordId: randomUUID(), baseRevision: null }] } }), 400, 'request.invalid'],
    ['a mutationId that is not a UUID', () => ({ payload: { deviceId: 'd1', mutations: [mutation(seizure(), null, { mutationId: 'm-1' })] } }), 400, 'request.invalid'],
    ['101 mutations', () => ({ payload: { deviceId: 'd1', mutations: Array.from({ length: 101 }, () => mutation(seizure())) } }), 400, 'request.invalid'],
    ['a body over 5 MB', () => ({ payload: { deviceId: 'd1', mutations: [mutation({ ...seizure(), notes: 'x'.repeat(5 * 1024 * 1024) })] } }), 413, 'request.tooLarge'],
  ];

  it.each(cases)('answers %s with a 4xx code and stores nothing', async (_name, make, status, code) => {
    const before = await storedCount();
    const response = await send(make());
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: code });
    expect(await storedCount()).toBe(before);
  });

  it('accepts exactly 100 mutations', async () => {
    const response = await send({ payload: { deviceId: 'd1', mutations: Array.from({ length: 100 }, () => mutation(seizure({ status: 'draft' }))) } });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ results: { status: string }[] }>().results.every((r) => r.status === 'applied')).toBe(true);
  });

  it('accepts application/json with a charset', async () => {
    const response = await send({ body: JSON.stringify(valid()), contentType: 'application/json; charset=utf-8' });
    expect(response.statusCode).toBe(200);
  });

  it('answers login with wrong types with 400, not 401 or 500', async () => {
    for (const payload of [{ username: 1, password: 'x' }, { username: 'a' }, { username: 'a', password: 'b', otp: 1 }]) {
      const response = await server().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'request.invalid' });
    }
  });
});

describe('server errors', () => {
  const server = useServer('sqlite');

  it('answer 500 with a code only: no stack, no SQL, no message', async () => {
    const { app } = server();
    // A route that fails the way a bug would, added before the app is ready.
    const fresh = await import('../../src/server/app').then(({ buildApp }) => buildApp({ database: app.store.db }));
    fresh.get('/api/v1/boom', { config: { public: true } }, async () => {
      throw new Error('SQLITE_ERROR: near "selec": syntax error in select * from users where password_hash = ?');
    });
    const response = await fresh.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'server.internal' });
    expect(response.body).not.toMatch(/select|stack|at /i);
    await fresh.close();
  });
});
