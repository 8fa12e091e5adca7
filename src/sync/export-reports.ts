/**
 * Reports the exports made on this device to the server, which writes each into its audit chain
 * (docs/exports.md, "On the device"). Runs in every sync run after the outbox: a batch at a
 * time, each entry removed from the device only once the server has answered for it, so an
 * interrupted run resumes with what is left and a lost answer is a retry the server recognises
 * (`duplicate`).
 */
import type { DeviceExport } from '../domain/export/audit-wire';
import type { DeviceExportsRequest, DeviceExportsResponse } from './protocol';
import { loadProtocol, TransportError } from './transport';

export interface ExportReports {
  log: {
    pending(limit: number): Promise<DeviceExport[]>;
    acknowledge(exportIds: readonly string[]): Promise<void>;
  };
  send(body: DeviceExportsRequest): Promise<DeviceExportsResponse>;
}

/** Returns how many exports the server acknowledged. */
export async function reportExports({ log, send }: ExportReports, deviceId: string): Promise<number> {
  let reported = 0;
  // The limit comes with the wire schemas (and zod), which load with the first answer, not with the app.
  const { MAX_EXPORTS_PER_REQUEST } = await loadProtocol();
  for (;;) {
    const batch = await log.pending(MAX_EXPORTS_PER_REQUEST);
    if (batch.length === 0) return reported;
    let answer: DeviceExportsResponse;
    try {
      answer = await send({ deviceId, exports: batch });
    } catch (error) {
      // The server refuses the report as malformed: a bug to fix, never a record to drop. It
      // stays, and the rest of the run (the pull) goes on.
      if (error instanceof TransportError && error.kind === 'refused') return reported;
      throw error;
    }
    const sent = new Set(batch.map((entry) => entry.exportId));
    const acknowledged = answer.results.map((result) => result.exportId).filter((id) => sent.has(id));
    // An answer that acknowledges nothing would send the same batch for ever.
    if (acknowledged.length === 0) throw new TransportError('server');
    await log.acknowledge(acknowledged);
    reported += acknowledged.length;
  }
}
