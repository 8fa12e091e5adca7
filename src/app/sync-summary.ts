/**
 * What the header says about sync, decided from what is known: the session, the engine's
 * status, the outbox and whether the browser has a network. `short` fits the header's one row;
 * `waiting` and `state` are the full lines shown on tap (and read by screen readers as they
 * change). Returned as i18n keys with their values, so the words stay in the locale files.
 */
import type { SyncStatus } from '../sync';

export type Phrase = { key: string; values?: Record<string, string | number> };

export interface SyncFacts {
  /** undefined: nobody signed in; null: not read yet. */
  session: { expired?: boolean } | undefined | null;
  status: SyncStatus;
  pending: { count: number; oldest?: string } | undefined;
  lastSync: string | undefined;
  online: boolean;
  /** "2 hours ago", "less than a minute ago". */
  ageOf: (iso: string) => string;
  timeOf: (iso: string) => string;
  dateTimeOf: (iso: string) => string;
}

export interface SyncSummary {
  short: Phrase[];
  waiting: Phrase | undefined;
  state: Phrase | undefined;
  offline: boolean;
}

export function summarizeSync({ session, status, pending, lastSync, online, ageOf, timeOf, dateTimeOf }: SyncFacts): SyncSummary {
  const failedToReach = status.phase === 'waiting' && (status.lastFailure === 'network' || status.lastFailure === 'timeout');
  const offline = !online || failedToReach;
  const count = pending?.count ?? 0;

  // Until the count is read, say nothing rather than "nothing waiting": that could be false.
  let waiting: Phrase | undefined;
  if (pending) {
    if (count === 0) waiting = { key: 'sync.nothingWaiting' };
    else if (pending.oldest) waiting = { key: 'sync.waiting', values: { count, age: ageOf(pending.oldest) } };
    else waiting = { key: 'sync.waitingNoAge', values: { count } };
  }

  let state: Phrase | undefined;
  if (session === undefined) state = { key: 'sync.notSignedIn' };
  else if (session?.expired) state = { key: 'sync.signInAgain' };
  else if (status.phase === 'syncing') state = { key: 'sync.sending' };
  else if (status.phase === 'waiting' && status.lastFailure === 'outdated') state = { key: 'sync.appOutdated' };
  else if (status.phase === 'waiting') {
    const when = status.nextRetryAt ? timeOf(status.nextRetryAt) : '';
    state = { key: failedToReach ? 'sync.offline' : 'sync.serverProblem', values: { when } };
  } else if (!online) state = { key: 'sync.offlineNow' };
  else if (lastSync) state = { key: 'sync.lastSync', values: { when: dateTimeOf(lastSync) } };

  const short: Phrase[] = [];
  if (offline) short.push({ key: 'sync.short.offline' });
  else if (session === undefined) short.push({ key: 'sync.short.notSignedIn' });
  else if (session?.expired) short.push({ key: 'sync.short.signInAgain' });
  else if (status.phase === 'syncing') short.push({ key: 'sync.short.sending' });
  else if (status.phase === 'waiting') short.push({ key: status.lastFailure === 'outdated' ? 'sync.short.appOutdated' : 'sync.short.serverProblem' });
  if (count > 0) short.push({ key: 'sync.short.waiting', values: { count } });
  if (short.length === 0 && pending) short.push({ key: 'sync.short.upToDate' });
  return { short, waiting, state, offline };
}
