/**
 * Form fields bound to react-hook-form by path, each with its label, hint and live issues.
 * Labels come from seizure:field.<name> so the same words appear in the form, the detail view
 * and the issue messages.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { Controller, useFormContext, type FieldPath } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Combobox } from '../../../components/Combobox';
import { Field } from '../../../components/Field';
import { formatDateText, parseDateText, type DateOrder } from '../../../domain/datetime';
import type { Seizure } from '../../../domain/schema';
import type { VocabOption } from '../../../domain/vocab/types';
import { dateOrderFor } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { useFormIssues } from './form-issues';

type Path = FieldPath<Seizure>;

interface CommonProps {
  name: Path;
  label: string;
  hint?: string | undefined;
  required?: boolean;
}

const idFor = (name: string) => `f-${name.replace(/\./g, '-')}`;

function useFieldIssues(name: string) {
  const issues = useFormIssues();
  return { issues: issues.at(name), confirmed: issues.confirmed, onConfirm: issues.confirm };
}

export function TextField({
  name,
  label,
  hint,
  required,
  multiline,
  ...input
}: CommonProps & { multiline?: boolean } & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { register } = useFormContext<Seizure>();
  const isNumber = input.type === 'number';
  return (
    <Field id={idFor(name)} label={label} hint={hint} required={required} {...useFieldIssues(name)}>
      {(control) =>
        multiline ? (
          <textarea id={control.id} aria-describedby={control.describedBy} rows={3} {...register(name)} />
        ) : (
          <input
            id={control.id}
            aria-describedby={control.describedBy}
            aria-invalid={control.invalid || undefined}
            aria-required={control.required || undefined}
            {...input}
            {...register(name, isNumber ? { valueAsNumber: true } : {})}
          />
        )
      }
    </Field>
  );
}

export function SelectField({
  name,
  label,
  hint,
  required,
  options,
}: CommonProps & { options: readonly { value: string; label: string }[] }) {
  const { register } = useFormContext<Seizure>();
  const { t } = useTranslation();
  return (
    <Field id={idFor(name)} label={label} hint={hint} required={required} {...useFieldIssues(name)}>
      {(control) => (
        <select
          id={control.id}
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
          aria-required={control.required || undefined}
          {...register(name)}
        >
          <option value="">{t('choose')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ComboField({
  name,
  label,
  hint,
  required,
  options,
  strict,
}: CommonProps & { options: readonly VocabOption[]; strict?: boolean }) {
  const { control: formControl } = useFormContext<Seizure>();
  const lang = useLanguage();
  return (
    <Field id={idFor(name)} label={label} hint={hint} required={required} {...useFieldIssues(name)}>
      {(control) => (
        <Controller
          control={formControl}
          name={name}
          render={({ field }) => (
            <Combobox
              id={control.id}
              registerInput={field.ref}
              value={typeof field.value === 'string' ? field.value : undefined}
              onChange={(value) => field.onChange(value ?? '')}
              onBlur={field.onBlur}
              options={options}
              lang={lang}
              strict={strict ?? false}
              describedBy={control.describedBy}
              invalid={control.invalid}
              required={control.required}
            />
          )}
        />
      )}
    </Field>
  );
}

/** A calendar date typed in the officer's order (dd/mm/aaaa or mm/dd/yyyy), stored as YYYY-MM-DD. */
export function DateField({ name, label, hint }: CommonProps) {
  const { control: formControl } = useFormContext<Seizure>();
  const { t } = useTranslation('seizure');
  const order = dateOrderFor(useLanguage());
  return (
    <Field id={idFor(name)} label={label} hint={hint ?? t(order === 'dmy' ? 'hint.dateDmy' : 'hint.dateMdy')} {...useFieldIssues(name)}>
      {(control) => (
        <Controller
          control={formControl}
          name={name}
          render={({ field }) => (
            <DateInput
              id={control.id}
              registerInput={field.ref}
              value={typeof field.value === 'string' ? field.value : ''}
              order={order}
              onChange={field.onChange}
              onBlur={field.onBlur}
              describedBy={control.describedBy}
            />
          )}
        />
      )}
    </Field>
  );
}

function DateInput({ id, value, order, onChange, onBlur, describedBy, registerInput }: {
  id: string;
  value: string;
  order: DateOrder;
  onChange: (isoDate: string) => void;
  onBlur: () => void;
  describedBy: string;
  registerInput: (element: HTMLInputElement | null) => void;
}) {
  const { t } = useTranslation('seizure');
  const fromValue = (iso: string) => {
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return parts ? formatDateText({ year: Number(parts[1]), month: Number(parts[2]), day: Number(parts[3]) }, order) : '';
  };
  const [text, setText] = useState(() => fromValue(value));
  const parsed = parseDateText(text, order);
  const unparsable = text.trim() !== '' && !parsed;
  return (
    <>
      <input
        id={id}
        ref={registerInput}
        type="text"
        autoComplete="off"
        aria-describedby={describedBy}
        aria-invalid={unparsable || undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const next = parseDateText(event.target.value, order);
          onChange(next ? `${next.year}-${String(next.month).padStart(2, '0')}-${String(next.day).padStart(2, '0')}` : '');
        }}
        onBlur={onBlur}
      />
      {unparsable && <p className="field-note field-note-error">{t(order === 'dmy' ? 'form.dateOnlyFormatDmy' : 'form.dateOnlyFormatMdy')}</p>}
    </>
  );
}

export function CheckboxField({ name, label }: { name: Path; label: string }) {
  const { register } = useFormContext<Seizure>();
  const id = idFor(name);
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" {...register(name)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
