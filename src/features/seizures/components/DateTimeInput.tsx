/**
 * Date and time of the seizure as one text box in the officer's order (dd/mm/aaaa hh:mm in
 * Spanish, mm/dd/yyyy hh:mm in English), because a native picker shows the browser's locale,
 * not the one chosen in the app. The stored value is ISO 8601 with this device's UTC offset
 * for that moment, and the IANA zone name beside it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeText, localPartsOfIso, parseDateTimeText, toIsoWithOffset, type LocalDateTime } from '../../../domain/datetime';
import { dateOrderFor } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';

export interface DateTimeInputProps {
  id: string;
  value: string | undefined;
  onChange: (iso: string | undefined, timeZone: string) => void;
  onBlur: () => void;
  describedBy: string;
  invalid: boolean;
  registerInput: (element: HTMLInputElement | null) => void;
}

const deviceTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const offsetAt = (p: LocalDateTime) => -new Date(p.year, p.month - 1, p.day, p.hour, p.minute).getTimezoneOffset();
const nowParts = (): LocalDateTime => {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes() };
};

export function DateTimeInput({ id, value, onChange, onBlur, describedBy, invalid, registerInput }: DateTimeInputProps) {
  const { t } = useTranslation('seizure');
  const order = dateOrderFor(useLanguage());
  const textOf = (iso: string | undefined) => {
    const parts = iso ? localPartsOfIso(iso) : undefined;
    return parts ? formatDateTimeText(parts, order) : '';
  };
  const [text, setText] = useState(() => textOf(value));
  const [seen, setSeen] = useState({ value, order });

  // Follow changes made elsewhere (a restored draft, a language switch): React's "adjust state
  // while rendering" pattern, so the box never shows a stale value for a frame.
  if (seen.value !== value || seen.order !== order) {
    setSeen({ value, order });
    const parsed = parseDateTimeText(text, seen.order);
    const typed = parsed ? toIsoWithOffset(parsed, offsetAt(parsed)) : undefined;
    if (value !== typed || order !== seen.order) setText(textOf(value));
  }

  const update = (next: string) => {
    setText(next);
    const parsed = parseDateTimeText(next, order);
    onChange(parsed ? toIsoWithOffset(parsed, offsetAt(parsed)) : undefined, deviceTimeZone());
  };

  const unparsable = text.trim() !== '' && !parseDateTimeText(text, order);
  return (
    <>
      <div className="inline-control">
        <input
          id={id}
          ref={registerInput}
          type="text"
          inputMode="text"
          autoComplete="off"
          placeholder={t(order === 'dmy' ? 'hint.dateTimePlaceholderDmy' : 'hint.dateTimePlaceholderMdy')}
          aria-describedby={describedBy}
          aria-invalid={invalid || unparsable || undefined}
          aria-required
          value={text}
          onChange={(event) => update(event.target.value)}
          onBlur={onBlur}
        />
        <button type="button" className="secondary" onClick={() => update(formatDateTimeText(nowParts(), order))}>
          {t('form.now')}
        </button>
      </div>
      {unparsable && <p className="field-note field-note-error">{t(order === 'dmy' ? 'form.dateFormatDmy' : 'form.dateFormatMdy')}</p>}
    </>
  );
}
