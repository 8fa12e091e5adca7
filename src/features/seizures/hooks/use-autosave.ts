/**
 * Writes the open form to the device as the officer types, and at once when the page is hidden
 * (app switch, screen off, tab closed), so a dead battery loses at most the last moment of
 * typing. `stop()` is called before the real save: a late autosave must never bring back a
 * draft that the save has just removed.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import type { Seizure } from '../../../domain/schema';
import { drafts } from '../../../storage';

const AUTOSAVE_DELAY_MS = 300;

export function useAutosave(control: Control<Seizure>, id: string, enabled: boolean, baseUpdatedAt: string | undefined) {
  const values = useWatch({ control });
  const latest = useRef<unknown>(undefined);
  const pending = useRef(false);
  const stopped = useRef(false);

  const flush = useCallback(() => {
    if (!pending.current || stopped.current) return;
    pending.current = false;
    void drafts.put(id, latest.current, baseUpdatedAt).catch(() => {
      pending.current = true; // keep it for the next attempt; the form still holds the values
    });
  }, [id, baseUpdatedAt]);

  useEffect(() => {
    if (!enabled || stopped.current) return;
    latest.current = values;
    pending.current = true;
    const timer = setTimeout(flush, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values, enabled, flush]);

  useEffect(() => {
    const onHide = () => document.visibilityState === 'hidden' && flush();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return {
    stop: () => {
      stopped.current = true;
      pending.current = false;
    },
    resume: () => {
      stopped.current = false;
    },
  };
}
