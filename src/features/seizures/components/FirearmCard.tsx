import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../domain/issues';
import type { Firearm, Seizure } from '../../../domain/schema';
import { NONE_MARKED_REASONS, SERIAL_LOCATIONS, SERIAL_STATUSES } from '../../../domain/serial';
import { CALIBERS } from '../../../domain/vocab/calibers';
import { COUNTRY_OPTIONS } from '../../../domain/vocab/countries';
import { FIREARM_ACTIONS, FIREARM_TYPES } from '../../../domain/vocab/firearm';
import { IMPORTERS, MANUFACTURERS } from '../../../domain/vocab/makers';
import { CheckboxField, ComboField, SelectField, TextField } from './form-fields';
import { TraceChecklist } from './TraceChecklist';
import { ScanButton } from '../evidence/ScanButton';

export interface FirearmCardProps {
  index: number;
  issues: readonly Issue[];
  onRemove?: (() => void) | undefined;
}

export function FirearmCard({ index, issues, onRemove }: FirearmCardProps) {
  const { t } = useTranslation('seizure');
  const { t: tv } = useTranslation('vocab');
  const { t: te } = useTranslation('evidence');
  const { control, setValue } = useFormContext<Seizure>();
  const firearm = useWatch({ control, name: `firearms.${index}` });
  const at = <F extends keyof Firearm & string>(field: F) => `firearms.${index}.${field}` as const;
  const foreign = !!firearm.countryOfOrigin && firearm.countryOfOrigin !== 'US';
  const headingId = `firearm-${index}-heading`;

  return (
    <section className="firearm-card" aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId}>{t('form.firearmHeading', { item: firearm.itemNumber })}</h2>
        {onRemove && (
          <button type="button" className="link-button" onClick={onRemove}>
            {t('form.removeFirearm', { item: firearm.itemNumber })}
          </button>
        )}
      </header>
      <SelectField
        name={at('type')}
        label={t('field.type')}
        required
        options={FIREARM_TYPES.map((code) => ({ value: code, label: tv(`firearmType.${code}`) }))}
      />
      <ComboField name={at('manufacturer')} label={t('field.manufacturer')} hint={t('hint.manufacturer')} required options={MANUFACTURERS} />
      <TextField name={at('model')} label={t('field.model')} hint={t('hint.model')} required autoCapitalize="characters" autoCorrect="off" spellCheck={false} />
      <ComboField name={at('caliber')} label={t('field.caliber')} hint={t('hint.caliber')} required options={CALIBERS} />
      <SelectField
        name={at('serialStatus')}
        label={t('field.serialStatus')}
        required
        options={SERIAL_STATUSES.map((code) => ({ value: code, label: tv(`serialStatus.${code}`) }))}
      />
      {firearm.serialStatus === 'none_marked' && (
        <SelectField
          name={at('noneMarkedReason')}
          label={t('field.noneMarkedReason')}
          options={NONE_MARKED_REASONS.map((code) => ({ value: code, label: tv(`noneMarkedReason.${code}`) }))}
        />
      )}
      <TextField
        name={at('serialNumber')}
        label={t('field.serialNumber')}
        hint={t('hint.serialNumber')}
        required={firearm.serialStatus === 'legible' || firearm.serialStatus === 'partial'}
        className="serial-input"
        autoCapitalize="characters"
        autoCorrect="off"
        autoComplete="off"
        spellCheck={false}
      />
      <SelectField
        name={at('serialLocation')}
        label={t('field.serialLocation')}
        options={SERIAL_LOCATIONS.map((code) => ({ value: code, label: tv(`serialLocation.${code}`) }))}
      />
      <ComboField name={at('countryOfOrigin')} label={t('field.countryOfOrigin')} hint={t('hint.countryOfOrigin')} required options={COUNTRY_OPTIONS} strict />
      {(foreign || !!firearm.importer) && (
        <ComboField name={at('importer')} label={t('field.importer')} hint={t('hint.importer')} required={foreign} options={IMPORTERS} />
      )}
      <SelectField
        name={at('action')}
        label={t('field.action')}
        options={FIREARM_ACTIONS.map((code) => ({ value: code, label: tv(`action.${code}`) }))}
      />
      <CheckboxField name={at('privatelyMade')} label={t('field.privatelyMade')} />
      <CheckboxField name={at('convertedToAutomatic')} label={t('field.convertedToAutomatic')} />
      <TextField name={at('barrelLengthMm')} label={t('field.barrelLengthMm')} type="number" inputMode="decimal" min={1} step="any" />
      <TextField name={at('evidenceNumber')} label={t('field.evidenceNumber')} hint={t('hint.evidenceNumber')} autoCapitalize="characters" autoComplete="off" spellCheck={false} />
      <ScanButton label={te('scan.scanEvidenceNumber')} onText={(text) => setValue(at('evidenceNumber'), text.trim().slice(0, 120), { shouldDirty: true, shouldValidate: true })} />
      <TextField name={at('notes')} label={t('field.firearmNotes')} hint={t('hint.firearmNotes')} multiline />
      <TraceChecklist firearm={firearm} index={index} issues={issues} />
    </section>
  );
}
