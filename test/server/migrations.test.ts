/**
 * Additive-only migrations (house style rule 7, docs/server.md): the list only grows, shipped
 * migrations never drop or rename anything, and migrating an up-to-date database does nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/server/store';
import { Migrator } from 'kysely';
import { makerKey } from '../../src/domain/keys';
import { MIGRATIONS } from '../../src/server/store/migrations';
import { IDS, NOW, usPistol, validSeizure } from '../domain/fixtures';
import { createTestDatabase, DIALECTS } from './helpers/databases';
import { useFixture } from './helpers/fixture';

/** Every migration ever shipped, in order. Append the new name here; never change a line. */
const SHIPPED = ['0001_initial', '0002_login_failures', '0003_session_refresh', '0004_audit_log', '0005_shares', '0006_totp', '0007_account_keys', '0008_rate_limits', '0009_trace_status', '0010_firearm_index', '0011_deconfliction', '0012_devices', '0013_records_by_creation', '0014_link_index', '0015_supervisor_indexes', '0016_bag_codes', '0017_photos'];

/** Tables and columns that exist today: later migrations may add, never take away. */
const SCHEMA_SNAPSHOT: Record<string, string[]> = {
  agencies: ['code', 'name', 'country', 'created_at', 'officers_record_trace', 'deconfliction_contact'],
  deconfliction_alerts: ['id', 'pair_key', 'kind', 'maker_key', 'serial_key', 'record_a', 'firearm_a', 'agency_a', 'record_b', 'firearm_b', 'agency_b', 'created_at'],
  deconfliction_views: ['alert_id', 'agency_code', 'created_at', 'seen_at', 'seen_by', 'acknowledged_at', 'acknowledged_by', 'note'],
  trace_revisions: ['seq', 'firearm_id', 'record_id', 'revision', 'agency_code', 'mutation_id', 'body', 'author_user_id', 'device_id', 'received_at'],
  devices: ['device_id', 'user_id', 'agency_code', 'last_sync_at', 'pending_count', 'oldest_pending_at'],
  firearm_gaps: ['record_id', 'firearm_id', 'agency_code', 'recovered_on', 'kind', 'item'],
  firearms: ['firearm_id', 'record_id', 'agency_code', 'item_number', 'serial_key', 'maker_key', 'case_key', 'recovered_on', 'state', 'municipality', 'record_status', 'trace_ready', 'last_seq'],
  trace_statuses: ['firearm_id', 'record_id', 'agency_code', 'revision', 'status', 'body', 'updated_by', 'updated_at', 'last_seq'],
  users: ['id', 'username', 'password_hash', 'role', 'agency_code', 'created_at', 'disabled_at'],
  sessions: ['token_hash', 'user_id', 'created_at', 'expires_at', 'revoked_at', 'family_id'],
  session_families: ['id', 'user_id', 'device_id', 'created_at', 'expires_at', 'revoked_at', 'revoked_reason'],
  refresh_tokens: ['token_hash', 'family_id', 'parent_hash', 'access_token_hash', 'created_at', 'rotated_at', 'revoked_at'],
  revisions: ['seq', 'record_id', 'revision', 'agency_code', 'mutation_id', 'body', 'author_user_id', 'device_id', 'received_at'],
  records: ['record_id', 'agency_code', 'revision', 'body', 'created_by', 'created_at', 'updated_at', 'last_seq', 'case_key'],
  login_failures: ['username', 'failures', 'last_failure_at', 'locked_until'],
  audit_log: ['seq', 'at', 'actor_user_id', 'agency_code', 'device_id', 'action', 'subject', 'details', 'prev_hash', 'hash'],
  shares: ['id', 'record_id', 'case_number', 'case_key', 'from_agency', 'to_agency', 'granted_by', 'granted_at', 'revoked_at', 'revoked_by'],
  shared_records: ['to_agency', 'record_id', 'active', 'seq'],
  user_totp: ['user_id', 'secret', 'enabled_at', 'last_used_step'],
  agency_otp_roles: ['agency_code', 'role', 'set_at'],
  account_keys: ['user_id', 'key', 'created_at'],
  rate_limits: ['key', 'hits', 'window_ends_at'],
  photos: ['photo_id', 'record_id', 'firearm_id', 'agency_code', 'shot', 'sha256', 'size', 'content_type', 'storage_key', 'uploaded_by', 'uploaded_at'],
  link_keys: ['record_id', 'agency_code', 'source', 'firearm_id', 'kind', 'key', 'num', 'lat', 'lon', 'recovered_on', 'detail'],
};

