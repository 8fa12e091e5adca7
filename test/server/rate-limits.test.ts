/**
 * Per-address limits on sign-in and refresh (plugins/app/rate-limit.ts), counted in the
 * database so every instance shares one count; TRUST_PROXY decides whether X-Forwarded-For and
 * X-Forwarded-Proto are believed (the address counted, and HSTS behind a TLS proxy).
 */
import { describe, expect, it } from 'vitest';
import { NOW, startServer, useServer } from './helpers/app';
import { createTestDatabase, DIALECTS } from './helpers/databases';
import { useFixture } from './helpers/fixture';

const LIMITS = { signInPerMinute: 3, refreshPerMinute: 2 };

describe.each(DIALECTS)('per-address limits on %s', (dialect) => {
  let clock = NOW;
  const server = useServer(dialect, { now: () => clock, addressLimits: LIMITS });
  // A new name each time: five failures at one name would lock it (a 429 of its own).
  let attempt = 0;
  const loginFrom = (remoteAddress: string, headers: Record<string, string> = {}) =>
    server().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { username: `limited.${++attempt}`, password: 'not the password' } });
  const refreshFrom = (remoteAddress: string) =>
    server().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress, payload: { refreshToken: 'R'.repeat(43) } });

  it('answers 429 request.rateLimited to the fourth sign-in a minute from one address, with Retry-After and nothing else told', async () => {
    expect((await Promise.all([1, 2, 3].map(() => loginFrom('10.0.0.1')))).map((r) => r.statusCode)).toEqual([401, 401, 401]);
    const refused = await loginFrom('10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: 'request.rateLimited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(Object.keys(refused.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);

    // Another address is not held back by this one.
    expect((await loginFrom('10.0.0.2')).statusCode).toBe(401);
    // Without TRUST_PROXY a forged X-Forwarded-For changes nothing.
    expect((await loginFrom('10.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(429);

    clock = new Date(NOW.getTime() + 61_000);
    expect((await loginFrom('10.0.0.1')).statusCode).toBe(401);
    clock = NOW;
  });

  it('limits refreshes on their own count', async () => {
    expect((await refreshFrom('10.0.1.1')).statusCode).toBe(401);
    expect((await refreshFrom('10.0.1.1')).statusCode).toBe(401);
    expect((await refreshFrom('10.0.1.1')).json()).toEqual({ error: 'request.rateLimited' });
    expect((await loginFrom('10.0.1.1')).statusCode).toBe(401);
  });

  it('leaves signed-in routes alone', async () => {
    const officer = await server().user('limited.officer', 'ATF');
    for (let i = 0; i < 10; i++) {
      const me = await server().app.inject({ method: 'GET', url: '/api/v1/auth/me', remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${officer.token}` } });
      expect(me.statusCode).toBe(200);
    }
  });
});

describe('per-address limits across two instances over one PostgreSQL', () => {
  const fixture = useFixture(
    async () => {
      const db = await createTestDatabase('postgres');
      const [one, two] = await Promise.all([startServer(db, { addressLimits: LIMITS }), startServer(db, { addressLimits: LIMITS })]);
      return { db, one, two };
    },
    async ({ db, one, two }) => {
      await one.app.close();
      await two.app.close();
      await db.drop();
    },
  );

  it('counts one address once, whichever instance it reaches', async () => {
    const { one, two } = fixture();
    const login = (server: typeof one) =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.9.9.9', payload: { username: 'x.y', password: 'not the password' } });
    const codes = [];
    for (const server of [one, two, one, two]) codes.push((await login(server)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  const trusted = useServer('sqlite', { addressLimits: LIMITS, trustProxy: ['10.0.0.254'] });
  const plain = useServer('sqlite', { addressLimits: LIMITS });
  const health = (server: typeof trusted, headers: Record<string, string>) =>
    server().app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: '10.0.0.254', headers });

  it('sends HSTS when the trusted proxy says the request came over HTTPS, and only then', async () => {
    expect((await health(trusted, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect((await health(trusted, { 'x-forwarded-proto': 'http' })).headers['strict-transport-security']).toBeUndefined();
    expect((await health(plain, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBeUndefined();
    const untrustedPeer = await trusted().app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: '10.0.0.7', headers: { 'x-forwarded-proto': 'https' } });
    expect(untrustedPeer.headers['strict-transport-security']).toBeUndefined();
  });

  it('counts the client the trusted proxy names, not the proxy', async () => {
    const login = (client: string) =>
      trusted().app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.0.0.254', headers: { 'x-forwarded-for': client }, payload: { username: 'p.q', password: 'not the password' } });
    for (let i = 0; i < 3; i++) expect((await login('198.51.100.1')).statusCode).toBe(401);
    expect((await login('198.51.100.1')).statusCode).toBe(429);
    expect((await login('198.51.100.2')).statusCode).toBe(401);
  });
});
