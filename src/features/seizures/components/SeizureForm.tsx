/**
 * New and edit seizure form. The officer can always save a draft; "ready" (trace-ready) needs
 * every hard rule to pass and every warning confirmed. Whatever is typed is autosaved to the
 * device until the record itself is saved, which replaces the autosave in the same transaction.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { FormProvider, useFieldArray, useForm } from 'react-hook-form';
import type { z } from 'zod/mini';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../domain/issues';
import { newFirearm, nextItemNumber } from '../../../domain/record';
import type { Seizure } from '../../../domain/schema';
import { refreshStorageHealth } from '../../../lib/storage-health';
import { setUnsavedWork } from '../../../lib/unsaved-work';
import { newId, NotReadyError, seizures, toStorageError, type StorageErrorCode } from '../../../storage';
import { requestSync } from '../../../sync';
import { useAutosave } from '../hooks/use-autosave';
import { useLiveIssues } from '../hooks/use-live-issues';
import { SeizureFormSchema, type SeizureFormValues } from '../forms/seizure-form';
import { AgencySection } from './AgencySection';
import { FirearmCard } from './FirearmCard';
import { FormIssuesContext, type FormIssues } from './form-issues';
import { OtherItemsSection } from './OtherItemsSection';
import { ProblemSummary } from './ProblemSummary';
import { RecoverySection } from './RecoverySection';
import { TextField } from './form-fields';

export interface SeizureFormProps {
  initial: SeizureFormValues;
  isNew: boolean;
  /** The form opened on values restored from an autosave rather than on the saved record. */
  restored: boolean;
  baseUpdatedAt: string | undefined;
  onSaved: (id: string, status: Seizure['status']) => void;
  onDiscard: () => void;
}

// "Nothing here yet" would light up every empty field of a new form; these wait until the
// officer has been in the field or asks for "ready". Everything else shows as it is typed,
// among it the missing importer: it only exists once a foreign country of manufacture is
// chosen, and that is the moment the officer should read the importer's stamp.
const MISSING_CODES = new Set(['required', 'serial.required']);

type Blocker = { kind: 'errors' | 'warnings'; issues: Issue[] } | undefined;

