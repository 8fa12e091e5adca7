/**
 * The issues of one field, in the officer's language, next to the field. Errors say what blocks
 * "ready"; each warning carries a checkbox so the officer can confirm that the value really is
 * what is marked on the gun.
 */
import { useTranslation } from 'react-i18next';
import { warningKey, type Issue } from '../domain/issues';
import { useIssueText } from './use-issue-text';

export interface IssueMessagesProps {
  id: string;
  issues: readonly Issue[];
  confirmed?: readonly string[];
  onConfirm?: ((key: string, confirmed: boolean) => void) | undefined;
  /** Names the field of each issue, where the list is not shown next to that field. */
  fieldOf?: ((issue: Issue) => string) | undefined;
}

export function IssueMessages({ id, issues, confirmed = [], onConfirm, fieldOf }: IssueMessagesProps) {
  const { t } = useTranslation();
  const issueText = useIssueText();
  if (issues.length === 0) return <div id={id} aria-live="polite" />;
  return (
    <div id={id} className="issues" aria-live="polite">
      {issues.map((issue) => {
        const key = warningKey(issue);
        const field = fieldOf?.(issue);
        return (
          <div key={key} className={`issue issue-${issue.severity}`}>
            <p>
              <span className="issue-kind">{t(issue.severity === 'error' ? 'issueKind.error' : 'issueKind.warning')}</span>{' '}
              {field && `${field}: `}
              {issueText(issue)}
            </p>
            {issue.severity === 'warning' && onConfirm && (
              <label className="confirm">
                <input type="checkbox" checked={confirmed.includes(key)} onChange={(event) => onConfirm(key, event.target.checked)} />
                {t('confirmWarning')}
              </label>
            )}
          </div>
        );
      })}
    </div>
  );
}
