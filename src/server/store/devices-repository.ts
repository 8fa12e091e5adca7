/** Devices' reports of themselves (migration 0012), for the supervisor's devices list. */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface DeviceReport {
  deviceId: string;
  userId: string;
  agencyCode: string;
  pending: number;
  oldestPendingAt: string | null;
}

export interface DeviceRow {
  deviceId: string;
  officer: { id: string; username: string };
  lastSyncAt: string;
  pending: number;
  oldestPendingAt: string | null;
}

export function devicesRepository(db: Kysely<Database>) {
  return {
    async record(report: DeviceReport, at: Date): Promise<void> {
      const values = { last_sync_at: at.toISOString(), pending_count: report.pending, oldest_pending_at: report.oldestPendingAt, agency_code: report.agencyCode };
      await db
        .insertInto('devices')
        .values({ device_id: report.deviceId, user_id: report.userId, ...values })
        .onConflict((oc) => oc.columns(['device_id', 'user_id']).doUpdateSet(values))
        .execute();
    },

    /** The agency's devices, those holding records longest first, then the longest silent. */
    async forAgency(agency: string, limit: number): Promise<DeviceRow[]> {
      const rows = await db
        .selectFrom('devices as d')
        .innerJoin('users as u', 'u.id', 'd.user_id')
        .select(['d.device_id', 'd.user_id', 'u.username', 'd.last_sync_at', 'd.pending_count', 'd.oldest_pending_at'])
        .where('d.agency_code', '=', agency)
        .orderBy((eb) => eb.case().when('d.oldest_pending_at', 'is', null).then(1).else(0).end())
        .orderBy('d.oldest_pending_at')
        .orderBy('d.last_sync_at')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        deviceId: row.device_id,
        officer: { id: row.user_id, username: row.username },
        lastSyncAt: row.last_sync_at,
        pending: row.pending_count,
        oldestPendingAt: row.oldest_pending_at,
      }));
    },
  };
}
