/**
 * Whether a form with unsaved changes is open. The update prompt reads it so a new app version
 * never reloads the page under an officer who is typing.
 */
import { useSyncExternalStore } from 'react';

let dirty = false;
const listeners = new Set<() => void>();

export function setUnsavedWork(value: boolean): void {
  if (dirty === value) return;
  dirty = value;
  listeners.forEach((listener) => listener());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useUnsavedWork = (): boolean => useSyncExternalStore(subscribe, () => dirty, () => false);
