/**
 * The store: the database handle with its repositories, the same for the server (decorated onto
 * the Fastify instance) and the admin CLI.
 */
import type { Kysely } from 'kysely';
import { accountKeysRepository } from './account-keys-repository';
import { agenciesRepository } from './agencies-repository';
import { dashboardRepository } from './dashboard-repository';
import { deconflictionRepository } from './deconfliction-repository';
import { devicesRepository } from './devices-repository';
import { firearmSearchRepository } from './firearm-search-repository';
import { auditRepository } from './audit-repository';
import { exportsRepository } from './exports-repository';
import { linksRepository } from './links-repository';
import { loginFailuresRepository } from './login-failures-repository';
import { otpPolicyRepository } from './otp-policy-repository';
import { photosRepository } from './photos-repository';
import { rateLimitsRepository } from './rate-limits-repository';
import { dialectOf, type DialectName } from './dialect';
import { recordsRepository } from './records-repository';
import type { Database } from './schema';
import { sessionsRepository } from './sessions-repository';
import { sharesRepository } from './shares-repository';
import { totpRepository } from './totp-repository';
import { traceRepository } from './trace-repository';
import { usersRepository } from './users-repository';
import { withSavepoint, withWriteLock } from './write-lock';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  agencies: ReturnType<typeof agenciesRepository>;
  users: ReturnType<typeof usersRepository>;
  sessions: ReturnType<typeof sessionsRepository>;
  records: ReturnType<typeof recordsRepository>;
  /** Reading only: what an export reads, a page at a time. */
  exports: ReturnType<typeof exportsRepository>;
  loginFailures: ReturnType<typeof loginFailuresRepository>;
  rateLimits: ReturnType<typeof rateLimitsRepository>;
  /** Reading only: enrolling, removing and spending a code happen inside writeLocked, with their audit row. */
  totp: Pick<ReturnType<typeof totpRepository>, 'find' | 'enrolledUserIds'>;
  /** Reading only: a change happens inside writeLocked, with its audit row. */
  otpPolicy: Pick<ReturnType<typeof otpPolicyRepository>, 'requiredRoles' | 'all'>;
  /** Reading only: grants, revocations and visibility change inside writeLocked. */
  shares: Pick<ReturnType<typeof sharesRepository>, 'find' | 'listFor' | 'changesSince' | 'isSharedWith'>;
  firearmSearch: ReturnType<typeof firearmSearchRepository>;
  dashboard: ReturnType<typeof dashboardRepository>;
  /** Reading only: the link index is written with the revisions and statuses it comes from. */
  links: ReturnType<typeof linksRepository>;
  /** One upsert per report, outside the write lock: it is the device's word, not evidence. */
  devices: ReturnType<typeof devicesRepository>;
  /** Reading only: alerts are made, seen and acknowledged inside writeLocked, with their audit rows. */
  deconfliction: Pick<ReturnType<typeof deconflictionRepository>, 'list' | 'unacknowledged'>;
  /** Reading only: a status change happens inside writeLocked, with its audit row. */
  trace: Pick<ReturnType<typeof traceRepository>, 'ownChangesSince' | 'sharedChangesSince' | 'sharedChangesAt' | 'history' | 'findLatestMany'>;
  /** Reading only: a photo's row is added inside writeLocked, with its audit row. */
  photos: Pick<ReturnType<typeof photosRepository>, 'find' | 'forRecord'>;
  /** Reading only: appending happens inside writeLocked. */
  audit: Pick<ReturnType<typeof auditRepository>, 'pages' | 'about' | 'revisionsWithoutAudit' | 'missingRevisions'>;
  /**
   * Runs `work` in one transaction holding the sequence lock, with repositories bound to it.
   * Audit rows are appended only here, so an action and its audit row commit together.
   */
  writeLocked<T>(work: (tx: LockedStore) => Promise<T>): Promise<T>;
}

export type LockedStore = Pick<Store, 'records' | 'sessions' | 'loginFailures' | 'agencies'> & {
  trace: ReturnType<typeof traceRepository>;
  deconfliction: ReturnType<typeof deconflictionRepository>;
  audit: ReturnType<typeof auditRepository>;
  shares: ReturnType<typeof sharesRepository>;
  totp: ReturnType<typeof totpRepository>;
  otpPolicy: ReturnType<typeof otpPolicyRepository>;
  accountKeys: ReturnType<typeof accountKeysRepository>;
  photos: ReturnType<typeof photosRepository>;
  /** Runs `work` under a savepoint: if it throws, only its own writes are undone (write-lock.ts). */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
};

export function createStore(db: Kysely<Database>): Store {
  return {
    db,
    dialect: dialectOf(db),
    agencies: agenciesRepository(db),
    users: usersRepository(db),
    sessions: sessionsRepository(db),
    records: recordsRepository(db),
    exports: exportsRepository(db),
    loginFailures: loginFailuresRepository(db),
    rateLimits: rateLimitsRepository(db),
    totp: totpRepository(db),
    otpPolicy: otpPolicyRepository(db),
    shares: sharesRepository(db),
    trace: traceRepository(db),
    firearmSearch: firearmSearchRepository(db),
    dashboard: dashboardRepository(db),
    links: linksRepository(db),
    devices: devicesRepository(db),
    deconfliction: deconflictionRepository(db),
    audit: auditRepository(db),
    photos: photosRepository(db),
    writeLocked: (work) =>
      withWriteLock(db, (tx) =>
        work({
          records: recordsRepository(tx),
          agencies: agenciesRepository(tx),
          trace: traceRepository(tx),
          deconfliction: deconflictionRepository(tx),
          sessions: sessionsRepository(tx),
          loginFailures: loginFailuresRepository(tx),
          audit: auditRepository(tx),
          shares: sharesRepository(tx),
          totp: totpRepository(tx),
          otpPolicy: otpPolicyRepository(tx),
          accountKeys: accountKeysRepository(tx),
          photos: photosRepository(tx),
          savepoint: (inner) => withSavepoint(tx, inner),
        }),
      ),
  };
}

export type { DatabaseConfig } from './database';
export { openDatabase, SQLITE_FILE_NAME } from './database';
export { prepareDatabase, migrateToLatest, seedAgencies } from './migrate';
