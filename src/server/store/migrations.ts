/**
 * Schema migrations, defined in code so the server and the admin CLI carry them wherever they
 * run, and applied in name order by Kysely's Migrator.
 *
 * Policy (docs/server.md, tested by test/server/migrations.test.ts): additive only. A shipped
 * migration is never edited; a new one only creates tables, columns and indexes. Never drop,
 * rename or retype anything: old server instances keep running during a rolling deploy, and the
 * evidence history must stay readable. Both dialects run the same statements; the only
 * difference is how the autoincrement column `revisions.seq` is declared.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf } from './dialect';
import { m0009TraceStatus } from './migrations/0009-trace-status';
import { m0010FirearmIndex } from './migrations/0010-firearm-index';
import { m0011Deconfliction } from './migrations/0011-deconfliction';
import { m0012Devices } from './migrations/0012-devices';
import { m0013RecordsByCreation } from './migrations/0013-records-by-creation';
import { m0014LinkIndex } from './migrations/0014-link-index';
import { m0015SupervisorIndexes } from './migrations/0015-supervisor-indexes';
import { m0016BagCodes } from './migrations/0016-bag-codes';
import { m0017Photos } from './migrations/0017-photos';

// Kysely<any> is the Migrator's contract: a migration must not depend on today's table types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const m0001Initial: Migration = {
  async up(db: AnyDb) {
    const pg = dialectOf(db) === 'postgres';

    await db.schema
      .createTable('agencies')
      .addColumn('code', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('country', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('username', 'text', (col) => col.notNull().unique())
      .addColumn('password_hash', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('agency_code', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('disabled_at', 'text')
      .addCheckConstraint('users_role_check', sql`role in ('officer', 'supervisor', 'admin')`)
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('revisions')
      // The global sequence. SQLite's AUTOINCREMENT never reuses a number; PostgreSQL's
      // identity column is read back as a number (database.ts).
      .addColumn('seq', pg ? 'bigint' : 'integer', (col) =>
        pg ? col.primaryKey().generatedAlwaysAsIdentity() : col.primaryKey().autoIncrement(),
      )
      .addColumn('record_id', 'text', (col) => col.notNull())
      .addColumn('revision', 'integer', (col) => col.notNull())
      .addColumn('agency_code', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('mutation_id', 'text', (col) => col.notNull().unique())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('author_user_id', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('device_id', 'text', (col) => col.notNull())
      .addColumn('received_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('revisions_record_revision_unique', ['record_id', 'revision'])
      .execute();

    await db.schema
      .createTable('records')
      .addColumn('record_id', 'text', (col) => col.primaryKey())
      .addColumn('agency_code', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('revision', 'integer', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('created_by', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('last_seq', 'bigint', (col) => col.notNull().unique())
      .execute();
    // Pull reads "this agency's records after seq N, in seq order".
    await db.schema.createIndex('records_agency_last_seq').on('records').columns(['agency_code', 'last_seq']).execute();
  },
};

/**
 * Failed sign-ins per username, for the lockout (CJIS AC-7). Keyed by the name as typed
 * (normalised), not by user id: unknown names lock the same way, so a lock reveals nothing about
 * which accounts exist.
 */
const m0002LoginFailures: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('login_failures')
      .addColumn('username', 'text', (col) => col.primaryKey())
      .addColumn('failures', 'integer', (col) => col.notNull())
      .addColumn('last_failure_at', 'text', (col) => col.notNull())
      .addColumn('locked_until', 'text')
      .execute();
  },
};

/**
 * Short-lived access tokens with rotating refresh tokens (docs/security.md). A family is one
 * sign-in: its refresh tokens form a chain (parent_hash), every access token of the sign-in
 * points at it (sessions.family_id), and revoking the family ends all of them at once. Sessions
 * made before this migration keep a null family_id and simply run out.
 */
