import type { Kysely } from 'kysely';
import type { Database, Role } from './schema';

/** A user with the agency's name beside the code, as login and /auth/me show it. */
export interface User {
  id: string;
  username: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
  createdAt: string;
  disabledAt: string | null;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  agencyCode: string;
}

function selectUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.code', 'users.agency_code')
    .select([
      'users.id',
      'users.username',
      'users.password_hash',
      'users.role',
      'users.agency_code',
      'agencies.name as agency_name',
      'users.created_at',
      'users.disabled_at',
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

const toUser = (row: JoinedRow): UserWithPassword => ({
  id: row.id,
  username: row.username,
  role: row.role,
  agencyCode: row.agency_code,
  agencyName: row.agency_name,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  passwordHash: row.password_hash,
});

/** Drops the hash so it cannot travel further than the login check by accident. */
export function withoutPassword(user: UserWithPassword): User {
  const { id, username, role, agencyCode, agencyName, createdAt, disabledAt } = user;
  return { id, username, role, agencyCode, agencyName, createdAt, disabledAt };
}

export function usersRepository(db: Kysely<Database>) {
  return {
    async findByUsername(username: string): Promise<UserWithPassword | undefined> {
      const row = await selectUsers(db).where('users.username', '=', username).executeTakeFirst();
      return row && toUser(row);
    },

    /** Id → username, for showing who did what (history); unknown ids are simply absent. */
    async usernames(ids: readonly string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', [...new Set(ids)]).execute();
      return new Map(rows.map((row) => [row.id, row.username]));
    },

    async list(): Promise<User[]> {
      const rows = await selectUsers(db).orderBy('users.agency_code').orderBy('users.username').execute();
      return rows.map((row) => withoutPassword(toUser(row)));
    },

    async add(user: NewUser, now: Date): Promise<void> {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          password_hash: user.passwordHash,
          role: user.role,
          agency_code: user.agencyCode,
          created_at: now.toISOString(),
          disabled_at: null,
        })
        .execute();
    },

    /** Marks the user disabled; returns its id, or undefined when there is no enabled user by that name. */
    async disable(username: string, now: Date): Promise<string | undefined> {
      const row = await db
        .updateTable('users')
        .set({ disabled_at: now.toISOString() })
        .where('username', '=', username)
        .where('disabled_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },

    async countActiveAdmins(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
