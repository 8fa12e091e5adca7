/**
 * A seizure's trace requests, one per firearm (docs/trace-request.md): on screen, on paper (the
 * print stylesheet puts each on a page of its own, without the app around it) and as a PDF made
 * on the device. Nothing here writes to the record.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { SeizureLoading, SeizureNotFound } from '../components/SeizureMissing';
import { useIssueText } from '../../../components/use-issue-text';
import { buildTraceRequest, type TraceRequest, type WordList } from '../../../domain/trace-request';
import { useLanguage } from '../../../lib/use-language';
import { seizures } from '../../../storage';
import { fieldLabel, type Translate } from '../components/issue-field-label';
import { TraceRequestSheet } from '../components/TraceRequestSheet';
import { mexicanStateOf, useMunicipalities } from '../hooks/use-municipalities';
import { saveFile } from '../../../lib/save-file';
import './trace-request.css';

type PdfState = { kind: 'idle' } | { kind: 'making' } | { kind: 'made'; file: string } | { kind: 'failed'; noSpace: boolean };

const isNoSpace = (error: unknown) =>
  error instanceof DOMException ? error.name === 'QuotaExceededError' : error instanceof RangeError && /memory|allocation|buffer/i.test(error.message);

function fileName(requests: readonly TraceRequest[], lang: string): string {
  const base = lang === 'es' ? 'solicitud-rastreo' : 'trace-request';
  const caseNumber = (requests[0]?.caseNumber ?? '').replace(/[^\w-]+/g, '_');
  return `${base}${caseNumber ? `-${caseNumber}` : ''}.pdf`;
}

export function TraceRequestPage({ id }: { id: string }) {
  const { t } = useTranslation(['seizure', 'vocab']);
  const lang = useLanguage();
  const issueText = useIssueText();
  const row = useLiveQuery(() => seizures.get(id), [id], null);
  const municipalities = useMunicipalities(mexicanStateOf(row?.record.recovery));
  const [pdf, setPdf] = useState<PdfState>({ kind: 'idle' });
  const requests = useMemo(() => {
    if (!row) return [];
    const words = (list: WordList, code: string) => t(`vocab:${list}.${code}`, { defaultValue: code });
    return row.record.firearms.map((_, index) => buildTraceRequest(row.record, index, { now: new Date(), municipalities, lang, words }));
  }, [row, municipalities, lang, t]);

  if (row === null) return <SeizureLoading />;
  if (row === undefined) return <SeizureNotFound />;

  const makePdf = async () => {
    setPdf({ kind: 'making' });
    try {
      const { traceRequestPdf } = await import('../trace-pdf');
      const bytes = await traceRequestPdf(requests, (request) => ({
        problemsIntro: t('traceRequest.problems'),
        readyNote: t('traceRequest.readyNote'),
        toAdd: (fields) => t('traceRequest.toAdd', { fields }),
        problems: request.problems.map((issue) => `${fieldLabel(issue.path, t as unknown as Translate)}: ${issueText(issue)}`),
        noCaseNumber: t('traceRequest.noCaseNumber'),
      }));
      const name = fileName(requests, lang);
      saveFile(new Blob([bytes as BlobPart], { type: 'application/pdf' }), name);
      setPdf({ kind: 'made', file: name });
    } catch (error) {
      setPdf({ kind: 'failed', noSpace: isNoSpace(error) });
    }
  };

  return (
    <article className="trace-request-page">
      <div className="trace-toolbar">
        <h1>{t('traceRequest.title')}</h1>
        <p>{t('traceRequest.intro', { count: requests.length })}</p>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('traceRequest.print')}
          </button>
          <button type="button" className="secondary" onClick={() => void makePdf()} disabled={pdf.kind === 'making'}>
            {t('traceRequest.downloadPdf')}
          </button>
          <Link href={`/seizures/${id}`} className="button secondary">
            {t('traceRequest.back')}
          </Link>
        </div>
        <div role="status" aria-live="polite">
          {pdf.kind === 'making' && <p>{t('traceRequest.makingPdf')}</p>}
          {pdf.kind === 'made' && <p className="banner banner-success">{t('traceRequest.pdfReady', { file: pdf.file })}</p>}
        </div>
        {pdf.kind === 'failed' && (
          <div className="banner banner-error" role="alert">
            <p>{t(pdf.noSpace ? 'traceRequest.pdfNoSpace' : 'traceRequest.pdfFailed')}</p>
          </div>
        )}
      </div>
      {requests.map((request, i) => (
        <TraceRequestSheet key={request.firearmId} request={request} position={i + 1} count={requests.length} />
      ))}
    </article>
  );
}
