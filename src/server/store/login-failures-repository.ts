/**
 * Consecutive failed sign-ins and account locks, in the database so every instance sees the
 * same count (two instances behind a balancer must not each allow five tries).
 *
 * A password is checked only after a claim on the name's count (`claimCheck`): one statement
 * that counts the attempt *before* the check, and only while the name is unlocked and fewer than
 * five attempts are counted. Counting afterwards let thirty simultaneous sign-ins all be checked
 * before the fifth failure was written; now at most five passwords are ever evaluated per lock,
 * however many requests arrive at once, on however many instances. A claim whose password turns
 * out right is cleared with the sign-in, or given back when the sign-in goes on in another
 * request (the second factor's first step).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** CJIS AC-7: at most 5 consecutive invalid attempts, then a 10-minute lock. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 10 * 60_000;

export type Claim = { ok: true } | { ok: false; retryAfterMs: number };

export function loginFailuresRepository(db: Kysely<Database>) {
  return {
    /** When the name is locked, until when; undefined when it is not. */
    async lockedUntil(username: string, now: Date): Promise<Date | undefined> {
      const row = await db.selectFrom('login_failures').select('locked_until').where('username', '=', username).executeTakeFirst();
      const until = row?.locked_until ? new Date(row.locked_until) : undefined;
      return until && until > now ? until : undefined;
    },

    /**
     * Counts one attempt at the name, atomically, if the name may be tried: unlocked and fewer
     * than five attempts counted. Refused otherwise, with how long to wait. ISO times of one
     * format compare as text, so the condition is the same on SQLite and PostgreSQL.
     */
    async claimCheck(username: string, now: Date): Promise<Claim> {
      const at = now.toISOString();
      const claimed = await db
        .insertInto('login_failures')
        .values({ username, failures: 1, last_failure_at: at, locked_until: null })
        .onConflict((oc) =>
          oc
            .column('username')
            .doUpdateSet({ failures: sql`login_failures.failures + 1`, last_failure_at: at })
            .where((eb) =>
              eb.and([
                eb.or([eb('login_failures.locked_until', 'is', null), eb('login_failures.locked_until', '<=', at)]),
                eb('login_failures.failures', '<', MAX_FAILED_LOGINS),
              ]),
            ),
        )
        .returning('failures')
        .executeTakeFirst();
      if (claimed) return { ok: true };
      const until = await this.lockedUntil(username, now);
      // Five checks already under way, and the lock not written yet: it will be, within moments.
      return { ok: false, retryAfterMs: until ? until.getTime() - now.getTime() : LOCK_MS };
    },

    /** The claimed check failed: it stays counted, and once five are counted the name is locked. */
    async recordFailure(username: string, now: Date): Promise<{ locked: boolean }> {
      const locked = await db
        .updateTable('login_failures')
        .set({ failures: 0, locked_until: new Date(now.getTime() + LOCK_MS).toISOString() })
        .where('username', '=', username)
        .where('failures', '>=', MAX_FAILED_LOGINS)
        .returning('username')
        .executeTakeFirst();
      return { locked: locked !== undefined };
    },

    /** The claimed check passed but the sign-in is not over (a code is still to come): not a failure. */
    async giveBack(username: string): Promise<void> {
      await db.updateTable('login_failures').set({ failures: sql`login_failures.failures - 1` }).where('username', '=', username).where('failures', '>', 0).execute();
    },

    /** A successful sign-in, or an administrator's unlock, clears the count and any lock. */
    async clear(username: string): Promise<boolean> {
      const result = await db.deleteFrom('login_failures').where('username', '=', username).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
