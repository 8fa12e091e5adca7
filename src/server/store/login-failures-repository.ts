/**
 * Consecutive failed sign-ins and account locks, in the database so every instance sees the
 * same count (two instances behind a balancer must not each allow five tries).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** CJIS AC-7: at most 5 consecutive invalid attempts, then a 10-minute lock. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 10 * 60_000;

export function loginFailuresRepository(db: Kysely<Database>) {
  return {
    /** When the name is locked, until when; undefined when it is not. */
    async lockedUntil(username: string, now: Date): Promise<Date | undefined> {
      const row = await db.selectFrom('login_failures').select('locked_until').where('username', '=', username).executeTakeFirst();
      const until = row?.locked_until ? new Date(row.locked_until) : undefined;
      return until && until > now ? until : undefined;
    },

    /** Counts one more failure atomically; the fifth in a row locks the name and restarts the count. */
    async recordFailure(username: string, now: Date): Promise<{ locked: boolean }> {
      const at = now.toISOString();
      const row = await db
        .insertInto('login_failures')
        .values({ username, failures: 1, last_failure_at: at, locked_until: null })
        .onConflict((oc) => oc.column('username').doUpdateSet({ failures: sql`login_failures.failures + 1`, last_failure_at: at }))
        .returning('failures')
        .executeTakeFirstOrThrow();
      if (row.failures < MAX_FAILED_LOGINS) return { locked: false };
      await db
        .updateTable('login_failures')
        .set({ failures: 0, locked_until: new Date(now.getTime() + LOCK_MS).toISOString() })
        .where('username', '=', username)
        .execute();
      return { locked: true };
    },

    /** A successful sign-in, or an administrator's unlock, clears the count and any lock. */
    async clear(username: string): Promise<boolean> {
      const result = await db.deleteFrom('login_failures').where('username', '=', username).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
