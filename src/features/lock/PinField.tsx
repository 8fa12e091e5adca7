/** A PIN box: digits only, never offered for autofill, its hint and error read with it. */
import { useTranslation } from 'react-i18next';

interface PinFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoFocus?: boolean;
  autoComplete?: 'off' | 'new-password';
}

export function PinField({ id, label, value, onChange, error, autoFocus, autoComplete = 'off' }: PinFieldProps) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={12}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
      />
      <p id={`${id}-hint`} className="hint">
        {t('lock.pinHint')}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-note-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
