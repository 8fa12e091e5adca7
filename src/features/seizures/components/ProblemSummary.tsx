/**
 * Shown when "ready" was asked for but something blocks it: every error, or every warning still
 * to confirm, as a link that moves focus to its field. Focus lands on the summary itself first
 * so a screen reader announces why nothing was saved.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../domain/issues';
import { useIssueText } from '../../../components/use-issue-text';
import { issueFieldLabel, type Translate } from './issue-field-label';

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
      <h2>{t(kind === 'errors' ? 'form.errorSummaryTitle' : 'form.warningSummaryTitle', { count: issues.length })}</h2>
      <p>{t(kind === 'errors' ? 'form.errorSummaryBody' : 'form.warningSummaryBody')}</p>
      <ul>
        {issues.map((issue) => (
          <li key={`${issue.path}|${issue.code}`}>
            <button type="button" className="link-button" onClick={() => onGoTo(issue.path)}>
              {issueFieldLabel(issue.path, t as unknown as Translate, itemNumberAt)}: {issueText(issue)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "firearms.1.serialNumber" -> "Firearm 2 · Serial number". */