describe('the migration list', () => {
  it('only ever grows: shipped migrations keep their names and order', () => {
    const names = Object.keys(MIGRATIONS);
    expect(names.slice(0, SHIPPED.length)).toEqual(SHIPPED);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
  });

  it('never drops, renames or retypes anything', () => {
    const files = [new URL('../../src/server/store/migrations.ts', import.meta.url)];
    const folder = new URL('../../src/server/store/migrations/', import.meta.url);
    for (const name of readdirSync(folder)) files.push(new URL(name, folder));
    expect(files.length).toBeGreaterThan(1);
    const code = files
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\.(drop\w*|rename\w*|alterColumn|modifyColumn|setDataType)\s*\(/);
    expect(code).not.toMatch(/\b(drop|rename|alter\s+column|truncate|delete\s+from)\b/i);
  });
});

describe.each(DIALECTS)('migrating %s', (dialect) => {
  const fixture = useFixture(
    async () => {
      const testDb = await createTestDatabase(dialect);
      return { testDb, db: openDatabase(testDb.config) };
    },
    async ({ testDb, db }) => {
      await db.destroy();
      await testDb.drop();
    },
  );
  // PostgreSQL introspection sees every schema of the database; other test files run beside us.
  const ours = async () => {
    const { testDb, db } = fixture();
    const schema = testDb.config.kind === 'postgres' ? testDb.config.searchPath : undefined;
    return (await db.introspection.getTables()).filter((t) => t.schema === schema);
  };

  it('applies every migration once; applying them again is a no-op', async () => {
    expect((await migrateToLatest(fixture().db)).executed).toEqual(Object.keys(MIGRATIONS));
    const tables = async () =>
      (await ours())
        .map((t) => ({ name: t.name, columns: t.columns.map((c) => `${c.name}:${c.dataType}:${c.isNullable}`).sort() }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const before = await tables();
    expect((await migrateToLatest(fixture().db)).executed).toEqual([]);
    expect(await tables()).toEqual(before);
  });

  /** A database of its own migrated up to `last`: the fixture's is migrated to the latest by the tests above. */
  async function databaseAt(last: string) {
    const testDb = await createTestDatabase(dialect);
    const db = openDatabase(testDb.config);
    onTestFinished(async () => {
      await db.destroy();
      await testDb.drop();
    });
    const schema = testDb.config.kind === 'postgres' ? testDb.config.searchPath : undefined;
    const provider = { getMigrations: async () => ({ ...MIGRATIONS }) };
    const migrator = new Migrator({ db, provider, ...(schema !== undefined && { migrationTableSchema: schema }) });
    expect((await migrator.migrateTo(last)).error).toBeUndefined();
    return db;
  }

  it('fills the firearms index from records stored before it existed (0010)', async () => {
    const db = await databaseAt('0009_trace_status');
    const record = { ...validSeizure(), firearms: [usPistol({ serialNumber: 'FX-K7439' }), usPistol({ id: IDS.firearm2, itemNumber: 2, serialNumber: 'ZZ1' })] };
    await db.insertInto('agencies').values({ code: 'ATF', name: 'ATF', country: 'US', created_at: NOW.toISOString() }).execute();
    const revision = { record_id: record.id, agency_code: 'ATF', revision: 1, body: JSON.stringify(record), created_by: 'x', created_at: NOW.toISOString(), updated_at: NOW.toISOString(), last_seq: 7, case_key: null };
    await db.insertInto('records').values(revision).execute();

    expect((await migrateToLatest(db)).executed).toContain('0010_firearm_index');
    const rows = await db.selectFrom('firearms').select(['firearm_id', 'serial_key', 'maker_key', 'case_key', 'recovered_on', 'last_seq']).orderBy('firearm_id').execute();
    expect(rows.map((r) => ({ ...r, last_seq: Number(r.last_seq) }))).toEqual(
      [
        { firearm_id: IDS.firearm1, serial_key: 'FXK7439', maker_key: makerKey('Smith & Wesson'), case_key: 'ATF-2026-00417', recovered_on: '2026-11-28', last_seq: 7 },
        { firearm_id: IDS.firearm2, serial_key: 'ZZ1', maker_key: makerKey('Smith & Wesson'), case_key: 'ATF-2026-00417', recovered_on: '2026-11-28', last_seq: 7 },
      ].sort((a, b) => a.firearm_id.localeCompare(b.firearm_id)),
    );
  });

  it('fills the link index from records and traced statuses stored before it existed (0014)', async () => {
    const db = await databaseAt('0013_records_by_creation');
    const record = { ...validSeizure(), firearms: [usPistol({ serialNumber: 'FXK7439' })] };
    await db.insertInto('agencies').values({ code: 'ATF', name: 'ATF', country: 'US', created_at: NOW.toISOString() }).execute();
    await db
      .insertInto('records')
      .values({ record_id: record.id, agency_code: 'ATF', revision: 1, body: JSON.stringify(record), created_by: 'x', created_at: NOW.toISOString(), updated_at: NOW.toISOString(), last_seq: 7, case_key: null })
      .execute();
    const status = { firearmId: IDS.firearm1, seizureId: record.id, status: 'traced', requestedAt: '2026-11-28', updatedAt: NOW.toISOString(), result: { purchaserFound: true, dealerFfl: '1-23-456-78-9A-12345', purchaseDate: '2026-01-28' }, revision: 2 };
    await db
      .insertInto('trace_statuses')
      .values({ firearm_id: IDS.firearm1, record_id: record.id, agency_code: 'ATF', revision: 2, status: 'traced', body: JSON.stringify(status), updated_by: 'sup', updated_at: NOW.toISOString(), last_seq: 8 })
      .execute();

    expect((await migrateToLatest(db)).executed).toContain('0014_link_index');
    const rows = await db.selectFrom('link_keys').select(['source', 'kind', 'key', 'num', 'recovered_on']).orderBy('kind').execute();
    expect(rows.map((r) => ({ ...r, num: r.num === null ? null : Number(r.num) }))).toEqual([
      { source: 'record', kind: 'case', key: 'ATF-2026-00417', num: null, recovered_on: '2026-11-28' },
      { source: 'trace', kind: 'dealer', key: '1-23-456-78-9A-12345', num: 304, recovered_on: '2026-11-28' },
      { source: 'record', kind: 'person', key: '1990-05-14|doe john', num: null, recovered_on: '2026-11-28' },
      { source: 'record', kind: 'place', key: expect.stringMatching(/^\d+:-\d+$/), num: Math.floor(Date.parse('2026-11-28') / 86_400_000), recovered_on: '2026-11-28' },
      { source: 'record', kind: 'serial', key: `${makerKey('Smith & Wesson')}|m&p9|FXK#4`, num: 7439, recovered_on: '2026-11-28' },
    ]);
  });

  it('has every table and column of the snapshot', async () => {
    await migrateToLatest(fixture().db);
    const tables = await ours();
    for (const [table, columns] of Object.entries(SCHEMA_SNAPSHOT)) {
      const found = tables.find((t) => t.name === table);
      expect(found, table).toBeDefined();
      expect(found?.columns.map((c) => c.name)).toEqual(expect.arrayContaining(columns));
    }
  });
});

// Found by the chaos test (test/chaos): Kysely looked for its own tables (kysely_migration,
// kysely_migration_lock) in every schema of the database, so a server on a fresh schema beside
// an already migrated one skipped making them and failed to start with 'relation
// "kysely_migration_lock" does not exist'.
describe('PostgreSQL, two installations in two schemas of one database', () => {
  const fixture = useFixture(
    async () => {
      const first = await createTestDatabase('postgres');
      const second = await createTestDatabase('postgres').catch(async (error: unknown) => {
        await first.drop();
        throw error;
      });
      return { first, second };
    },
    async ({ first, second }) => {
      await first.drop();
      await second.drop();
    },
  );

  it('each migrates in its own schema, whatever the other holds', async () => {
    const { first, second } = fixture();
    for (const testDb of [first, second]) {
      const db = openDatabase(testDb.config);
      try {
        expect((await migrateToLatest(db)).executed).toEqual(Object.keys(MIGRATIONS));
        expect((await migrateToLatest(db)).executed).toEqual([]);
        const schema = testDb.config.kind === 'postgres' ? testDb.config.searchPath : undefined;
        const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).filter((t) => t.schema === schema).map((t) => t.name);
        expect(tables).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'records', 'revisions']));
      } finally {
        await db.destroy();
      }
    }
  });
});
