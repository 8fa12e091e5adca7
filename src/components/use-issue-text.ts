import { useTranslation } from 'react-i18next';
import type { Issue } from '../domain/issues';
import { formatOccurredAt, localeFor } from '../i18n';
import { useLanguage } from '../lib/use-language';

/**
 * Turns an issue code into a sentence. Parameters that are themselves codes (a field name, a
 * serial location) or dates are put into words first, so no raw code or ISO date reaches a screen.
 */
export function useIssueText(): (issue: Issue) => string {
  const { t } = useTranslation(['issues', 'seizure', 'vocab', 'common']);
  const lang = useLanguage();
  return (issue) => {
    const params: Record<string, string | number> = { ...issue.params };
    if (typeof params.field === 'string') params.field = t(`seizure:field.${params.field}` as 'seizure:field.model');
    if (typeof params.location === 'string') params.location = t(`vocab:serialLocation.${params.location}` as 'vocab:serialLocation.frame');
    if (typeof params.occurredAt === 'string') params.occurredAt = formatOccurredAt(params.occurredAt, lang);
    if (typeof params.caseNumber === 'string' && params.caseNumber === '') params.caseNumber = t('common:list.noCaseNumber');
    if (issue.code === 'serial.ambiguousCharacters' && typeof params.list === 'string') {
      // The domain lists "O (3), 0 (7)"; a sentence says which character is where, in words.
      const named = [...params.list.matchAll(/(\S) \((\d+)\)/g)].map(([, character = '', position]) =>
        t(/[0-9]/.test(character) ? 'issues:lookAlike.digit' : 'issues:lookAlike.letter', { character, position }),
      );
      params.list = new Intl.ListFormat(localeFor(lang), { type: 'conjunction' }).format(named);
    }
    return t(issue.code, params);
  };
}
