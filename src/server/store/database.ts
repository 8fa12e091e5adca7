/**
 * Opens the database: an SQLite file by default, PostgreSQL when a URL is given.
 *
 * SQLite holds evidence here, so it trades speed for durability: WAL (readers never block the
 * writer), synchronous=FULL (a commit survives power loss, not only a process crash), and a busy
 * timeout so the admin CLI and the server can share the file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      url: string;
      /** Schema to use instead of the URL's default (tests use a throw-away one). */
      searchPath?: string;
      poolSize?: number;
    };

export const SQLITE_FILE_NAME = 'traceready.sqlite';

export interface OpenOptions {
  /** An idle pooled PostgreSQL connection failed (the server restarted, the network dropped). */
  onPoolError?: (error: Error) => void;
}

const INT8_OID = 20;

// bigint (seq, counts) comes back from pg as a string to protect precision; our values stay far
// below 2^53, so read them as numbers and fail loudly should one ever not be.
const toSafeNumber = (text: string): number => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`bigint ${text} exceeds the safe integer range`);
  return value;
};

const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? toSafeNumber : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Kysely<Database> {
  if (config.kind === 'sqlite') {
    mkdirSync(path.dirname(path.resolve(config.file)), { recursive: true });
    const sqlite = new SQLite(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }

  if (config.searchPath !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(config.searchPath)) {
    throw new Error(`Invalid PostgreSQL schema name: ${config.searchPath}`);
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    // Fail fast when the database is unreachable: the request gets a 503 and the device retries.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
  });
  // Without listeners, a connection that dies (database restart, network cut) would crash the
  // process: the pool reports idle clients' errors, and a client checked out between two
  // queries (inside a transaction) emits its own. The query in flight fails either way, and the
  // request gets a 503 from the error handler.
  const report = (error: Error) => options.onPoolError?.(error);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
