/**
 * Checks the record as the officer types: the same validateSeizure the save decision and the
 * server run, plus the device-wide duplicate lookup, which needs the database and is therefore
 * debounced and asynchronous.
 *
 * What is shown follows the typing a little behind (a deferred value, so typing stays smooth on a
 * slow phone). A save must not decide on that: `checkSave` puts the values being saved to the
 * device's one save decision (domain/save-check.ts), with a fresh duplicate lookup, so "Save as
 * ready" right after the last pick is judged on that pick; the repository writes its answer.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import type { CheckContext, DeviceDuplicate } from '../../../domain/checks';
import type { Issue } from '../../../domain/issues';
import { dropBlanks } from '../../../domain/record';
import { checkSave, type SaveCheck } from '../../../domain/save-check';
import type { Seizure } from '../../../domain/schema';
import { validateSeizure } from '../../../domain/validate';
import { seizures } from '../../../storage';
import { hasPosition, useGeoLocator } from './use-geo-locator';
import { mexicanStateOf, useMunicipalities } from './use-municipalities';

const DUPLICATE_LOOKUP_DELAY_MS = 300;

export interface LiveIssues {
  /** The issues of the values on screen, for showing. */
  issues: Issue[];
  /** The save decision on exactly these values (as the form holds them), with the officer's confirmations in `confirmedWarnings`. */
  checkSave: (values: Seizure) => Promise<SaveCheck>;
}

const lookUpDuplicates = (record: Seizure): Promise<DeviceDuplicate[]> => seizures.deviceDuplicates(record).catch(() => []);
/** What the duplicate lookup depends on: the makers and serials (blank and absent alike). */
const lookupIdentity = (record: Partial<Seizure>): string => JSON.stringify(record.firearms?.map((f) => [f?.manufacturer || null, f?.serialNumber || null]));

export function useLiveIssues(control: Control<Seizure>): LiveIssues {
  const watched = useWatch({ control }) as Seizure;
  const values = useDeferredValue(watched);
  const municipalities = useMunicipalities(mexicanStateOf(values.recovery));
  const geo = useGeoLocator(values.recovery?.country === 'MX' && hasPosition(values.recovery.geo));
  const [duplicates, setDuplicates] = useState<DeviceDuplicate[]>([]);

  // The last lookup's answer, so a save right after it does not ask the database again.
  const lastLookup = useRef<{ identity: string; found: DeviceDuplicate[] }>(undefined);
  const identity = lookupIdentity(values);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const record = dropBlanks(values);
      if (!Array.isArray(record.firearms)) return;
      void lookUpDuplicates(record).then((found) => {
        lastLookup.current = { identity, found };
        if (live) setDuplicates(found);
      });
    }, DUPLICATE_LOOKUP_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // Only the makers and serials matter for this lookup.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identity]);

  const contextWith = useCallback(
    (deviceDuplicates: DeviceDuplicate[]): CheckContext => ({ now: new Date(), municipalities, geo, deviceDuplicates }),
    [municipalities, geo],
  );
  const issues = useMemo(() => validateSeizure(dropBlanks(values), contextWith(duplicates)).issues, [contextWith, values, duplicates]);
  const checkThisSave = useCallback(
    async (current: Seizure) => {
      const record = dropBlanks(current);
      const known = lastLookup.current;
      const deviceDuplicates = !Array.isArray(record.firearms) ? [] : known?.identity === lookupIdentity(record) ? known.found : await lookUpDuplicates(record);
      return checkSave(record, contextWith(deviceDuplicates), { confirming: true });
    },
    [contextWith],
  );
  return { issues, checkSave: checkThisSave };
}
