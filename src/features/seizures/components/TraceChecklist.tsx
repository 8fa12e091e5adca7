/**
 * What a trace request for this firearm still needs, field by field. Shown in the form and in
 * the detail view, built from the same issues, so it never disagrees with the messages.
 */
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../domain/issues';
import { traceReadiness } from '../../../domain/readiness';
import type { Firearm } from '../../../domain/schema';

const MARK = { present: '✓', notNeeded: '–', missing: '○', invalid: '✗', unavailable: '!' } as const;

export function TraceChecklist({ firearm, index, issues }: { firearm: Firearm; index: number; issues: readonly Issue[] }) {
  const { t } = useTranslation('seizure');
  const readiness = traceReadiness(firearm, index, issues);
  const titleId = `trace-${index}-title`;
  return (
    <section className={`trace-checklist ${readiness.complete ? 'complete' : 'incomplete'}`} aria-labelledby={titleId}>
      <h3 id={titleId}>{t('readiness.title')}</h3>
      <p className="trace-summary">{t(readiness.complete ? 'readiness.complete' : 'readiness.incomplete')}</p>
      <ul>
        {readiness.items.map(({ field, state }) => (
          <li key={field} className={`trace-${state}`}>
            <span aria-hidden="true" className="trace-mark">
              {MARK[state]}
            </span>{' '}
            {t(`field.${field}`)}: {t(`readiness.state.${state}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
