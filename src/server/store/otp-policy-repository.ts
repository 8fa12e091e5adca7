/**
 * Each agency's MFA policy (`agency_otp_roles`): which roles must sign in with TOTP there.
 * No rows for an agency means TOTP is optional for everyone in it.
 */
import type { Kysely } from 'kysely';
import { ROLES, type Database, type Role } from './schema';

const inRoleOrder = (roles: Iterable<Role>): Role[] => ROLES.filter((role) => new Set(roles).has(role));

export function otpPolicyRepository(db: Kysely<Database>) {
  return {
    async requiredRoles(agencyCode: string): Promise<Role[]> {
      const rows = await db.selectFrom('agency_otp_roles').select('role').where('agency_code', '=', agencyCode).execute();
      return inRoleOrder(rows.map((row) => row.role));
    },

    async all(): Promise<Map<string, Role[]>> {
      const rows = await db.selectFrom('agency_otp_roles').select(['agency_code', 'role']).execute();
      const byAgency = new Map<string, Role[]>();
      for (const row of rows) byAgency.set(row.agency_code, [...(byAgency.get(row.agency_code) ?? []), row.role]);
      return new Map([...byAgency].map(([agency, roles]) => [agency, inRoleOrder(roles)]));
    },

    /** Replaces the agency's policy; an empty list makes TOTP optional again. */
    async set(agencyCode: string, roles: readonly Role[], now: Date): Promise<void> {
      await db.deleteFrom('agency_otp_roles').where('agency_code', '=', agencyCode).execute();
      if (roles.length === 0) return;
      await db
        .insertInto('agency_otp_roles')
        .values(roles.map((role) => ({ agency_code: agencyCode, role, set_at: now.toISOString() })))
        .execute();
    },
  };
}

export type OtpPolicyRepository = ReturnType<typeof otpPolicyRepository>;
