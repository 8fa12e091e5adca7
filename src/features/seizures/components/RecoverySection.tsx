import { useEffect, useMemo } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field';
import { CIRCUMSTANCES, type Seizure } from '../../../domain/schema';
import { COUNTRY_OPTIONS } from '../../../domain/vocab/countries';
import { CRIME_CODES, findCrimeCode } from '../../../domain/vocab/crimes';
import { MX_STATE_OPTIONS } from '../../../domain/vocab/mexico';
import type { VocabOption } from '../../../domain/vocab/types';
import { US_STATE_OPTIONS } from '../../../domain/vocab/us-states';
import { useLanguage } from '../../../lib/use-language';
import { useMunicipalities } from '../hooks/use-municipalities';
import { DateTimeInput } from './DateTimeInput';
import { ComboField, SelectField, TextField } from './form-fields';
import { useFormIssues } from './form-issues';
import { GeoButton } from './GeoButton';

export function RecoverySection() {
  const { t } = useTranslation('seizure');
  const { t: tv } = useTranslation('vocab');
  const { control, setValue, getValues } = useFormContext<Seizure>();
  const issues = useFormIssues();
  const country = useWatch({ control, name: 'recovery.country' });
  const state = useWatch({ control, name: 'recovery.state' });
  const crimeCode = useWatch({ control, name: 'recovery.crimeCode' });
  const lang = useLanguage();
  // A crime typed as free text before the list existed stays an option, so opening the record
  // neither hides nor drops it; its warning asks for a listed one.
  const typedBefore = crimeCode && crimeCode.trim() !== '' && !findCrimeCode(crimeCode) ? crimeCode : undefined;
  const crimeOptions = [
    ...(typedBefore ? [{ value: typedBefore, label: t('form.crimeTypedBefore', { value: typedBefore }) }] : []),
    ...CRIME_CODES.map((c) => ({ value: c.code, label: c.label[lang] })),
  ];
  const catalogue = useMunicipalities(country === 'MX' ? state : undefined);

  const stateOptions = country === 'MX' ? MX_STATE_OPTIONS : country === 'US' ? US_STATE_OPTIONS : undefined;
  const municipalityOptions = useMemo<VocabOption[]>(
    () => (catalogue && state ? catalogue.of(state).map((m) => ({ code: m.code, label: { en: m.name, es: m.name }, aliases: [] })) : []),
    [catalogue, state],
  );

  // A state of another country, or a municipality of another state, can't be right: clear it
  // rather than keep a value the officer can no longer see in the list.
  useEffect(() => {
    const current = getValues('recovery.state');
    if (current && stateOptions && !stateOptions.some((o) => o.code === current)) setValue('recovery.state', '', { shouldDirty: true });
  }, [country, stateOptions, getValues, setValue]);
  useEffect(() => {
    const current = getValues('recovery.municipality');
    if (current && (!state || !current.startsWith(state))) setValue('recovery.municipality', '', { shouldDirty: true });
  }, [state, getValues, setValue]);

  return (
    <fieldset className="section">
      <legend>{t('section.recovery')}</legend>
      <Field id="f-recovery-occurredAt" label={t('field.occurredAt')} required hint={t('hint.occurredAt')} {...issuesProps(issues, 'recovery.occurredAt')}>
        {(field) => (
          <Controller
            control={control}
            name="recovery.occurredAt"
            render={({ field: f }) => (
              <DateTimeInput
                id={field.id}
                registerInput={f.ref}
                value={f.value}
                onChange={(iso, timeZone) => {
                  f.onChange(iso ?? '');
                  setValue('recovery.timeZone', timeZone);
                }}
                onBlur={f.onBlur}
                describedBy={field.describedBy}
                invalid={field.invalid}
              />
            )}
          />
        )}
      </Field>
      <ComboField name="recovery.country" label={t('field.country')} required options={COUNTRY_OPTIONS} strict />
      {stateOptions ? (
        <ComboField name="recovery.state" label={t('field.state')} required options={stateOptions} strict />
      ) : (
        <TextField name="recovery.state" label={t('field.state')} required />
      )}
      {country === 'MX' && (
        <ComboField
          name="recovery.municipality"
          label={t('field.municipality')}
          hint={state ? undefined : t('hint.municipalityNeedsState')}
          options={municipalityOptions}
          strict
        />
      )}
      <TextField name="recovery.locality" label={t('field.locality')} />
      <TextField name="recovery.street" label={t('field.street')} />
      <div className="field-row">
        <TextField name="recovery.extNumber" label={t('field.extNumber')} />
        <TextField name="recovery.intNumber" label={t('field.intNumber')} />
      </div>
      <TextField name="recovery.postalCode" label={t('field.postalCode')} inputMode="numeric" autoComplete="off" />
      <SelectField
        name="recovery.circumstance"
        label={t('field.circumstance')}
        options={CIRCUMSTANCES.map((c) => ({ value: c, label: tv(`circumstance.${c}`) }))}
      />
      <SelectField name="recovery.crimeCode" label={t('field.crimeCode')} hint={t('hint.crimeCode')} options={crimeOptions} />
      <GeoButton />
    </fieldset>
  );
}

function issuesProps(issues: ReturnType<typeof useFormIssues>, path: string) {
  return { issues: issues.at(path), confirmed: issues.confirmed, onConfirm: issues.confirm };
}
