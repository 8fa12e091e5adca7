/**
 * The trace-request PDF as the device makes it (src/features/seizures/trace-pdf.ts), read back
 * from its content streams: one page per firearm, each with its serial, and Spanish written
 * with its accents (Helvetica's WinAnsi encoding), never dropped or turned into "?".
 */
import { describe, expect, it } from 'vitest';
import { buildTraceRequest, type Seizure, type Words } from '../../src/domain';
import { traceRequestPdf, type PdfWords } from '../../src/features/seizures/trace-pdf';
import esVocab from '../../src/i18n/locales/es/vocab';
import { CHECK_CTX, draftSeizure, validSpanishSeizure } from '../domain/fixtures';
import { pdfPageTexts } from '../support/pdf-text';

const words: Words = (list, code) => (esVocab as Record<string, Record<string, string>>)[list]?.[code] ?? code;
const pdfWords = (): PdfWords => ({ problemsIntro: 'Problemas:', readyNote: 'Listo para rastreo.', toAdd: (f) => `Falta: ${f}.`, problems: ['Marca: Obligatorio.'], noCaseNumber: 'sin carpeta' });
const requestsOf = (record: Seizure) => record.firearms.map((_, i) => buildTraceRequest(record, i, { ...CHECK_CTX, lang: 'es', words }));

describe('the trace-request PDF', () => {
  it('has one page per firearm, each with its own serial and item', async () => {
    const pages = await pdfPageTexts(await traceRequestPdf(requestsOf(validSpanishSeizure()), pdfWords));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('AH7439-97');
    expect(pages[0]).not.toContain('KR47391');
    expect(pages[1]).toContain('KR47391');
    expect(pages[1]).toContain('Carpeta: FED/SON/HMO/0001234/2026 · Indicio 2');
  });

  it('writes Spanish with its accents and punctuation', async () => {
    const record = validSpanishSeizure({ notes: undefined });
    const [rifle, colt] = record.firearms;
    const withNotes = { ...record, firearms: [{ ...rifle!, notes: '¿Culata plegable? ¡Sí! Güero, Ñandú' }, colt!] };
    const [page] = await pdfPageTexts(await traceRequestPdf(requestsOf(withNotes), pdfWords));
    for (const text of ['5a Número de serie (del armazón o cajón de mecanismos)', 'number (frame or receiver))', 'Ramírez Quintero, José Luis', '¿Culata plegable? ¡Sí! Güero, Ñandú', 'Fiscalía General de la República (FGR)']) {
      expect(page).toContain(text);
    }
  });

  it('prints a character WinAnsi lacks as "?" rather than failing', async () => {
    const record = validSpanishSeizure();
    const [rifle, colt] = record.firearms;
    const [page] = await pdfPageTexts(await traceRequestPdf(requestsOf({ ...record, firearms: [{ ...rifle!, notes: 'Надпись 🔫' }, colt!] }), pdfWords));
    expect(page).toContain('??????? ?');
  });

  it('marks a draft not trace-ready, with its problems', async () => {
    const [page] = await pdfPageTexts(await traceRequestPdf(requestsOf(draftSeizure()), pdfWords));
    expect(page).toContain('NO ESTÁ LISTO PARA RASTREO');
    expect(page).toContain('• Marca: Obligatorio.');
  });
});
