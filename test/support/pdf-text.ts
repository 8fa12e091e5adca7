/**
 * The text of each page of a PDF that pdf-lib wrote with a standard font, read back from the
 * page's content streams: pdf-lib writes every string as hex WinAnsi codes (`<4E...> Tj`), so
 * decoding those gives exactly what a reader shows, accents included.
 */
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream, type PDFPage } from 'pdf-lib';

// WinAnsi differs from Latin-1 only in 0x80–0x9F; these are the ones a request can hold.
const WIN_ANSI_EXTRA: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

const decodeHex = (hex: string) =>
  (hex.match(/../g) ?? []).map((pair) => {
    const code = parseInt(pair, 16);
    return WIN_ANSI_EXTRA[code] ?? String.fromCharCode(code);
  }).join('');

function streamsOf(page: PDFPage): PDFRawStream[] {
  const contents = page.node.Contents();
  if (contents instanceof PDFRawStream) return [contents];
  if (contents instanceof PDFArray) return contents.asArray().map((ref) => page.doc.context.lookup(ref)).filter((s): s is PDFRawStream => s instanceof PDFRawStream);
  return [];
}

/** One string per page: its text runs in drawing order, joined by newlines. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) =>
    streamsOf(page)
      .map((stream) => new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode()))
      .flatMap((content) => [...content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) => decodeHex(m[1] ?? '')))
      .join('\n'),
  );
}
