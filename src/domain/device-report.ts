/**
 * What a device says of itself at the end of each sync (docs/supervisor.md "Devices"): how many
 * saved records it still holds unsent and since when, so a supervisor can see a phone that has
 * held records for days. Informational: the server stores it as the device's word.
 */
import { z } from 'zod/mini';
import { acceptableText } from './text';

export const DeviceReportSchema = z
  .strictObject({
    deviceId: z.string().check(z.minLength(1), z.maxLength(80), acceptableText()),
    pending: z.int().check(z.gte(0), z.lte(1_000_000)),
    oldestPendingAt: z.nullable(z.iso.datetime({ offset: true })),
  })
  // Something pending has a time it was saved; nothing pending has none.
  .check(z.refine((report) => (report.pending === 0) === (report.oldestPendingAt === null)));

export type DeviceReport = z.infer<typeof DeviceReportSchema>;
