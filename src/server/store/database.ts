/**
 * Opens the database: an SQLite file by default, PostgreSQL when a URL is given.
 *
 * SQLite holds evidence here, so it trades speed for durability: WAL (readers never block the
 * writer), synchronous=FULL (a commit survives power loss, not only a process crash), and a busy
 * timeout so the admin CLI and the server can share the file.
 *
 * Nothing waits on the database for ever (docs/server.md, DATABASE_TIMEOUT_MS): a request gets a
 * 503 within about `timeoutMs` whether the database is locked, slow, overloaded or unreachable.
 * - SQLite: busy_timeout, how long a write waits for another process's lock.
 * - PostgreSQL: the connection attempt, statement_timeout (the server cancels a slow statement;
 *   the connection stays usable), idle_in_transaction_session_timeout (the server ends a session
 *   that went silent inside a transaction, so an instance cut off while holding the write lock
 *   cannot block every other instance), and a deadline on every answer, for when the database
 *   cannot even cancel (a black-holed network path, a frozen host): the connection is then
 *   discarded, never reused, since its late answer may still arrive.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type PostgresCursor, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type DatabaseConfig =
  | {
      kind: 'sqlite';
      file: string;
      /** How long a statement may wait for the database; default DEFAULT_DATABASE_TIMEOUT_MS, 0 for no limit. */
      timeoutMs?: number;
    }
  | {
      kind: 'postgres';
      url: string;
      /** Schema to use instead of the URL's default (tests use a throw-away one). */
      searchPath?: string;
      poolSize?: number;
      /** How long a statement may wait for the database; default DEFAULT_DATABASE_TIMEOUT_MS, 0 for no limit. */
      timeoutMs?: number;
    };

export const SQLITE_FILE_NAME = 'traceready.sqlite';

/** docs/server.md, DATABASE_TIMEOUT_MS. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 5_000;
/** How much longer than statement_timeout a PostgreSQL answer may take before the connection is given up. */
export const ANSWER_MARGIN_MS = 1_000;

/** The error of a PostgreSQL answer that did not come in time (db-errors.ts: 503). */
export class DatabaseTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

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

/**
 * pg has no deadline that also throws the connection away (its query_timeout leaves the late
 * query at the head of the client's queue), so the pool handed to Kysely wraps each client: a
 * query not answered within `deadlineMs` fails with DatabaseTimeoutError, every later query on
 * that client fails at once (Kysely's rollback included), and the client is destroyed on release.
 */
function withAnswerDeadline(pool: pg.Pool, deadlineMs: number): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect();
      let broken: DatabaseTimeoutError | undefined;
      async function timed(text: string, parameters: readonly unknown[]) {
        if (broken) throw broken;
        const answer = client.query(text, [...parameters]);
        answer.catch(() => undefined); // it may fail after the deadline, when nobody listens
        let timer: ReturnType<typeof setTimeout> | undefined;
        const deadline = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject((broken = new DatabaseTimeoutError(deadlineMs))), deadlineMs);
        });
        try {
          return await Promise.race([answer, deadline]);
        } finally {
          clearTimeout(timer);
        }
      }
      function query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query(sql: string | PostgresCursor<unknown>, parameters: readonly unknown[] = []): unknown {
        // Kysely asks for a cursor only when the dialect is given one (streaming); ours is not.
        if (typeof sql !== 'string') throw new Error('cursors are not supported');
        return timed(sql, parameters);
      }
      return {
        query,
        release: (destroy?: boolean) => client.release(broken ?? destroy === true),
      } satisfies PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** Distinct SQL texts kept prepared; multi-row inserts of 1..500 rows each have their own. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely's SQLite driver prepares every statement again each time it runs one (in a profile of
 * a push that was about 40 % of the server's time), so the database handed to it keeps the
 * prepared statements by SQL text, least recently used first out. A statement is reusable once
 * run; the driver runs one at a time on the single connection and never streams here (a
 * statement still being iterated could not be run again).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const prepared = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = prepared.get(text);
      if (statement) prepared.delete(text);
      else statement = sqlite.prepare(text);
      prepared.set(text, statement);
      if (prepared.size > STATEMENT_CACHE_SIZE) prepared.delete(prepared.keys().next().value as string);
      return statement;
    },
  };
}

const timeouts = new WeakMap<Kysely<Database>, number>();

/** The timeout `db` was opened with (0: no limit, also for a handle not opened here). */
export const databaseTimeoutOf = (db: Kysely<Database>): number => timeouts.get(db) ?? 0;

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Kysely<Database> {
  const db = open(config, options);
  timeouts.set(db, config.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS);
  return db;
}

function open(config: DatabaseConfig, options: OpenOptions): Kysely<Database> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0) throw new Error(`Invalid database timeout: ${timeoutMs}`);
  if (config.kind === 'sqlite') {
    mkdirSync(path.dirname(path.resolve(config.file)), { recursive: true });
    const sqlite = new SQLite(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${timeoutMs}`);
    sqlite.pragma('foreign_keys = ON');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }

  if (config.searchPath !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(config.searchPath)) {
    throw new Error(`Invalid PostgreSQL schema name: ${config.searchPath}`);
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    // Fail fast when the database is unreachable: the request gets a 503 and the device retries.
    connectionTimeoutMillis: timeoutMs || DEFAULT_DATABASE_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    ...(timeoutMs > 0 && { statement_timeout: timeoutMs, idle_in_transaction_session_timeout: timeoutMs }),
    ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
  });
  // Without listeners, a connection that dies (database restart, network cut) would crash the
  // process: the pool reports idle clients' errors, and a client checked out between two
  // queries (inside a transaction) emits its own. The query in flight fails either way, and the
  // request gets a 503 from the error handler.
  const report = (error: Error) => options.onPoolError?.(error);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: timeoutMs > 0 ? withAnswerDeadline(pool, timeoutMs + ANSWER_MARGIN_MS) : pool }) });
}
