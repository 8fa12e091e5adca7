/**
 * Checks the record as the officer types: the same validateSeizure the repository and the server
 * run, plus the device-wide duplicate lookup, which needs the database and is therefore
 * debounced and asynchronous.
 */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { dropBlanks, validateSeizure, type DeviceDuplicate, type Issue, type Seizure } from '../../../domain';
import { seizures } from '../../../storage';
import { useMunicipalities } from './use-municipalities';

const DUPLICATE_LOOKUP_DELAY_MS = 300;

export function useLiveIssues(control: Control<Seizure>): Issue[] {
  const watched = useWatch({ control }) as Seizure;
  const values = useDeferredValue(watched);
  const municipalities = useMunicipalities(values.recovery?.country === 'MX');
  const [duplicates, setDuplicates] = useState<DeviceDuplicate[]>([]);

  const identity = JSON.stringify(values.firearms?.map((f) => [f?.manufacturer, f?.serialNumber]));
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const record = dropBlanks(values);
      if (!Array.isArray(record.firearms)) return;
      seizures
        .deviceDuplicates(record)
        .then((found) => live && setDuplicates(found))
        .catch(() => live && setDuplicates([]));
    }, DUPLICATE_LOOKUP_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // Only the makers and serials matter for this lookup.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identity]);

  return useMemo(() => {
    const result = validateSeizure(dropBlanks(values), { now: new Date(), municipalities, deviceDuplicates: duplicates });
    return result.issues;
  }, [values, municipalities, duplicates]);
}
