/**
 * How a device reports the exports it made offline (docs/exports.md, "Device exports"): each one
 * is kept on the device under an id of its own until the server has written it into the audit
 * chain as an `export` event; a retry with the same id is recorded once. Declared once for the
 * device, the server and the tests, like sync-wire.ts.
 */
import { z } from 'zod/mini';
import { LANGUAGES } from '../schema';
import { acceptableText } from '../text';

// Here rather than in formats.ts: the device's sync reads this file, and must not load papaparse with it.
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const MAX_EXPORTS_PER_REQUEST = 100;
/** The list's search text as typed; longer text is not something the list accepts. */
export const FILTER_QUERY_MAX = 200;

/** What was exported: seizures ticked on the list, or the list as filtered by its search. */
export const DeviceExportFilterSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('selected') }),
  z.strictObject({ kind: z.literal('list'), query: z.string().check(z.maxLength(FILTER_QUERY_MAX), acceptableText()) }),
]);
export type DeviceExportFilter = z.infer<typeof DeviceExportFilterSchema>;

const count = z.int().check(z.gte(0), z.lte(1_000_000));

export const DeviceExportSchema = z.strictObject({
  exportId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  format: z.enum(EXPORT_FORMATS),
  language: z.enum(LANGUAGES),
  filter: DeviceExportFilterSchema,
  seizures: count,
  rows: count,
});
export type DeviceExport = z.infer<typeof DeviceExportSchema>;

export const DeviceExportsRequestSchema = z.strictObject({
  deviceId: z.string().check(z.minLength(1), z.maxLength(80), acceptableText()),
  exports: z.array(DeviceExportSchema).check(z.minLength(1), z.maxLength(MAX_EXPORTS_PER_REQUEST)),
});
export type DeviceExportsRequest = z.infer<typeof DeviceExportsRequestSchema>;

/** `recorded` now, or `duplicate`: this id was recorded by an earlier request. Either way it is in the chain. */
export const DeviceExportsResponseSchema = z.object({
  results: z.array(z.object({ exportId: z.string(), status: z.enum(['recorded', 'duplicate']) })),
});
export type DeviceExportsResponse = z.infer<typeof DeviceExportsResponseSchema>;
