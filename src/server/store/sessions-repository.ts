/**
 * Sessions: short-lived access tokens (`sessions`), the sign-ins they belong to
 * (`session_families`) and the rotating refresh tokens of each sign-in (`refresh_tokens`). Only
 * SHA-256 hashes of tokens are stored.
 *
 * An access token counts only while it is unexpired, unrevoked, its family (if any) unrevoked
 * and its user enabled: all of it is checked in the one query that authenticates every request,
 * so a revocation or a disabled user locks out at once on every instance.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from './schema';

export interface SessionUser {
  tokenHash: string;
  expiresAt: string;
  /** The sign-in this token belongs to; null for tokens issued before refresh tokens existed. */
  familyId: string | null;
  userId: string;
  username: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
}

export type RevokeReason = 'logout' | 'admin' | 'disabled' | 'refresh-reuse';

export interface NewFamily {
  id: string;
  userId: string;
  deviceId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** A refresh token as the refresh decision needs it: the token, its family and its user. */
export interface StoredRefreshToken {
  tokenHash: string;
  familyId: string;
  parentHash: string | null;
  accessTokenHash: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  family: { userId: string; deviceId: string | null; expiresAt: string; revokedAt: string | null };
  user: { id: string; username: string; role: Role; agencyCode: string; agencyName: string; disabled: boolean };
}

export function sessionsRepository(db: Kysely<Database>) {
  const revokeFamilies = async (column: 'id' | 'user_id', value: string, now: Date, reason: RevokeReason): Promise<number> => {
    const at = now.toISOString();
    const families = await db
      .updateTable('session_families')
      .set({ revoked_at: at, revoked_reason: reason })
      .where(column, '=', value)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const ids = column === 'id' ? [value] : families.map((f) => f.id);
    if (ids.length > 0) {
      await db.updateTable('refresh_tokens').set({ revoked_at: at }).where('family_id', 'in', ids).where('revoked_at', 'is', null).execute();
      await db.updateTable('sessions').set({ revoked_at: at }).where('family_id', 'in', ids).where('revoked_at', 'is', null).execute();
    }
    return families.length;
  };

  return {
    /** An access token; `familyId` ties it to a sign-in (absent only for legacy-style sessions). */
    async create(session: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date; familyId?: string }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          token_hash: session.tokenHash,
          user_id: session.userId,
          created_at: session.createdAt.toISOString(),
          expires_at: session.expiresAt.toISOString(),
          revoked_at: null,
          family_id: session.familyId ?? null,
        })
        .execute();
    },

    async startFamily(family: NewFamily): Promise<void> {
      await db
        .insertInto('session_families')
        .values({
          id: family.id,
          user_id: family.userId,
          device_id: family.deviceId,
          created_at: family.createdAt.toISOString(),
          expires_at: family.expiresAt.toISOString(),
          revoked_at: null,
          revoked_reason: null,
        })
        .execute();
    },

    async addRefreshToken(token: { tokenHash: string; familyId: string; parentHash: string | null; accessTokenHash: string; createdAt: Date }): Promise<void> {
      await db
        .insertInto('refresh_tokens')
        .values({
          token_hash: token.tokenHash,
          family_id: token.familyId,
          parent_hash: token.parentHash,
          access_token_hash: token.accessTokenHash,
          created_at: token.createdAt.toISOString(),
          rotated_at: null,
          revoked_at: null,
        })
        .execute();
    },

    async findRefresh(tokenHash: string): Promise<StoredRefreshToken | undefined> {
      const row = await db
        .selectFrom('refresh_tokens')
        .innerJoin('session_families', 'session_families.id', 'refresh_tokens.family_id')
        .innerJoin('users', 'users.id', 'session_families.user_id')
        .innerJoin('agencies', 'agencies.code', 'users.agency_code')
        .select([
          'refresh_tokens.token_hash',
          'refresh_tokens.family_id',
          'refresh_tokens.parent_hash',
          'refresh_tokens.access_token_hash',
          'refresh_tokens.rotated_at',
          'refresh_tokens.revoked_at',
          'session_families.user_id',
          'session_families.device_id',
          'session_families.expires_at as family_expires_at',
          'session_families.revoked_at as family_revoked_at',
          'users.username',
          'users.role',
          'users.agency_code',
          'users.disabled_at',
          'agencies.name as agency_name',
        ])
        .where('refresh_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst();
      return (
        row && {
          tokenHash: row.token_hash,
          familyId: row.family_id,
          parentHash: row.parent_hash,
          accessTokenHash: row.access_token_hash,
          rotatedAt: row.rotated_at,
          revokedAt: row.revoked_at,
          family: { userId: row.user_id, deviceId: row.device_id, expiresAt: row.family_expires_at, revokedAt: row.family_revoked_at },
          user: {
            id: row.user_id,
            username: row.username,
            role: row.role,
            agencyCode: row.agency_code,
            agencyName: row.agency_name,
            disabled: row.disabled_at !== null,
          },
        }
      );
    },

    /** The child a refresh token was rotated to and that is still alive, if any. */
    async liveChildOf(parentHash: string): Promise<{ tokenHash: string; accessTokenHash: string; rotatedAt: string | null } | undefined> {
      const row = await db
        .selectFrom('refresh_tokens')
        .select(['token_hash', 'access_token_hash', 'rotated_at'])
        .where('parent_hash', '=', parentHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row && { tokenHash: row.token_hash, accessTokenHash: row.access_token_hash, rotatedAt: row.rotated_at };
    },

    /** Marks a refresh token used; false when it was already used or revoked (someone else won). */
    async markRotated(tokenHash: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ rotated_at: now.toISOString() })
        .where('token_hash', '=', tokenHash)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Revokes one refresh token and the access token issued with it. */
    async revokeRefresh(token: { tokenHash: string; accessTokenHash: string }, now: Date): Promise<void> {
      const at = now.toISOString();
      await db.updateTable('refresh_tokens').set({ revoked_at: at }).where('token_hash', '=', token.tokenHash).where('revoked_at', 'is', null).execute();
      await db.updateTable('sessions').set({ revoked_at: at }).where('token_hash', '=', token.accessTokenHash).where('revoked_at', 'is', null).execute();
    },

    findActive: async (tokenHash: string, now: Date): Promise<SessionUser | undefined> => {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .innerJoin('agencies', 'agencies.code', 'users.agency_code')
        .leftJoin('session_families', 'session_families.id', 'sessions.family_id')
        .select([
          'sessions.token_hash',
          'sessions.expires_at',
          'sessions.family_id',
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
        // A legacy session has no family (the left join gives nulls); a revoked family ends its tokens.
        .where('session_families.revoked_at', 'is', null)
        .executeTakeFirst();
      return (
        row && {
          tokenHash: row.token_hash,
          expiresAt: row.expires_at,
          familyId: row.family_id,
          userId: row.user_id,
          username: row.username,
          role: row.role,
          agencyCode: row.agency_code,
          agencyName: row.agency_name,
        }
      );
    },

    /** Revokes one access token: a session without a family at logout, the one a refresh replaced. */
    async revoke(tokenHash: string, now: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Ends a sign-in: every access and refresh token of the family stops working. */
    revokeFamily: (familyId: string, now: Date, reason: RevokeReason): Promise<number> => revokeFamilies('id', familyId, now, reason),

    /** Ends every sign-in of a user; returns how many were still open. */
    async revokeAllOf(userId: string, now: Date, reason: RevokeReason = 'admin'): Promise<number> {
      const families = await revokeFamilies('user_id', userId, now, reason);
      const legacy = await db
        .updateTable('sessions')
        .set({ revoked_at: now.toISOString() })
        .where('user_id', '=', userId)
        .where('family_id', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return families + Number(legacy.numUpdatedRows);
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
