/**
 * Leads (docs/links.md "GET /api/v1/links/leads"): groups of three or more seizures tied
 * together over the last twelve months, newest first, so a possible ring is seen without knowing
 * where to look. Each seizure of a group opens its link view.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LINK_REASONS } from '../../../domain/links';
import { useLanguage } from '../../../lib/use-language';
import { calendarDate } from '../labels';
import { ServerLoading, ServerProblem } from '../ServerProblem';
import { failureOf, useServerRead, type Failure } from '../server-read';
import { seizureLine } from './link-labels';
import { loadLeads, type LeadsPage } from './links-api';

export function LeadsScreen() {
  const { t } = useTranslation('supervisor');
  const lang = useLanguage();
  const { state, reload } = useServerRead(() => loadLeads(), 'leads');
  const [more, setMore] = useState<{ pages: LeadsPage[]; failure?: Failure; busy?: boolean }>({ pages: [] });
  if (state.kind === 'loading') return <ServerLoading />;
  if (state.kind === 'failed') return <ServerProblem failure={state.failure} onRetry={reload} />;
  const pages = [state.value, ...more.pages];
  const leads = pages.flatMap((page) => page.leads);
  const last = pages.at(-1)!;

  async function next() {
    if (!last.cursor) return;
    setMore((m) => ({ ...m, busy: true }));
    try {
      const page = await loadLeads(last.cursor);
      setMore((m) => ({ pages: [...m.pages, page] }));
    } catch (error) {
      setMore((m) => ({ pages: m.pages, failure: failureOf(error) }));
    }
  }

  return (
    <>
      <p className="hint">{t('leads.hint')}</p>
      {pages.some((page) => page.truncated) && <p className="banner banner-info">{t('leads.truncated')}</p>}
      {leads.length === 0 && <p>{t('leads.none')}</p>}
      <ol className="lead-list">
        {leads.map((lead, index) => {
          const title = t('leads.lead', { size: lead.size, date: calendarDate(lead.newest, lang) ?? t('links.unknownDate') });
          const reasons = LINK_REASONS.filter((reason) => lead.reasons[reason])
            .map((reason) => t('leads.reasonCount', { reason: t(`links.reason.${reason}`), count: lead.reasons[reason] }))
            .join(', ');
          return (
            <li key={index} className="alert-card">
              <article aria-label={title}>
                <h2>{title}</h2>
                <p>{t('leads.reasons', { reasons })}</p>
                <ul className="link-list" aria-label={t('leads.seizures')}>
                  {lead.seizures.map((seizure) => {
                    const line = seizureLine(t, lang, seizure);
                    return (
                      <li key={seizure.recordId}>
                        <Link href={`/supervisor/links/seizures/${seizure.recordId}`} aria-label={t('leads.openLinks', { what: line })}>
                          {line}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </article>
            </li>
          );
        })}
      </ol>
      {more.failure && <ServerProblem failure={more.failure} onRetry={() => void next()} />}
      {last.cursor && (
        <button type="button" className="secondary wide" disabled={more.busy} onClick={() => void next()}>
          {t('leads.more')}
        </button>
      )}
    </>
  );
}
