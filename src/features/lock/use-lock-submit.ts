/**
 * The submit of a PIN form: busy while the lock works, and a failure the lock could not put into
 * its own state (the device's storage refused) shown until the next try. What the lock does
 * explain (a wrong PIN, a PIN too simple) arrives through its state or the action's answer.
 */
import { useState, type FormEvent } from 'react';

export function useLockSubmit(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const submit = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await action();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    failed,
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      void submit();
    },
  };
}
