/**
 * Brings a database up to date: pending migrations, then the standard agencies. Safe to run on
 * every start of every instance at once: the Migrator holds a lock while it migrates, and the
 * agency seed only inserts codes that are missing.
 */
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { AGENCIES } from '../../domain/agencies';
import { agenciesRepository } from './agencies-repository';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

export interface MigrationReport {
  executed: string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`Migration failed: ${String(error)}`);
  return { executed: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** The agencies every installation starts with (domain/agencies.ts), named in English. */
export async function seedAgencies(db: Kysely<Database>, now: Date): Promise<void> {
  await agenciesRepository(db).addMissing(
    AGENCIES.map((agency) => ({ code: agency.code, name: agency.name.en, country: agency.country })),
    now,
  );
}

export async function prepareDatabase(db: Kysely<Database>, now: Date): Promise<MigrationReport> {
  const report = await migrateToLatest(db);
  await seedAgencies(db, now);
  return report;
}
