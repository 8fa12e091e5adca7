/**
 * Throw-away databases for server tests, one per suite: an SQLite file in a temp dir, or a
 * fresh PostgreSQL schema (random name, used through search_path, dropped afterwards).
 *
 * PostgreSQL is not optional: when it is unreachable these helpers throw and the tests fail.
 * A suite that skipped itself would hide exactly the dialect that multi-instance deployments use.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../../src/server/store';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface TestDatabase {
  dialect: Dialect;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is required for the server tests and is unreachable at ${PG_URL}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'traceready-db-'));
    return {
      dialect,
      config: { kind: 'sqlite', file: path.join(dir, 'traceready.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `tr_test_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema ${schema}`));
  return {
    dialect,
    config: { kind: 'postgres', url: PG_URL, searchPath: schema, poolSize: 4 },
    drop: () => withClient((client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}
