import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { AGENCIES, agencyShortName, findAgency, agencyFullName } from '../../../domain/agencies';
import { PRIORITIES, type Seizure } from '../../../domain/schema';
import { useLanguage } from '../../../lib/use-language';
import { ScanButton } from '../evidence/ScanButton';
import { SelectField, TextField } from './form-fields';

export function AgencySection() {
  const { t } = useTranslation('seizure');
  const { t: tv } = useTranslation('vocab');
  const { t: te } = useTranslation('evidence');
  const { setValue } = useFormContext<Seizure>();
  const urgent = useWatch<Seizure, 'agency.priority'>({ name: 'agency.priority' }) === 'urgent';
  const lang = useLanguage();
  // The picker shows the short name, which fits a 360 px screen whole; the full name is spelled
  // out under the label once an agency is chosen.
  const chosen = findAgency(useWatch<Seizure, 'agency.code'>({ name: 'agency.code' }));
  return (
    <fieldset className="section">
      <legend>{t('section.agency')}</legend>
      <SelectField
        name="agency.code"
        label={t('field.agencyCode')}
        required
        hint={chosen && chosen.acronym ? agencyFullName(chosen, lang) : undefined}
        options={AGENCIES.map((a) => ({ value: a.code, label: agencyShortName(a, lang) }))}
      />
      <TextField name="agency.caseNumber" label={t('field.caseNumber')} hint={t('hint.caseNumber')} autoCapitalize="characters" />
      {/* From the case file's printed label: what it carries is the case number as printed. */}
      <ScanButton label={te('scan.scanCaseNumber')} onText={(text) => setValue('agency.caseNumber', text.trim(), { shouldDirty: true, shouldValidate: true })} />
      <TextField name="agency.ori" label={t('field.ori')} hint={t('hint.ori')} autoCapitalize="characters" autoComplete="off" />
      <SelectField name="agency.priority" label={t('field.priority')} options={PRIORITIES.map((p) => ({ value: p, label: tv(`priority.${p}`) }))} />
      {/* Asked only when it applies; a reason left from an earlier "urgent" stays on the record and the request. */}
      {urgent && <TextField name="agency.urgentReason" label={t('field.urgentReason')} required />}
      <TextField name="agency.officer.firstName" label={t('field.officerFirstName')} required autoComplete="given-name" />
      <TextField name="agency.officer.lastName" label={t('field.officerLastName')} required autoComplete="family-name" />
      <TextField name="agency.officer.secondLastName" label={t('field.officerSecondLastName')} autoComplete="off" />
      <TextField name="agency.officer.badge" label={t('field.badge')} autoComplete="off" />
      <TextField name="agency.officer.phone" label={t('field.officerPhone')} hint={t('hint.officerPhone')} type="tel" inputMode="tel" autoComplete="tel" />
      <TextField name="agency.officer.email" label={t('field.officerEmail')} type="email" inputMode="email" autoComplete="email" />
    </fieldset>
  );
}
