/**
 * Ammunition, magazines and possessors: recorded with the seizure but not part of a trace, so
 * they sit below the firearms, folded until needed.
 */
import { useFieldArray, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ID_DOCUMENT_TYPES } from '../../../domain/identity-document';
import { AMMUNITION_KINDS, POSSESSOR_ROLES, type Seizure } from '../../../domain/schema';
import { CALIBERS } from '../../../domain/vocab/calibers';
import { ComboField, DateField, SelectField, TextField } from './form-fields';

function RowHeader({ title, onRemove, removeLabel }: { title: string; onRemove: () => void; removeLabel: string }) {
  return (
    <header className="card-header">
      <h3>{title}</h3>
      <button type="button" className="link-button" onClick={onRemove}>
        {removeLabel}
      </button>
    </header>
  );
}

export function OtherItemsSection() {
  const { t } = useTranslation('seizure');
  const { t: tv } = useTranslation('vocab');
  const { control } = useFormContext<Seizure>();
  const ammunition = useFieldArray({ control, name: 'ammunition' });
  const magazines = useFieldArray({ control, name: 'magazines' });
  const possessors = useFieldArray({ control, name: 'possessors' });

  return (
    <fieldset className="section">
      <legend>{t('section.otherItems')}</legend>

      <details open={ammunition.fields.length > 0}>
        <summary>{t('items.ammunition', { n: ammunition.fields.length })}</summary>
        {ammunition.fields.map((row, i) => (
          <div key={row.id} className="item-card">
            <RowHeader title={t('items.ammunitionRow', { n: i + 1 })} onRemove={() => ammunition.remove(i)} removeLabel={t('items.remove', { n: i + 1 })} />
            <SelectField name={`ammunition.${i}.kind`} label={t('field.ammunitionKind')} options={AMMUNITION_KINDS.map((k) => ({ value: k, label: tv(`ammunitionKind.${k}`) }))} />
            <ComboField name={`ammunition.${i}.caliber`} label={t('field.caliber')} options={CALIBERS} />
            <TextField name={`ammunition.${i}.quantity`} label={t('field.quantity')} type="number" inputMode="numeric" min={1} step={1} />
            <TextField name={`ammunition.${i}.headstamp`} label={t('field.headstamp')} />
            <TextField name={`ammunition.${i}.linkedItem`} label={t('field.linkedItem')} type="number" inputMode="numeric" min={1} step={1} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => ammunition.append({})}>
          {t('items.addAmmunition')}
        </button>
      </details>

      <details open={magazines.fields.length > 0}>
        <summary>{t('items.magazines', { n: magazines.fields.length })}</summary>
        {magazines.fields.map((row, i) => (
          <div key={row.id} className="item-card">
            <RowHeader title={t('items.magazineRow', { n: i + 1 })} onRemove={() => magazines.remove(i)} removeLabel={t('items.remove', { n: i + 1 })} />
            <TextField name={`magazines.${i}.quantity`} label={t('field.quantity')} type="number" inputMode="numeric" min={1} step={1} />
            <TextField name={`magazines.${i}.capacity`} label={t('field.capacity')} type="number" inputMode="numeric" min={1} max={150} step={1} />
            <ComboField name={`magazines.${i}.caliber`} label={t('field.caliber')} options={CALIBERS} />
            <TextField name={`magazines.${i}.linkedItem`} label={t('field.linkedItem')} type="number" inputMode="numeric" min={1} step={1} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => magazines.append({})}>
          {t('items.addMagazine')}
        </button>
      </details>

      <details open={possessors.fields.length > 0}>
        <summary>{t('items.possessors', { n: possessors.fields.length })}</summary>
        {possessors.fields.map((row, i) => (
          <div key={row.id} className="item-card">
            <RowHeader title={t('items.possessorRow', { n: i + 1 })} onRemove={() => possessors.remove(i)} removeLabel={t('items.remove', { n: i + 1 })} />
            <SelectField name={`possessors.${i}.role`} label={t('field.possessorRole')} options={POSSESSOR_ROLES.map((r) => ({ value: r, label: tv(`possessorRole.${r}`) }))} />
            <TextField name={`possessors.${i}.firstName`} label={t('field.personFirstName')} autoComplete="off" />
            <TextField name={`possessors.${i}.lastName`} label={t('field.personLastName')} autoComplete="off" />
            <TextField name={`possessors.${i}.secondLastName`} label={t('field.personSecondLastName')} autoComplete="off" />
            <TextField name={`possessors.${i}.alias`} label={t('field.alias')} autoComplete="off" />
            <DateField name={`possessors.${i}.dateOfBirth`} label={t('field.dateOfBirth')} />
            <SelectField name={`possessors.${i}.idType`} label={t('field.idType')} options={ID_DOCUMENT_TYPES.map((d) => ({ value: d, label: tv(`idType.${d}`) }))} />
            <TextField name={`possessors.${i}.idNumber`} label={t('field.idNumber')} autoComplete="off" autoCapitalize="characters" spellCheck={false} />
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => possessors.append({})}>
          {t('items.addPossessor')}
        </button>
      </details>
    </fieldset>
  );
}
