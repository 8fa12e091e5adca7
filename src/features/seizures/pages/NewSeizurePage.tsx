import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { newId } from '../../../storage';

/**
 * A new seizure gets its id at once and its own address, /new/<id>, so a reload or a crash
 * reopens the same form with its autosaved entries instead of starting a second, empty record;
 * the address says "new" until the record is first saved.
 */
export function NewSeizurePage() {
  const [, navigate] = useLocation();
  useEffect(() => navigate(`/new/${newId()}`, { replace: true }), [navigate]);
  return null;
}
