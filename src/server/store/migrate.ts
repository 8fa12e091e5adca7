/**
 * Brings a database up to date: pending migrations, then the standard agencies. Safe to run on
 * every start of every instance at once: the Migrator holds a lock while it migrates, and the
 * agency seed only inserts codes that are missing.
 */
import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { AGENCIES, agencyFullName } from '../../domain/agencies';
import { agenciesRepository } from './agencies-repository';
import { dialectOf } from './dialect';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

export interface MigrationReport {
  executed: string[];
}

/**
 * The schema Kysely's own tables (kysely_migration, kysely_migration_lock) live in. Unless told,
 * Kysely looks for them in every schema of the database: with TraceReady in a schema of its own
 * (docs/server.md) and those tables already in another one (a second installation, another
 * application), it took them as present, never made its own, and the start failed with
 * 'relation "kysely_migration_lock" does not exist'. Name the current schema: where they were
 * always created, so existing installations find theirs.
 */
async function migrationTableSchema(db: Kysely<Database>): Promise<string | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/**
 * Kysely's migrator checks for its tables by listing the tables of every schema in the database.
 * When another application drops a schema of that same database at that moment, PostgreSQL
 * answers that listing with "schema ... does not exist" (3F000) or "relation ... does not exist"
 * (42P01) for a schema that is not ours. Seen when test suites drop their schemas beside a
 * starting server. Listing again a moment later succeeds.
 */
const VANISHED_WHILE_LISTED = new Set(['3F000', '42P01']);
const LISTING_ATTEMPTS = 5;

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({ db, provider, ...(schema !== undefined && { migrationTableSchema: schema }) });
  for (let attempt = 1; ; attempt++) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (!error) return { executed: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    const code = (error as { code?: unknown }).code;
    const retry = dialectOf(db) === 'postgres' && typeof code === 'string' && VANISHED_WHILE_LISTED.has(code) && attempt < LISTING_ATTEMPTS;
    if (!retry) throw error instanceof Error ? error : new Error(`Migration failed: ${String(error)}`);
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/** The agencies every installation starts with (domain/agencies.ts), named in English. */
export async function seedAgencies(db: Kysely<Database>, now: Date): Promise<void> {
  await agenciesRepository(db).addMissing(
    AGENCIES.map((agency) => ({ code: agency.code, name: agencyFullName(agency, 'en'), country: agency.country })),
    now,
  );
}

export async function prepareDatabase(db: Kysely<Database>, now: Date): Promise<MigrationReport> {
  const report = await migrateToLatest(db);
  await seedAgencies(db, now);
  return report;
}
