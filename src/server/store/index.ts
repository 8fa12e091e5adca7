/**
 * The store: the database handle with its repositories, the same for the server (decorated onto
 * the Fastify instance) and the admin CLI.
 */
import type { Kysely } from 'kysely';
import { agenciesRepository } from './agencies-repository';
import { loginFailuresRepository } from './login-failures-repository';
import { dialectOf, type DialectName } from './dialect';
import { recordsRepository } from './records-repository';
import type { Database } from './schema';
import { sessionsRepository } from './sessions-repository';
import { usersRepository } from './users-repository';
import { withWriteLock } from './write-lock';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  agencies: ReturnType<typeof agenciesRepository>;
  users: ReturnType<typeof usersRepository>;
  sessions: ReturnType<typeof sessionsRepository>;
  records: ReturnType<typeof recordsRepository>;
  loginFailures: ReturnType<typeof loginFailuresRepository>;
  /** Runs `work` in one transaction holding the sequence lock, with repositories bound to it. */
  writeLocked<T>(work: (tx: Pick<Store, 'records' | 'sessions'>) => Promise<T>): Promise<T>;
}

export function createStore(db: Kysely<Database>): Store {
  return {
    db,
    dialect: dialectOf(db),
    agencies: agenciesRepository(db),
    users: usersRepository(db),
    sessions: sessionsRepository(db),
    records: recordsRepository(db),
    loginFailures: loginFailuresRepository(db),
    writeLocked: (work) => withWriteLock(db, (tx) => work({ records: recordsRepository(tx), sessions: sessionsRepository(tx) })),
  };
}

export type { DatabaseConfig } from './database';
export { openDatabase, SQLITE_FILE_NAME } from './database';
export { prepareDatabase, migrateToLatest, seedAgencies } from './migrate';
