/**
 * The server's export file as a stream of text parts (docs/exports.md): the head, then the rows
 * of one page of records at a time, then the tail. Pulled by the reply stream, so a page is read
 * only when the client has taken the one before it: memory holds one page, whatever the size of
 * the export.
 */
import { exportWriter, rowsOf, type ExportFormat } from '../../domain/export';
import { municipalityCatalogue } from '../../domain/vocab/municipalities';
import type { TraceStatus } from '../../domain/trace-status';
import type { Lang } from '../../domain/vocab';
import type { ExportedRecord } from '../store/exports-repository';

export interface ExportCounts {
  seizures: number;
  rows: number;
}

/**
 * `first` is the first page, already read by the caller: an unreachable database then fails the
 * request with its own answer (503) instead of cutting a file that has begun.
 */
export async function* firearmsFile(
  pages: AsyncIterator<ExportedRecord[]>,
  first: IteratorResult<ExportedRecord[]>,
  format: ExportFormat,
  lang: Lang,
  counts: ExportCounts,
  /** The latest trace status of each of these firearms (read a page at a time, like the records). */
  tracesOf: (firearmIds: readonly string[]) => Promise<ReadonlyMap<string, TraceStatus>> = () => Promise.resolve(new Map()),
): AsyncGenerator<string> {
  const writer = exportWriter(format, lang);
  const ctx = { lang, municipalities: municipalityCatalogue };
  yield writer.head();
  for (let page = first; !page.done; page = await pages.next()) {
    const traces = await tracesOf(page.value.flatMap((record) => record.body.firearms.map((firearm) => firearm.id)));
    const rows = page.value.flatMap((record) => rowsOf(record.body, ctx, record.sharedBy, traces));
    const text = writer.body(rows, counts.rows);
    counts.rows += rows.length;
    counts.seizures += page.value.length;
    if (text !== '') yield text;
  }
  yield writer.tail();
}
