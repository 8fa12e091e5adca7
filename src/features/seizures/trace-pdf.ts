/**
 * The trace requests as a PDF, made on the device with pdf-lib: one firearm per page (a request
 * that does not fit goes on to a continuation page with the same header), the same lines as the
 * print view. Loaded only by the trace-request screen, with import(), so no other screen pays
 * for pdf-lib's weight.
 *
 * Helvetica is one of the 14 standard PDF fonts; pdf-lib writes it with WinAnsi encoding, which
 * holds every letter of Spanish (á é í ó ú ü ñ ¿ ¡ « »). A character outside WinAnsi (pasted
 * Cyrillic, an emoji in the notes) would make pdf-lib throw, so it is printed as "?" instead.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { TraceRequest } from '../../domain/trace-request';
import { PHRASES } from '../../domain/trace-request-labels';
import type { LocalizedName } from '../../domain/vocab/types';

const PAGE = { width: 612, height: 792, margin: 36 }; // US Letter, as the NTC prints the form
// Small enough that a full request, Spanish label and English beside it, fits one page.
const SIZE = { title: 11, section: 9.5, text: 8.5, small: 7 };
const LEADING = 10;
const LABEL_WIDTH = 270;

export interface PdfWords {
  /** Said before the list of problems. */
  problemsIntro: string;
  readyNote: string;
  toAdd: (fields: string) => string;
  problems: string[];
  noCaseNumber: string;
}

/** What WinAnsi cannot encode becomes "?", so a stray character never stops the PDF. */
function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/\s+/g, ' ')].map((ch) => (supported.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !current) current = next;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
    private readonly header: string,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    this.page.drawText(encodable(this.fonts.regular, this.header), { x: PAGE.margin, y: this.y, size: SIZE.small, font: this.fonts.regular, color: rgb(0.3, 0.3, 0.3) });
    this.y -= LEADING * 1.6;
  }

  private room(height: number): void {
    if (this.y - height < PAGE.margin) this.newPage();
  }

  text(text: string, options: { bold?: boolean; size?: number; x?: number; width?: number } = {}): void {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const size = options.size ?? SIZE.text;
    for (const line of wrap(font, encodable(font, text), size, options.width ?? PAGE.width - 2 * PAGE.margin)) {
      this.room(LEADING);
      this.page.drawText(line, { x: options.x ?? PAGE.margin, y: this.y, size, font });
      this.y -= size > SIZE.text ? size + 4 : LEADING;
    }
  }

  /** A label and its value side by side, each wrapped in its own column. */
  pair(label: string, value: string): void {
    const { regular, bold } = this.fonts;
    const labelLines = wrap(regular, encodable(regular, label), SIZE.text, LABEL_WIDTH - 8);
    const valueLines = wrap(bold, encodable(bold, value), SIZE.text, PAGE.width - 2 * PAGE.margin - LABEL_WIDTH);
    const rows = Math.max(labelLines.length, valueLines.length);
    this.room(rows * LEADING);
    for (let i = 0; i < rows; i += 1) {
      const y = this.y - i * LEADING;
      const [labelLine, valueLine] = [labelLines[i], valueLines[i]];
      if (labelLine) this.page.drawText(labelLine, { x: PAGE.margin, y, size: SIZE.text, font: regular });
      if (valueLine) this.page.drawText(valueLine, { x: PAGE.margin + LABEL_WIDTH, y, size: SIZE.text, font: bold });
    }
    this.y -= rows * LEADING + 2;
  }

  gap(points = 4): void {
    this.y -= points;
  }
}

const labelOf = (label: LocalizedName, lang: TraceRequest['lang']) => (lang === 'en' ? label.en : `${label[lang]} (${label.en})`);

/** The requests of one seizure, one firearm per page, as PDF bytes. */
export async function traceRequestPdf(requests: readonly TraceRequest[], words: (request: TraceRequest) => PdfWords): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  for (const request of requests) {
    const { lang } = request;
    const w = words(request);
    const header = `${PHRASES.caseNumber[lang]}: ${request.caseNumber ?? w.noCaseNumber} · ${PHRASES.item[lang]} ${request.itemNumber}`;
    const out = new Writer(doc, fonts, header);
    out.text(labelOf(PHRASES.title, lang), { bold: true, size: SIZE.title });
    if (request.traceReady) out.text(w.readyNote);
    else {
      out.text(PHRASES.notTraceReady[lang].toUpperCase(), { bold: true });
      if (w.problems.length > 0) out.text(w.problemsIntro);
      w.problems.forEach((problem) => out.text(`• ${problem}`, { x: PAGE.margin + 8, width: PAGE.width - 2 * PAGE.margin - 8 }));
    }
    if (request.toAdd.length > 0) out.text(w.toAdd(request.toAdd.map((line) => line.label[lang]).join(', ')));
    for (const section of request.sections) {
      out.gap();
      out.text(labelOf(section.title, lang), { bold: true, size: SIZE.section });
      for (const group of section.groups) {
        if (group.heading) out.text(group.heading, { bold: true });
        for (const line of group.lines) out.pair(`${line.ref ? `${line.ref}  ` : ''}${labelOf(line.label, lang)}`, line.value);
      }
    }
  }
  doc.setTitle(requests.map((r) => `${PHRASES.title[r.lang]} – ${r.caseNumber ?? ''} #${r.itemNumber}`)[0] ?? 'Trace request');
  doc.setCreator('TraceReady');
  return doc.save();
}
