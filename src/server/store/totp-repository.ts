/**
 * Enrolled TOTP secrets (`user_totp`). The secret leaves this module only towards the code check
 * (auth/totp.ts) and, once, towards the admin who enrols the user; no API answer carries it.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface TotpEnrolment {
  secret: string;
  enabledAt: string;
  lastUsedStep: number | null;
}

export function totpRepository(db: Kysely<Database>) {
  return {
    async find(userId: string): Promise<TotpEnrolment | undefined> {
      const row = await db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row && { secret: row.secret, enabledAt: row.enabled_at, lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step) };
    },

    /** Ids of the users who have TOTP, for listings. */
    async enrolledUserIds(): Promise<Set<string>> {
      const rows = await db.selectFrom('user_totp').select('user_id').execute();
      return new Set(rows.map((row) => row.user_id));
    },

    /** Enrols a user who has no TOTP yet; false when one is already enrolled (it is not replaced). */
    async enable(userId: string, secret: string, now: Date): Promise<boolean> {
      const result = await db
        .insertInto('user_totp')
        .values({ user_id: userId, secret, enabled_at: now.toISOString(), last_used_step: null })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async disable(userId: string): Promise<boolean> {
      const result = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /**
     * Spends the code of `step`: succeeds only if no code of this step or a later one was accepted
     * before. One conditional update, so two instances given the same code cannot both accept it.
     */
    async spend(userId: string, step: number): Promise<boolean> {
      const result = await db
        .updateTable('user_totp')
        .set({ last_used_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type TotpRepository = ReturnType<typeof totpRepository>;