const m0003SessionRefresh: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('session_families')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('device_id', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'text', (col) => col.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_reason', 'text')
      .execute();
    await db.schema.createIndex('session_families_user_id').on('session_families').column('user_id').execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('token_hash', 'text', (col) => col.primaryKey())
      .addColumn('family_id', 'text', (col) => col.notNull().references('session_families.id'))
      .addColumn('parent_hash', 'text')
      .addColumn('access_token_hash', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('rotated_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('refresh_tokens_family_id').on('refresh_tokens').column('family_id').execute();
    await db.schema.createIndex('refresh_tokens_parent_hash').on('refresh_tokens').column('parent_hash').execute();

    // Adding a nullable column is additive: old instances never read it and keep working.
    await db.schema.alterTable('sessions').addColumn('family_id', 'text', (col) => col.references('session_families.id')).execute();
    await db.schema.createIndex('sessions_family_id').on('sessions').column('family_id').execute();
  },
};

/**
 * The hash-chained audit trail. seq is assigned by the writer under the write lock (no
 * autoincrement): the chain needs gapless numbers in commit order on every instance.
 */
const m0004AuditLog: Migration = {
  async up(db: AnyDb) {
    const pg = dialectOf(db) === 'postgres';
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', pg ? 'bigint' : 'integer', (col) => col.primaryKey())
      .addColumn('at', 'text', (col) => col.notNull())
      // No foreign keys: an audit row must outlive anything it mentions.
      .addColumn('actor_user_id', 'text')
      .addColumn('agency_code', 'text')
      .addColumn('device_id', 'text')
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('subject', 'text')
      .addColumn('details', 'text', (col) => col.notNull())
      .addColumn('prev_hash', 'text', (col) => col.notNull())
      .addColumn('hash', 'text', (col) => col.notNull().unique())
      .execute();
    await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject', 'seq']).execute();
  },
};

/**
 * Sharing between agencies (docs/sync-protocol.md "Shares"). `shares` is what a supervisor
 * granted (one record, or every record of a case of the owning agency) and whether it was
 * revoked; rows are never removed, so the grant stays on file after a revocation.
 * `shared_records` is the visibility it results in, one row per receiving agency and record:
 * `seq` comes from the pull sequence, so a grant, a revocation (active = 0, a tombstone) or a
 * record moving out of a shared case reaches devices whose cursor is already past the record.
 * `records.case_key` (the case number as the app's index normalises it) finds a case's records.
 */
const m0005Shares: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('shares')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('record_id', 'text')
      .addColumn('case_number', 'text')
      .addColumn('case_key', 'text')
      .addColumn('from_agency', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('to_agency', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('granted_by', 'text', (col) => col.notNull().references('users.id'))
      .addColumn('granted_at', 'text', (col) => col.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', 'text', (col) => col.references('users.id'))
      .addCheckConstraint('shares_subject_check', sql`(record_id is null) <> (case_key is null)`)
      .execute();
    await db.schema.createIndex('shares_from_agency').on('shares').columns(['from_agency', 'revoked_at']).execute();
    await db.schema.createIndex('shares_to_agency').on('shares').columns(['to_agency', 'revoked_at']).execute();

    await db.schema
      .createTable('shared_records')
      .addColumn('to_agency', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('record_id', 'text', (col) => col.notNull().references('records.record_id'))
      .addColumn('active', 'integer', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('shared_records_pk', ['to_agency', 'record_id'])
      .execute();
    await db.schema.createIndex('shared_records_to_agency_seq').on('shared_records').columns(['to_agency', 'seq']).execute();

    await db.schema.alterTable('records').addColumn('case_key', 'text').execute();
    await db.schema.createIndex('records_agency_case_key').on('records').columns(['agency_code', 'case_key']).execute();
    // Records stored before this migration get their key from their body, once.
    const rows = await db.selectFrom('records').select(['record_id', 'body']).where('case_key', 'is', null).execute();
    for (const row of rows as { record_id: string; body: string }[]) {
      const caseNumber = (JSON.parse(row.body) as { agency?: { caseNumber?: unknown } }).agency?.caseNumber;
      // The rule of domain/keys.ts caseNumberKey as it stands today, copied so this migration
      // never changes meaning.
      const key = typeof caseNumber === 'string' ? caseNumber.normalize('NFKC').toUpperCase().replace(/\s+/g, '') : '';
      await db.updateTable('records').set({ case_key: key === '' ? null : key }).where('record_id', '=', row.record_id).execute();
    }
  },
};

/**
 * The optional TOTP second factor (docs/security.md "Second factor"). `user_totp` holds one
 * enrolled secret per user and the last time step a code was accepted for, so no code works
 * twice. `agency_otp_roles` is an agency's policy: one row per role that must use TOTP there.
 */
const m0006Totp: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('user_totp')
      .addColumn('user_id', 'text', (col) => col.primaryKey().references('users.id'))
      .addColumn('secret', 'text', (col) => col.notNull())
      .addColumn('enabled_at', 'text', (col) => col.notNull())
      .addColumn('last_used_step', 'bigint')
      .execute();

    await db.schema
      .createTable('agency_otp_roles')
      .addColumn('agency_code', 'text', (col) => col.notNull().references('agencies.code'))
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('set_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('agency_otp_roles_pk', ['agency_code', 'role'])
      .addCheckConstraint('agency_otp_roles_role_check', sql`role in ('officer', 'supervisor', 'admin')`)
      .execute();
  },
};

const m0007AccountKeys: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('account_keys')
      .addColumn('user_id', 'text', (col) => col.primaryKey().references('users.id'))
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
  },
};

/** Requests per client address and route in the current window (store/rate-limits-repository.ts). */
const m0008RateLimits: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('hits', 'integer', (col) => col.notNull())
      .addColumn('window_ends_at', 'bigint', (col) => col.notNull())
      .execute();
  },
};

/**
 * Append new migrations at the end, with the next number, each in a file of its own under
 * migrations/ (from 0009 on). Never edit or remove one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001Initial,
  '0002_login_failures': m0002LoginFailures,
  '0003_session_refresh': m0003SessionRefresh,
  '0004_audit_log': m0004AuditLog,
  '0005_shares': m0005Shares,
  '0006_totp': m0006Totp,
  '0007_account_keys': m0007AccountKeys,
  '0008_rate_limits': m0008RateLimits,
  '0009_trace_status': m0009TraceStatus,
  '0010_firearm_index': m0010FirearmIndex,
  '0011_deconfliction': m0011Deconfliction,
  '0012_devices': m0012Devices,
  '0013_records_by_creation': m0013RecordsByCreation,
  '0014_link_index': m0014LinkIndex,
  '0015_supervisor_indexes': m0015SupervisorIndexes,
  '0016_bag_codes': m0016BagCodes,
  '0017_photos': m0017Photos,
};
