/** The words of the link view, in the supervisor's language: a seizure's line, a link's details, the graph's labels. */
import type { TFunction } from 'i18next';
import type { Language } from '../../../domain';
import { vocabLabel } from '../../../domain/vocab/labels';
import { calendarDate, stateName } from '../labels';
import type { Labels } from './graph-elements';
import type { LinkEdge, SeizureSummary } from './links-api';

type T = TFunction<'supervisor'>;

/**
 * Case number (or its absence), recovery date, state and agency: how a seizure is told apart. The
 * agency by its code (ATF, FGR): its full name would take three lines of a phone for every row.
 */
export function seizureLine(t: T, lang: Language, s: SeizureSummary): string {
  return [s.caseNumber ?? t('links.noCase'), calendarDate(s.recoveredOn, lang), stateName(s.state, lang), s.agency].filter(Boolean).join(' · ');
}

/** What ties two seizures, with the numbers the rule used (the serial distance and model, the metres and days, the FFL). */
export function linkDetail(t: T, lang: Language, edge: Pick<LinkEdge, 'reason' | 'details'>): string {
  const d = edge.details;
  switch (edge.reason) {
    case 'serial':
      return d.model ? t('links.detail.serial', { distance: d.serialDistance, model: d.model }) : t('links.detail.serialNoModel', { distance: d.serialDistance });
    case 'dealer':
      return t(d.shortTimeToCrime ? 'links.detail.dealerShort' : 'links.detail.dealer', { ffl: d.dealerFfl });
    case 'place':
      return t('links.detail.place', { metres: d.metres, days: d.days });
    case 'person':
      // By an identity document (its type, never its number), as a trace's purchaser, or by name and date of birth.
      if (d.document) return t('links.detail.personDocument', { document: vocabLabel('idType', d.document, lang) ?? d.document });
      return t(d.purchaser ? 'links.detail.personPurchaser' : 'links.detail.person');
    default:
      return t(`links.detail.${edge.reason}`);
  }
}

export function graphLabels(t: T, lang: Language, start: string): Labels {
  return {
    seizure: (s) => {
      const what = [s.caseNumber ?? t('links.noCase'), calendarDate(s.recoveredOn, lang)].filter(Boolean).join('\n');
      return s.recordId === start ? t('links.node.start', { what }) : what;
    },
    person: (n) => t('links.node.person', { n }),
    dealer: (ffl) => t('links.node.dealer', { ffl }),
    firearm: (model) => (model ? t('links.node.firearmModel', { model }) : t('links.node.firearm')),
    link: (edge) => `${t(`links.reason.${edge.reason}`)}: ${linkDetail(t, lang, edge)}`,
  };
}
