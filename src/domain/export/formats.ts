/**
 * The export's two file formats, written in parts so the server can stream them (docs/exports.md):
 * a head, any number of bodies of rows, a tail; joined, they are the whole file.
 *
 * CSV: UTF-8 with a byte-order mark (so spreadsheets read the accents as UTF-8), RFC 4180 quoting
 * by papaparse, CRLF after every line. Text that a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a CR) gets a leading apostrophe (papaparse's escapeFormulae): a record's
 * notes must never execute on a supervisor's machine. Numbers and booleans are never escaped.
 *
 * JSON: one object, {"format", "version", "language", "columns", "rows": [...]}, one object per
 * firearm in `rows` with every column (null where empty).
 */
import Papa from 'papaparse';
import type { Lang } from '../vocab';
import type { ExportFormat } from './audit-wire';
import { EXPORT_COLUMN_NAMES, EXPORT_FORMAT_VERSION, type ExportRow } from './columns';

export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';

export const MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface ExportWriter {
  head(): string;
  /** Rows after `written` earlier ones: JSON needs a comma between two bodies. */
  body(rows: readonly ExportRow[], written: number): string;
  tail(): string;
}

export const csvLines = (lines: readonly (readonly (string | number | boolean | null)[])[]): string =>
  lines.length === 0 ? '' : Papa.unparse(lines as unknown[][], { newline: CRLF, escapeFormulae: true }) + CRLF;

const csvWriter: ExportWriter = {
  head: () => CSV_BOM + csvLines([EXPORT_COLUMN_NAMES]),
  // papaparse writes null as an empty field.
  body: (rows) => csvLines(rows.map((row) => EXPORT_COLUMN_NAMES.map((name) => row[name] ?? null))),
  tail: () => '',
};

function jsonWriter(lang: Lang): ExportWriter {
  return {
    head: () => `{"format":"traceready-firearms","version":${EXPORT_FORMAT_VERSION},"language":${JSON.stringify(lang)},"columns":${JSON.stringify(EXPORT_COLUMN_NAMES)},"rows":[`,
    body: (rows, written) => (rows.length === 0 ? '' : (written > 0 ? ',' : '') + rows.map((row) => JSON.stringify(row)).join(',')),
    tail: () => ']}\n',
  };
}

export const exportWriter = (format: ExportFormat, lang: Lang): ExportWriter => (format === 'csv' ? csvWriter : jsonWriter(lang));

/** A whole file at once (the device's exports). */
export function exportFile(format: ExportFormat, lang: Lang, rows: readonly ExportRow[]): string {
  const writer = exportWriter(format, lang);
  return writer.head() + writer.body(rows, 0) + writer.tail();
}

/** A file name for an export made at `at`: traceready-firearms-2026-11-28T1430Z.csv */
export function exportFileName(format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `traceready-firearms-${stamp}Z.${format}`;
}
