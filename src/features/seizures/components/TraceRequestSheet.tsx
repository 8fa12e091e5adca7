/**
 * One firearm's trace request as Form 3312.1 lays it out, one printed page each. In Spanish every
 * label is the 3312.1(S) one with the English field name small beside it: the NTC reads English.
 */
import { useTranslation } from 'react-i18next';
import { IssueMessages } from '../../../components/IssueMessages';
import type { TraceRequest, TraceRequestLine } from '../../../domain/trace-request';
import { PHRASES } from '../../../domain/trace-request-labels';
import type { LocalizedName } from '../../../domain/vocab/types';
import { fieldLabel, type Translate } from './issue-field-label';
import { TraceBagCode } from '../evidence/TraceBagCode';

function Label({ label, lang }: { label: LocalizedName; lang: TraceRequest['lang'] }) {
  return (
    <>
      {label[lang]}
      {lang !== 'en' && (
        <span className="trace-en" lang="en">
          {label.en}
        </span>
      )}
    </>
  );
}

function Line({ line, lang }: { line: TraceRequestLine; lang: TraceRequest['lang'] }) {
  return (
    <div className={`trace-line is-${line.state}`}>
      <dt>
        {line.ref && <span className="trace-ref">{line.ref}</span>}
        <Label label={line.label} lang={lang} />
      </dt>
      <dd>{line.value}</dd>
    </div>
  );
}

export function TraceRequestSheet({ request, position, count }: { request: TraceRequest; position: number; count: number }) {
  const { t } = useTranslation('seizure');
  const { lang } = request;
  const titleId = `trace-${request.firearmId}-title`;
  const headerId = `trace-${request.firearmId}-header`;
  // Named by its page header first: every sheet has the same title, and landmarks need names of their own.
  return (
    <section className="trace-sheet" aria-labelledby={`${headerId} ${titleId}`}>
      {/* The page header: on paper each firearm's page must say which seizure and item it is. */}
      <p className="trace-page-header" id={headerId}>
        <span>
          {PHRASES.caseNumber[lang]}: {request.caseNumber ?? t('traceRequest.noCaseNumber')}
        </span>
        <span>
          {PHRASES.item[lang]} {request.itemNumber} · {t('traceRequest.firearmOf', { n: position, count })}
        </span>
      </p>
      {request.bagCode !== undefined && <TraceBagCode code={request.bagCode} />}
      <h2 id={titleId}>
        <Label label={PHRASES.title} lang={lang} />
      </h2>
      {request.traceReady ? (
        <p className="trace-ready-note">{t('traceRequest.readyNote')}</p>
      ) : (
        <div className="trace-not-ready" role="note">
          <p className="trace-not-ready-title">{PHRASES.notTraceReady[lang]}</p>
          {request.problems.length > 0 && <p>{t('traceRequest.problems')}</p>}
          <IssueMessages id={`trace-${request.firearmId}-problems`} issues={request.problems} fieldOf={(issue) => fieldLabel(issue.path, t as unknown as Translate)} />
        </div>
      )}
      {request.toAdd.length > 0 && (
        <p className="trace-to-add">{t('traceRequest.toAdd', { fields: request.toAdd.map((line) => line.label[lang]).join(', ') })}</p>
      )}
      {request.sections.map((section) => (
        <div key={section.section} className="trace-section">
          <h3>
            <Label label={section.title} lang={lang} />
          </h3>
          {section.groups.map((group, i) => (
            <div key={i}>
              {group.heading && <h4>{group.heading}</h4>}
              <dl className="trace-lines">
                {group.lines.map((line) => (
                  <Line key={line.key} line={line} lang={lang} />
                ))}
              </dl>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
