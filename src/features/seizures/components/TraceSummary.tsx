/**
 * A seizure's trace states in one line on the list ("Trace: 1 requested, 1 not requested"), once
 * any of its firearms' traces was asked for; in the
 * shell's strings, since the list is the first screen and never waits for the screens' chunk.
 */
import { useTranslation } from 'react-i18next';
import { TRACE_STATES } from '../../../domain/trace-states';
import type { TraceCounts } from '../../../domain/trace-summary';
import { localeFor } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';

export function TraceSummary({ counts }: { counts: TraceCounts }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const asked = TRACE_STATES.filter((state) => state !== 'not_requested' && counts[state] > 0);
  // Nothing asked yet, nothing to say: a line on every new record would push the list below the fold of a small phone.
  if (asked.length === 0) return null;
  const summary = new Intl.ListFormat(localeFor(lang), { type: 'conjunction' }).format(
    TRACE_STATES.filter((state) => counts[state] > 0).map((state) => t(`traceSummary.state.${state}`, { count: counts[state] })),
  );
  return <span className="seizure-item-trace">{t('traceSummary.counts', { summary })}</span>;
}
