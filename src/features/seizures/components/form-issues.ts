import { createContext, useContext } from 'react';
import type { Issue } from '../../../domain/issues';

/** What every field of the seizure form needs to know about the live issues. */
export interface FormIssues {
  /** Issues to show at a path; "required" only once the field was touched or "ready" was tried. */
  at(path: string): Issue[];
  confirmed: readonly string[];
  confirm(key: string, confirmed: boolean): void;
}

export const FormIssuesContext = createContext<FormIssues>({ at: () => [], confirmed: [], confirm: () => {} });

export const useFormIssues = (): FormIssues => useContext(FormIssuesContext);
