/**
 * What the form opens on: the autosaved draft if there is one (nothing typed is lost), else the
 * saved record, else a new seizure filled in from the officer's profile and account.
 */
import { useEffect, useState } from 'react';
import { findAgency } from '../../../domain/agencies';
import { newSeizure } from '../../../domain/record';
import type { Language } from '../../../domain/schema';
import { drafts, newId, seizures, settings, toStorageError, type StorageErrorCode } from '../../../storage';
import { currentSession } from '../../../sync';
import { asFormValues, type SeizureFormValues } from '../forms/seizure-form';

export interface FormStart {
  initial: SeizureFormValues;
  isNew: boolean;
  restored: boolean;
  baseUpdatedAt: string | undefined;
}

export type FormStartState = { state: 'loading' } | { state: 'ready'; start: FormStart } | { state: 'failed'; code: StorageErrorCode };

export async function loadFormStart(id: string, language: Language): Promise<FormStart> {
  const [row, draft] = await Promise.all([seizures.get(id), drafts.get(id)]);
  const restoredValues = asFormValues(draft?.values);
  if (restoredValues) return { initial: restoredValues, isNew: !row, restored: true, baseUpdatedAt: row?.updatedAt };
  if (row) return { initial: row.record, isNew: false, restored: false, baseUpdatedAt: row.updatedAt };

  const [deviceId, profile, session] = await Promise.all([settings.deviceId(), settings.profile(), currentSession()]);
  // The signed-in account's agency is the one the server will record; the profile fills in
  // the rest, and the agency too when nobody is signed in yet.
  const agencyCode = session?.user.agency.code ?? profile?.agencyCode;
  const record = newSeizure({
    id,
    firearmId: newId(),
    deviceId,
    language,
    now: new Date(),
    agency: { code: agencyCode, officer: { ...profile?.officer } },
  });
  const country = findAgency(agencyCode)?.country;
  if (country) record.recovery.country = country;
  return { initial: record, isNew: true, restored: false, baseUpdatedAt: undefined };
}

export function useFormStart(id: string, language: Language, attempt: number): FormStartState {
  const key = `${id}#${attempt}`;
  const [result, setResult] = useState<{ key: string; state: FormStartState }>();
  useEffect(() => {
    let live = true;
    loadFormStart(id, language)
      .then((start) => live && setResult({ key, state: { state: 'ready', start } }))
      .catch((error: unknown) => live && setResult({ key, state: { state: 'failed', code: toStorageError(error).code } }));
    return () => {
      live = false;
    };
    // The language only seeds a new record; switching it must not reload the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  // A result for an earlier id or attempt is stale: show loading until this one arrives.
  return result?.key === key ? result.state : { state: 'loading' };
}
