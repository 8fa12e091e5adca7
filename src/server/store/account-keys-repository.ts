/**
 * The account keys devices wrap their secret with (schema.ts AccountKeysTable). Read and made
 * only at sign-in, inside its write-locked transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export const ACCOUNT_KEY_BYTES = 32;

export function accountKeysRepository(db: Kysely<Database>) {
  return {
    /** The account's key, made on first use. A second maker at the same moment keeps the first key. */
    async getOrCreate(userId: string, now: Date): Promise<string> {
      await db
        .insertInto('account_keys')
        .values({ user_id: userId, key: randomBytes(ACCOUNT_KEY_BYTES).toString('base64'), created_at: now.toISOString() })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      const row = await db.selectFrom('account_keys').select('key').where('user_id', '=', userId).executeTakeFirstOrThrow();
      return row.key;
    },
  };
}