export function SeizureForm({ initial, isNew, restored, baseUpdatedAt, onSaved, onDiscard }: SeizureFormProps) {
  const { t } = useTranslation('seizure');
  const { t: ts } = useTranslation('storage');
  const form = useForm<SeizureFormValues>({
    defaultValues: initial,
    resolver: zodResolver(SeizureFormSchema as unknown as z.ZodMiniType<SeizureFormValues, SeizureFormValues>),
    shouldFocusError: true,
  });
  const { control, formState, getValues, setValue, setFocus, trigger, getFieldState } = form;
  const firearms = useFieldArray({ control, name: 'firearms', keyName: 'key' });
  const { issues, checkSave } = useLiveIssues(control);
  const autosave = useAutosave(control, initial.id, formState.isDirty, baseUpdatedAt);
  const [confirmed, setConfirmed] = useState<string[]>(initial.confirmedWarnings);
  const [blocker, setBlocker] = useState<Blocker>();
  const [readyTried, setReadyTried] = useState(false);
  const [saveError, setSaveError] = useState<StorageErrorCode | 'notReady'>();
  const actions = useRef<SaveActionsHandle>(null);
  // Set when a save starts, so a second tap cannot start another before the buttons are drawn disabled.
  const savingNow = useRef(false);

  const unsaved = formState.isDirty || restored;
  useEffect(() => {
    setUnsavedWork(unsaved);
    return () => setUnsavedWork(false);
  }, [unsaved]);

  const formIssues = useMemo<FormIssues>(
    () => ({
      at: (path) => issues.filter((i) => i.path === path && (!MISSING_CODES.has(i.code) || readyTried || getFieldState(path as 'notes').isTouched)),
      confirmed,
      confirm: (key, on) => {
        const next = on ? [...new Set([...confirmed, key])] : confirmed.filter((k) => k !== key);
        setConfirmed(next);
        setValue('confirmedWarnings', next, { shouldDirty: true });
      },
    }),
    // formState is read so touched fields re-render their issues.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [issues, confirmed, readyTried, getFieldState, setValue, formState.touchedFields],
  );

  const goTo = (path: string) => {
    try {
      setFocus(path as 'notes');
    } catch {
      document.getElementById(`f-${path.replace(/\./g, '-')}`)?.focus();
    }
  };

  const save = async (status: Seizure['status']) => {
    if (savingNow.current) return;
    // Decided once, on exactly the values being saved (the issues on screen may trail the last
    // keystroke or pick); the repository writes what this allowed without judging it again.
    const check = await checkSave({ ...getValues(), status, confirmedWarnings: confirmed });
    if (!check.ok) {
      // A value the record can never hold: the form's own schema marks the fields and focuses
      // the first one, and nothing else changes.
      if (check.blocked === 'shape') return void trigger(undefined, { shouldFocus: true });
      setSaveError(undefined);
      // Shown only when something blocks "ready": drawing every field again for it would delay
      // the save that follows by a render of the whole form.
      return blockReady({ kind: check.blocked, issues: check.issues });
    }
    setSaveError(undefined);
    savingNow.current = true;
    setBlocker(undefined);
    actions.current?.setSaving(true);
    autosave.stop();
    try {
      const row = await seizures.save(check.save);
      setUnsavedWork(false);
      void refreshStorageHealth();
      requestSync('save');
      onSaved(row.id, status);
    } catch (error) {
      void refreshStorageHealth();
      autosave.resume();
      setSaveError(error instanceof NotReadyError ? 'notReady' : toStorageError(error).code);
      savingNow.current = false;
      actions.current?.setSaving(false);
    }
  };

  const blockReady = (found: NonNullable<Blocker>) => {
    setReadyTried(true);
    setBlocker(found);
  };

  const addFirearm = () => {
    firearms.append(newFirearm(newId(), nextItemNumber(getValues('firearms'))));
  };

  return (
    <FormProvider {...form}>
      <FormIssuesContext.Provider value={formIssues}>
        <form className="seizure-form" noValidate onSubmit={(event) => event.preventDefault()}>
          <h1>{t(isNew ? 'form.titleNew' : 'form.titleEdit')}</h1>
          {restored && (
            <div className="banner banner-info" role="status">
              <p>{t('form.restoredDraft')}</p>
              <button type="button" className="secondary" onClick={onDiscard}>
                {t('form.discardDraft')}
              </button>
            </div>
          )}
          {blocker && (
            <ProblemSummary
              kind={blocker.kind}
              issues={blocker.issues}
              onGoTo={goTo}
              itemNumberAt={(index) => getValues(`firearms.${index}.itemNumber`) ?? index + 1}
            />
          )}
          <AgencySection />
          <RecoverySection />
          <fieldset className="section">
            <legend>{t('section.firearms')}</legend>
            {firearms.fields.map((field, index) => (
              <FirearmCard
                key={field.key}
                index={index}
                issues={issues}
                onRemove={firearms.fields.length > 1 ? () => firearms.remove(index) : undefined}
              />
            ))}
            <button type="button" className="secondary wide" onClick={addFirearm}>
              {t('form.addFirearm')}
            </button>
          </fieldset>
          <OtherItemsSection />
          <fieldset className="section">
            <legend>{t('section.notes')}</legend>
            <TextField name="notes" label={t('field.notes')} multiline />
          </fieldset>
          {saveError && (
            <div className="banner banner-error" role="alert">
              <p>{saveError === 'notReady' ? t('form.notReady') : ts(`errors.${saveError}`)}</p>
              <p>{t('form.entriesKept')}</p>
            </div>
          )}
          <SaveActions ref={actions} onSave={(status) => void save(status)} />
        </form>
      </FormIssuesContext.Provider>
    </FormProvider>
  );
}

interface SaveActionsHandle {
  setSaving: (saving: boolean) => void;
}

/**
 * The save buttons, with their own "saving" state: a save disables them without drawing the
 * whole form again. That render (about 15 ms on the bench machine, several times that on a cheap
 * phone) fell between the tap and the commit of the save.
 */
function SaveActions({ ref, onSave }: { ref: Ref<SaveActionsHandle>; onSave: (status: Seizure['status']) => void }) {
  const { t } = useTranslation('seizure');
  const [saving, setSaving] = useState(false);
  useImperativeHandle(ref, () => ({ setSaving }), []);
  return (
    <div className="action-bar">
      <button type="button" className="secondary" disabled={saving} onClick={() => onSave('draft')}>
        {t('form.saveDraft')}
      </button>
      <button type="button" className="primary" disabled={saving} onClick={() => onSave('ready')}>
        {t('form.saveReady')}
      </button>
    </div>
  );
}
