/**
 * Builds the server for a test (the Fastify demo's `build(t)` helper, for vitest): a real
 * database of the chosen dialect, a fixed clock, and helpers to make users, sign in and push.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { freshSeizure, NOW } from '../../domain/fixtures';
import type { Seizure } from '../../../src/domain/schema';
import { PushResponseSchema, type PullResponse, type PushResult as WirePushResult } from '../../../src/domain/sync-wire';
import { buildApp } from '../../../src/server/app';
import type { AddressLimits } from '../../../src/server/auth/address-limits';
import type { TrustProxy } from '../../../src/server/config';
import type { PhotoOptions } from '../../../src/server/photos/storage';
import { hashPassword } from '../../../src/server/auth/passwords';
import type { SharingPolicy } from '../../../src/server/sharing/policy';
import type { Database, Role } from '../../../src/server/store/schema';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases';
import { useFixture } from './fixture';

export { NOW };
export const PASSWORD = 'correct horse battery staple';

// argon2 is slow on purpose; one hash of the shared test password serves every test user.
let passwordHash: Promise<string> | undefined;
const sharedHash = () => (passwordHash ??= hashPassword(PASSWORD));

export interface TestUser {
  id: string;
  username: string;
  agency: string;
  token: string;
  refreshToken: string;
}

export interface TestServer {
  app: FastifyInstance;
  db: TestDatabase;
  /** Makes a user directly in the store and signs it in through the API. */
  user(username: string, agency: string, role?: Role): Promise<TestUser>;
  login(username: string, password: string): Promise<LightMyRequestResponse>;
  push(user: TestUser, mutations: unknown[], deviceId?: string): Promise<LightMyRequestResponse>;
  pull(user: TestUser, query?: string): Promise<LightMyRequestResponse>;
}

export interface ServerOptions {
  now?: () => Date;
  sharing?: SharingPolicy;
  /** Tests sign in far more often than officers: unlimited unless a test is about the limits. */
  addressLimits?: AddressLimits;
  trustProxy?: TrustProxy;
  /** Photo limits and storage; without them the photo routes are not served. */
  photos?: PhotoOptions;
}

const UNLIMITED: AddressLimits = { signInPerMinute: 1_000_000, refreshPerMinute: 1_000_000 };

export async function startServer(db: TestDatabase, options: ServerOptions & { database?: Kysely<Database> } = {}): Promise<TestServer> {
  const app = await buildApp({
    database: options.database ?? db.config,
    now: options.now ?? (() => NOW),
    addressLimits: options.addressLimits ?? UNLIMITED,
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    ...(options.sharing && { sharing: options.sharing }),
    ...(options.photos && { photos: options.photos }),
  });
  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  return {
    app,
    db,
    login,
    async user(username, agency, role = 'officer') {
      const id = randomUUID();
      await app.store.users.add({ id, username, passwordHash: await sharedHash(), role, agencyCode: agency }, NOW);
      const response = await login(username, PASSWORD);
      if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
      const { token, refreshToken } = response.json<{ token: string; refreshToken: string }>();
      return { id, username, agency, token, refreshToken };
    },
    push: (user, mutations, deviceId = 'device-1') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { authorization: `Bearer ${user.token}` },
        payload: { deviceId, mutations },
      }),
    pull: (user, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/sync/pull${query}`, headers: { authorization: `Bearer ${user.token}` } }),
  };
}

/** A fresh database and server for the describe block it is called in. */
export function useServer(dialect: Dialect, options: ServerOptions = {}): () => TestServer {
  return useFixture(
    async () => {
      const db = await createTestDatabase(dialect);
      try {
        return await startServer(db, options);
      } catch (error) {
        await db.drop();
        throw error;
      }
    },
    async (server) => {
      await server.app.close();
      await server.db.drop();
    },
  );
}

/** A trace-ready seizure with a fresh id and firearm ids (freshSeizure, test/domain/fixtures.ts). */
export const seizure = (overrides: Partial<Seizure> = {}): Seizure => freshSeizure(overrides);

export function mutation(record: unknown, baseRevision: number | null = null, overrides: Record<string, unknown> = {}) {
  const id = (record as { id?: unknown } | null)?.id;
  return { mutationId: randomUUID(), recordId: typeof id === 'string' ? id : randomUUID(), baseRevision, record, ...overrides };
}

/**
 * A push result as the wire schema the app reads it with (domain/sync-wire.ts), with each
 * variant's fields readable without narrowing first, and a conflict's record as the seizure it is.
 */
export type PushResult = WirePushResult & {
  revision?: number;
  errors?: { path: string; code: string; severity: string; params?: Record<string, unknown> }[];
  current?: { revision: number; record: Seizure };
};

/** The push's results, parsed by the same schema as on the device: an answer it would refuse fails the test. */
export const resultsOf = (response: LightMyRequestResponse): PushResult[] => {
  if (response.statusCode !== 200) throw new Error(`push answered ${response.statusCode}: ${response.body}`);
  return PushResponseSchema.parse(response.json()).results as PushResult[];
};

export type PullPage = Omit<PullResponse, 'changes'> & { changes: { recordId: string; revision: number; record: Seizure }[] };

/**
 * A cast of users for each test of a describe block, whose server outlives its tests: every call
 * makes fresh users (`<prefix><n>.<name>`, lower case) of the given agency and role.
 */
export function castOf<Name extends string>(server: () => TestServer, prefix: string, roles: Record<Name, readonly [agency: string, role?: Role]>): () => Promise<Record<Name, TestUser>> {
  let calls = 0;
  return async () => {
    calls += 1;
    const cast = {} as Record<Name, TestUser>;
    for (const [name, [agency, role]] of Object.entries(roles) as [Name, readonly [string, Role?]][]) {
      cast[name] = await server().user(`${prefix}${calls}.${name.toLowerCase()}`, agency, role);
    }
    return cast;
  };
}
