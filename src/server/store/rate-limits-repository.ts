/**
 * Hits per key in a fixed window, in the database so that every instance counts the same
 * requests (a limit per process would multiply by the number of instances behind a balancer).
 * One statement counts a hit and starts a new window when the last one is over, so concurrent
 * requests never lose a count, on SQLite and PostgreSQL alike.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** Rows of windows over for this long are deleted now and then: they only grow the table. */
const STALE_MS = 60 * 60_000;
/** About one hit in this many also prunes stale rows: cheap, and no timer to run or stop. */
const PRUNE_EVERY = 500;

export interface WindowCount {
  hits: number;
  /** Epoch milliseconds at which the window ends and the count starts again. */
  endsAt: number;
}

export function rateLimitsRepository(db: Kysely<Database>, random: () => number = Math.random) {
  return {
    async hit(key: string, windowMs: number, now: Date): Promise<WindowCount> {
      const at = now.getTime();
      const over = sql<boolean>`rate_limits.window_ends_at <= ${at}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, hits: 1, window_ends_at: at + windowMs })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            // Both expressions read the row as it was before this statement.
            hits: sql`case when ${over} then 1 else rate_limits.hits + 1 end`,
            window_ends_at: sql`case when ${over} then ${at + windowMs} else rate_limits.window_ends_at end`,
          }),
        )
        .returning(['hits', 'window_ends_at'])
        .executeTakeFirstOrThrow();
      if (random() * PRUNE_EVERY < 1) await db.deleteFrom('rate_limits').where('window_ends_at', '<', at - STALE_MS).execute();
      return { hits: Number(row.hits), endsAt: Number(row.window_ends_at) };
    },

    /** Forgets every count: a test's fresh start. */
    async clear(): Promise<void> {
      await db.deleteFrom('rate_limits').execute();
    },
  };
}
