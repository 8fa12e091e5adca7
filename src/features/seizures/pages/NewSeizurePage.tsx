import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { newId } from '../../../storage';

/**
 * A new seizure gets its id at once and its own address, so a reload or a crash reopens the
 * same form with its autosaved entries instead of starting a second, empty record.
 */
export function NewSeizurePage() {
  const [, navigate] = useLocation();
  useEffect(() => navigate(`/seizures/${newId()}/edit`, { replace: true }), [navigate]);
  return null;
}
