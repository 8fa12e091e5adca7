/**
 * The device's record of its exports (docs/exports.md, "On the device"). An export is written
 * here before its file is handed to the browser, so no file leaves without its record; sync
 * reports the entries to the server (sync/export-reports.ts) and removes each one only once the
 * server has answered for it, so a run cut short resumes with what is left. Sealed like the
 * seizures: it says what was exported and with which search.
 */
import type { DeviceExport } from '../domain/export/audit-wire';
import type { TraceDB } from './db';
import { guarded } from './errors';

export interface ExportLog {
  record(report: DeviceExport): Promise<void>;
  /** The oldest entries not yet acknowledged. */
  pending(limit: number): Promise<DeviceExport[]>;
  /** Removes the entries the server has written into its chain (recorded or duplicate). */
  acknowledge(exportIds: readonly string[]): Promise<void>;
  pendingCount(): Promise<number>;
}

export function createExportLog(db: TraceDB): ExportLog {
  return {
    record: (report) => guarded(async () => void (await db.exportLog.add({ exportId: report.exportId, at: report.at, report }))),
    pending: (limit) => guarded(async () => (await db.exportLog.orderBy('at').limit(limit).toArray()).map((entry) => entry.report)),
    acknowledge: (exportIds) => guarded(() => db.exportLog.bulkDelete([...exportIds])),
    pendingCount: () => guarded(() => db.exportLog.count()),
  };
}
