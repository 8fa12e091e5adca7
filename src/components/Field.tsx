/**
 * A labelled form field with its hint and its issues. The label is a real <label for>, so
 * screen readers announce it and tests find the field by it; the hint and issues are tied to the
 * control through aria-describedby.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../domain/issues';
import { IssueMessages } from './IssueMessages';

export interface FieldControlProps {
  id: string;
  describedBy: string;
  invalid: boolean;
  required: boolean;
}

export interface FieldProps {
  id: string;
  label: string;
  required?: boolean;
  hint?: string | undefined;
  issues?: readonly Issue[];
  confirmed?: readonly string[];
  onConfirm?: ((key: string, confirmed: boolean) => void) | undefined;
  children: (control: FieldControlProps) => ReactNode;
}

export function Field({ id, label, required, hint, issues = [], confirmed, onConfirm, children }: FieldProps) {
  const { t } = useTranslation();
  const hintId = `${id}-hint`;
  const issuesId = `${id}-issues`;
  const describedBy = hint ? `${hintId} ${issuesId}` : issuesId;
  return (
    <div className="field">
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {/* Outside the label so the field's name stays exactly its label; assistive tech hears
            aria-required on the control instead of the star. */}
        {required && (
          <span className="required-mark" aria-hidden="true" title={t('requiredForTrace')}>
            *
          </span>
        )}
      </div>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {children({ id, describedBy, invalid: issues.some((i) => i.severity === 'error'), required: !!required })}
      <IssueMessages id={issuesId} issues={issues} confirmed={confirmed} onConfirm={onConfirm} />
    </div>
  );
}
