/**
 * An export made on the device (docs/exports.md, "On the device"): the file is built here, with
 * no network, from the seizures as stored, in the officer's language. It is recorded in the
 * export log before the browser is handed the file, so no file leaves without its record; sync
 * reports the record to the server's audit chain.
 *
 * The column table, papaparse and the municipio catalogue load with the first export (a chunk
 * of their own, precached like every chunk), not with the list.
 */
import type { DeviceExportFilter, ExportFormat } from '../../../domain/export/audit-wire';
import type { Lang } from '../../../domain/vocab';
import { exportLog, newId, traceStatuses, type SeizureView } from '../../../storage';
import { requestSync } from '../../../sync';
import { saveFile } from '../../../lib/save-file';

export type ExportOutcome = { kind: 'empty' } | { kind: 'done'; fileName: string; seizures: number; rows: number };

export interface ExportRequest {
  rows: readonly SeizureView[];
  filter: DeviceExportFilter;
  format: ExportFormat;
  lang: Lang;
  now?: Date;
}

const loadExport = () => Promise.all([import('../../../domain/export'), import('../../../domain/vocab/municipalities')]);

export async function exportSeizures({ rows, filter, format, lang, now = new Date() }: ExportRequest): Promise<ExportOutcome> {
  const [{ exportFile, exportFileName, MEDIA_TYPES, rowsOf }, { municipalityCatalogue }] = await loadExport();
  const ctx = { lang, municipalities: municipalityCatalogue };
  const traces = await traceStatuses.forRecords(rows.map((row) => row.id));
  const byFirearm = new Map([...traces.values()].flat().map((trace) => [trace.firearmId, trace.status]));
  const lines = rows.flatMap((row) => rowsOf(row.record, ctx, row.sharedBy, byFirearm));
  if (lines.length === 0) return { kind: 'empty' };
  const text = exportFile(format, lang, lines);
  const fileName = exportFileName(format, now);
  await exportLog.record({ exportId: newId(), at: now.toISOString(), format, language: lang, filter, seizures: rows.length, rows: lines.length });
  saveFile(new Blob([text], { type: MEDIA_TYPES[format] }), fileName);
  requestSync('save');
  return { kind: 'done', fileName, seizures: rows.length, rows: lines.length };
}
