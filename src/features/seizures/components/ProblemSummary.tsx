/**
 * Shown when "ready" was asked for but something blocks it: every error, or every warning still
 * to confirm, as a link that moves focus to its field. Focus lands on the summary itself first
 * so a screen reader announces why nothing was saved.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../domain';
import { useIssueText } from '../../../components/use-issue-text';

export interface ProblemSummaryProps {
  kind: 'errors' | 'warnings';
  issues: readonly Issue[];
  onGoTo: (path: string) => void;
  /** The item number of the firearm at an index, as the officer sees it in the headings. */
  itemNumberAt: (index: number) => number;
}

export function ProblemSummary({ kind, issues, onGoTo, itemNumberAt }: ProblemSummaryProps) {
  const { t } = useTranslation('seizure');
  const issueText = useIssueText();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [kind]);
  return (
    <div ref={ref} className={`problem-summary problem-summary-${kind}`} role="alert" tabIndex={-1}>
      <h2>{t(kind === 'errors' ? 'form.errorSummaryTitle' : 'form.warningSummaryTitle', { n: issues.length })}</h2>
      <p>{t(kind === 'errors' ? 'form.errorSummaryBody' : 'form.warningSummaryBody')}</p>
      <ul>
        {issues.map((issue) => (
          <li key={`${issue.path}|${issue.code}`}>
            <button type="button" className="link-button" onClick={() => onGoTo(issue.path)}>
              {fieldName(issue.path, t as unknown as Translate, itemNumberAt)}: {issueText(issue)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "firearms.1.serialNumber" -> "Firearm 2 · Serial number". */
type Translate = (key: string, options?: Record<string, unknown>) => string;

function fieldName(path: string, t: Translate, itemNumberAt: (index: number) => number): string {
  const parts = path.split('.');
  const leaf = parts.at(-1) ?? path;
  const label = t(`field.${fieldKeyOf(parts)}`, { defaultValue: leaf });
  if (parts[0] === 'firearms' && parts[1] !== undefined) return `${t('form.firearmHeading', { item: itemNumberAt(Number(parts[1])) })} · ${label}`;
  return label;
}

const FIELD_KEY_OVERRIDES: Record<string, string> = {
  'agency.code': 'agencyCode',
  'agency.officer.firstName': 'officerFirstName',
  'agency.officer.lastName': 'officerLastName',
  'agency.officer.secondLastName': 'officerSecondLastName',
  'agency.officer.badge': 'badge',
};

function fieldKeyOf(parts: string[]): string {
  const withoutIndexes = parts.filter((p) => !/^\d+$/.test(p)).join('.');
  return FIELD_KEY_OVERRIDES[withoutIndexes] ?? parts.at(-1) ?? withoutIndexes;
}
