import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { AGENCIES, agencyShortName, findAgency, type Seizure, agencyFullName } from '../../../domain';
import { useLanguage } from '../../../lib/use-language';
import { SelectField, TextField } from './form-fields';

export function AgencySection() {
  const { t } = useTranslation('seizure');
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
      <TextField name="agency.officer.firstName" label={t('field.officerFirstName')} required autoComplete="given-name" />
      <TextField name="agency.officer.lastName" label={t('field.officerLastName')} required autoComplete="family-name" />
      <TextField name="agency.officer.secondLastName" label={t('field.officerSecondLastName')} autoComplete="off" />
      <TextField name="agency.officer.badge" label={t('field.badge')} autoComplete="off" />
    </fieldset>
  );
}
