/**
 * Per-address limits on the routes that check a secret without a session (sign-in, refresh),
 * through @fastify/rate-limit with its counts in the database (store/rate-limits-repository.ts),
 * so several instances behind a balancer share one count. The per-name lockout
 * (login-failures-repository.ts) stops guessing one account's password; this stops one address
 * trying many names, or spending the server's argon2 time.
 *
 * Routes opt in with `config.rateLimit` ({ max, timeWindow }); the count is checked on
 * `onRequest`, before the body is read. The client's address is `request.ip`, which follows
 * X-Forwarded-For only when TRUST_PROXY says the proxy may be believed (docs/server.md).
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, ERROR_CODES } from '../../errors';

type RouteNamed = { method?: unknown; url?: unknown };
type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store interface @fastify/rate-limit calls: one instance per route (`child`). */
function databaseStore(app: FastifyInstance) {
  return class DatabaseRateLimitStore {
    // @fastify/rate-limit constructs the root store with its options; children get a route.
    private readonly route: string;
    constructor(_options?: unknown, route = '') {
      this.route = route;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = app.now();
      app.store.rateLimits.hit(`${this.route}|${key}`, timeWindow, now).then(
        ({ hits, endsAt }) => callback(null, { current: hits, ttl: Math.max(0, endsAt - now.getTime()) }),
        (error: Error) => callback(error),
      );
    }

    // Typed as route options; at run time the plugin passes its merged settings, the route in routeInfo.
    child(options: RouteNamed & { routeInfo?: RouteNamed }): DatabaseRateLimitStore {
      const route = options.routeInfo ?? options;
      return new DatabaseRateLimitStore(undefined, `${String(route.method)} ${String(route.url)}`);
    }
  };
}

export default fp(
  async (app) => {
    await app.register(fastifyRateLimit, {
      global: false,
      store: databaseStore(app),
      // An answer the app can put in the officer's words, like every other error (errors.ts).
      errorResponseBuilder: () => new ApiError(429, ERROR_CODES.rateLimited),
      // Only Retry-After: the x-ratelimit-* headers would tell a guesser how much is left.
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
      addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    });
  },
  { name: 'rate-limit', dependencies: ['store'] },
);
