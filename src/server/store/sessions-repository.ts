/**
 * Bearer-token sessions. Only the token's SHA-256 is stored. A session counts only while it is
 * unexpired, unrevoked and its user is enabled: all three are checked in the one query that
 * authenticates every request, so a disabled user is locked out at once on every instance.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from './schema';

export interface SessionUser {
  tokenHash: string;
  expiresAt: string;
  userId: string;
  username: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
}

export function sessionsRepository(db: Kysely<Database>) {
  return {
    async create(session: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          token_hash: session.tokenHash,
          user_id: session.userId,
          created_at: session.createdAt.toISOString(),
          expires_at: session.expiresAt.toISOString(),
          revoked_at: null,
        })
        .execute();
    },

    async findActive(tokenHash: string, now: Date): Promise<SessionUser | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .innerJoin('agencies', 'agencies.code', 'users.agency_code')
        .select([
          'sessions.token_hash',
          'sessions.expires_at',
          'users.id as user_id',
          'users.username',
          'users.role',
          'users.agency_code',
          'agencies.name as agency_name',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.revoked_at', 'is', null)
        // ISO 8601 UTC strings of one format sort as the instants they name.
        .where('sessions.expires_at', '>', now.toISOString())
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      return (
        row && {
          tokenHash: row.token_hash,
          expiresAt: row.expires_at,
          userId: row.user_id,
          username: row.username,
          role: row.role,
          agencyCode: row.agency_code,
          agencyName: row.agency_name,
        }
      );
    },

    async revoke(tokenHash: string, now: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async revokeAllOf(userId: string, now: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
