/**
 * One read from the server for a supervisor's screen, and what to tell the supervisor when it
 * fails: no connection, a sign-in that ended, a role the server refused, a coded refusal of the
 * query (shown in the supervisor's language), or a server that could not answer.
 */
import { useCallback, useEffect, useState } from 'react';
import { TransportError } from '../../sync';

export const QUERY_CODES = ['request.invalid', 'search.rangeReversed', 'search.serialHasNoKey', 'search.caseHasNoKey'] as const;
export type QueryCode = (typeof QUERY_CODES)[number];
export type Failure = 'offline' | 'unreachable' | 'signedOut' | 'refused' | 'failed' | QueryCode;

export function failureOf(error: unknown): Failure {
  if (!(error instanceof TransportError)) return 'failed';
  if (error.kind === 'network' || error.kind === 'timeout') return navigator.onLine ? 'unreachable' : 'offline';
  if (error.kind === 'auth') return 'signedOut';
  if (error.kind === 'refused' && error.status === 403) return 'refused';
  if (error.kind === 'refused' && (QUERY_CODES as readonly string[]).includes(error.code ?? '')) return error.code as QueryCode;
  return 'failed';
}

export const isQueryCode = (failure: Failure): failure is QueryCode => (QUERY_CODES as readonly string[]).includes(failure);

export type ReadState<T> = { kind: 'loading' } | { kind: 'failed'; failure: Failure } | { kind: 'done'; value: T };

/** Reads `load` at once and whenever `key` changes; `reload` asks again. */
export function useServerRead<T>(load: () => Promise<T>, key: string): { state: ReadState<T>; reload: () => void } {
  const [state, setState] = useState<{ at: string; state: ReadState<T> }>({ at: '', state: { kind: 'loading' } });
  const [tries, setTries] = useState(0);
  const at = `${key}|${tries}`;
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ at, state: { kind: 'done', value } }),
      (error: unknown) => live && setState({ at, state: { kind: 'failed', failure: failureOf(error) } }),
    );
    return () => {
      live = false;
    };
    // `load` is made anew on each render; `key` says what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [at]);
  const reload = useCallback(() => setTries((n) => n + 1), []);
  return { state: state.at === at ? state.state : { kind: 'loading' }, reload };
}
