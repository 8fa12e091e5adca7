import type { Kysely } from 'kysely';
import type { AgencyRow, Database } from './schema';

export interface Agency {
  code: string;
  name: string;
  country: string;
}

const toAgency = (row: AgencyRow): Agency => ({ code: row.code, name: row.name, country: row.country });

export function agenciesRepository(db: Kysely<Database>) {
  return {
    async list(): Promise<Agency[]> {
      const rows = await db.selectFrom('agencies').selectAll().orderBy('code').execute();
      return rows.map(toAgency);
    },

    async find(code: string): Promise<Agency | undefined> {
      const row = await db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
      return row && toAgency(row);
    },

    async add(agency: Agency, now: Date): Promise<void> {
      await db.insertInto('agencies').values({ ...agency, created_at: now.toISOString() }).execute();
    },

    /** Whether the agency lets officers record trace status themselves (else supervisors and admins only). */
    async officersRecordTrace(code: string): Promise<boolean> {
      const row = await db.selectFrom('agencies').select('officers_record_trace').where('code', '=', code).executeTakeFirst();
      return Number(row?.officers_record_trace ?? 0) === 1;
    },

    /** Run inside writeLocked, with its audit row. */
    async setOfficersRecordTrace(code: string, allowed: boolean): Promise<void> {
      await db.updateTable('agencies').set({ officers_record_trace: allowed ? 1 : 0 }).where('code', '=', code).execute();
    },

    /** The agencies that let officers record trace status. */
    async officersRecordTraceIn(): Promise<Set<string>> {
      const rows = await db.selectFrom('agencies').select('code').where('officers_record_trace', '=', 1).execute();
      return new Set(rows.map((row) => row.code));
    },

    /** Run inside writeLocked, with its audit row. */
    async setDeconflictionContact(code: string, contact: string | null): Promise<void> {
      await db.updateTable('agencies').set({ deconfliction_contact: contact }).where('code', '=', code).execute();
    },

    /** Each agency's name and the contact point it gives the other side of an alert. */
    async contacts(codes: readonly string[]): Promise<Map<string, { name: string; contact: string | null }>> {
      if (codes.length === 0) return new Map();
      const rows = await db.selectFrom('agencies').select(['code', 'name', 'deconfliction_contact']).where('code', 'in', codes).execute();
      return new Map(rows.map((row) => [row.code, { name: row.name, contact: row.deconfliction_contact }]));
    },

    /** Inserts the agencies whose code is not there yet; existing ones are left as they are. */
    async addMissing(agencies: readonly Agency[], now: Date): Promise<void> {
      if (agencies.length === 0) return;
      await db
        .insertInto('agencies')
        .values(agencies.map((agency) => ({ ...agency, created_at: now.toISOString() })))
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    },
  };
}

export type AgenciesRepository = ReturnType<typeof agenciesRepository>;
