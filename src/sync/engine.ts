/**
 * The sync engine: one run pushes the outbox in bounded batches, then pulls what changed on the
 * server. It holds no queue in memory: the outbox lives in IndexedDB and is read at the start of
 * every run, so no trigger can fire before the queue is "loaded" (urql's offline exchange lost
 * data by flushing its queue before it had been read back from disk).
 *
 * Every answer is classified (docs/sync-protocol.md "Client rules"): applied and duplicate
 * acknowledge; rejected and conflict set the record aside for the officer and the run goes on;
 * a failure of the whole request keeps everything and ends the run with a retry delay. A 401
 * marks the session expired and keeps everything.
 */
import { measureSkew } from '../domain/clock-skew';
import type { Issue } from '../domain/issues';
import { StorageError, type OutboxEntry, type OutgoingMutation, type PushOutcome, type SyncStore } from '../storage';
import { retryDelay } from './backoff';
import { reportDevice, serverAnswered, type DeviceReporting } from './device-report';
import { reportExports, type ExportReports } from './export-reports';
import { syncTraces, type TraceSync } from './trace-sync';
import type * as ProtocolModule from './protocol';
import type { PushResult } from './protocol';
import { loadProtocol, TransportError, type FailureKind, type SyncTransport } from './transport';

type Protocol = typeof ProtocolModule;

// The server's maximums (protocol/envelopes.ts): fewer requests and transactions per record on
// both sides. A batch too large for the server's body limit (413) is split like any refused batch.
export const PUSH_BATCH_SIZE = 100;
export const PULL_PAGE_SIZE = 500;

export type SyncPhase = 'idle' | 'syncing' | 'waiting' | 'signedOut';

export interface SyncStatus {
  phase: SyncPhase;
  failures: number;
  lastSuccessAt?: string;
  lastFailure?: FailureKind;
  nextRetryAt?: string;
}

export interface RunReport {
  outcome: 'synced' | 'failed' | 'signedOut';
  pushed: number;
  rejected: number;
  conflicts: number;
  pulled: number;
  retryInMs?: number;
}

export interface SyncEngineOptions {
  store: SyncStore;
  transport: SyncTransport;
  deviceId: () => Promise<string>;
  now?: () => Date;
  random?: () => number;
  batchSize?: number;
  pullPageSize?: number;
  /** The device's exports to report for the audit chain, after the outbox (export-reports.ts). */
  exports?: ExportReports;
  /** Trace statuses, pushed and pulled after the records (trace-sync.ts). */
  traces?: TraceSync;
  /** What the device still holds unsent, told to the server after the pull (device-report.ts). */
  device?: DeviceReporting;
}

export interface SyncEngine {
  run(): Promise<RunReport>;
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** The officer acted (sync now, back online): retry at once and forget the backoff. */
  resetBackoff(): void;
}

const addCounts = (report: RunReport, more: Pick<RunReport, 'pushed' | 'rejected' | 'conflicts' | 'pulled'>) => {
  report.pushed += more.pushed;
  report.rejected += more.rejected;
  report.conflicts += more.conflicts;
  report.pulled += more.pulled;
};

const refusedBySender = (code: string): Issue[] => [{ path: '', code: 'sync.requestRefused', severity: 'error', params: { reason: code } }];

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { store, transport } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const listeners = new Set<(status: SyncStatus) => void>();
  let status: SyncStatus = { phase: 'idle', failures: 0 };

  const setStatus = (next: SyncStatus) => {
    status = next;
    listeners.forEach((listener) => listener(status));
  };

  /** What the store is to record for one answer; counts it in the report. */
  function outcomeOf(mutation: OutgoingMutation, result: PushResult, report: RunReport, { asSeizure, toIssues }: Protocol): PushOutcome {
    switch (result.status) {
      case 'applied':
      case 'duplicate':
        report.pushed++;
        return { entry: mutation.entry, status: 'acknowledged', revision: result.revision };
      case 'rejected':
        report.rejected++;
        return { entry: mutation.entry, status: 'rejected', errors: toIssues(result.errors) };
      case 'conflict': {
        const record = asSeizure(result.current.record);
        // A server version we cannot read is a newer app's (see pull): kept queued, the officer's
        // version waits for the update that can show both side by side.
        if (!record) throw new TransportError('outdated');
        report.conflicts++;
        return { entry: mutation.entry, status: 'conflict', current: { revision: result.current.revision, record } };
      }
    }
  }

  /**
   * On a full device marking fails; the space reserve is spent on it only once the server
   * answers, so that the space goes to draining the outbox and not to an attempt made offline.
   */
  async function markSending(entries: OutboxEntry[]): Promise<OutboxEntry[]> {
    try {
      return await store.markSending(entries);
    } catch (error) {
      if (!(error instanceof StorageError && error.code === 'quotaExceeded')) throw error;
      await transport.probe();
      return store.markSending(entries, { spendReserve: true });
    }
  }

  /** Sends one batch; a batch the server refuses as a whole is split until the culprit is alone. */
  async function pushBatch(candidates: OutgoingMutation[], deviceId: string, report: RunReport): Promise<void> {
    // The wire schemas read the answers; loaded before anything is marked as sending.
    const protocol = await loadProtocol();
    // Send the entries as marked, not as read: a save may have been folded into one meanwhile,
    // and a mutation id must never stand for two payloads.
    const sending = await markSending(candidates.map((m) => m.entry));
    const batch = candidates.flatMap((m) => {
      const entry = sending.find((e) => e.seq === m.entry.seq);
      return entry ? [{ ...m, entry }] : [];
    });
    if (batch.length === 0) return;
    let response;
    try {
      response = await transport.push({
        deviceId,
        mutations: batch.map(({ entry, baseRevision }) => ({ mutationId: entry.mutationId, recordId: entry.recordId, baseRevision, record: entry.payload })),
      });
    } catch (error) {
      if (error instanceof TransportError && error.kind === 'refused') {
        if (batch.length === 1 && batch[0]) {
          report.rejected++;
          return store.recordResults([{ entry: batch[0].entry, status: 'rejected', errors: refusedBySender(error.code ?? String(error.status ?? '')) }]);
        }
        for (const single of batch) await pushBatch([single], deviceId, report);
        return;
      }
      throw error;
    }
    if (response.results.length !== batch.length) throw new TransportError('server');
    // All answers are recorded in one transaction; answers before one that cannot be used still
    // count, and the rest wait as pending for the next run.
    const outcomes: PushOutcome[] = [];
    let failure: TransportError | undefined;
    for (const [index, mutation] of batch.entries()) {
      const result = response.results[index];
      try {
        if (!result || result.mutationId !== mutation.entry.mutationId) throw new TransportError('server');
        outcomes.push(outcomeOf(mutation, result, report, protocol));
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        failure = error;
        break;
      }
    }
    await store.recordResults(outcomes);
    if (failure) throw failure;
  }

  async function push(report: RunReport) {
    const deviceId = await options.deviceId();
    for (;;) {
      const batch = await store.nextBatch(options.batchSize ?? PUSH_BATCH_SIZE);
      if (batch.length === 0) return;
      await pushBatch(batch, deviceId, report);
    }
  }

  async function pull(report: RunReport) {
    const pageSize = options.pullPageSize ?? PULL_PAGE_SIZE;
    let next = transport.pull(await store.cursor(), pageSize);
    for (;;) {
      const page = await next;
      // The next page is asked for while this one is written: the server's and the network's
      // time overlap the device's. Only asked, never applied ahead: the cursor still moves with
      // the changes it covers, and a page that fails to apply ends the run with the next one unread.
      if (page.more) {
        next = transport.pull(page.cursor, pageSize);
        next.catch(() => undefined);
      }
      const { asSeizure } = await loadProtocol();
      const versions = page.changes.flatMap((change) => {
        if ('removed' in change) return [];
        const record = asSeizure(change.record);
        // The server checked every record it holds with its own schema: one this version cannot
        // read was written by a newer app (a field added since). Skipping it would move the
        // cursor past it for good; stopping here keeps it on the server until the app is updated.
        if (!record) throw new TransportError('outdated');
        if (record.id !== change.recordId) return [];
        return [{ revision: change.revision, record, ...(change.shared && { sharedBy: change.shared.fromAgency }) }];
      });
      // Tombstones: a share with our agency ended, so the device must drop its copy.
      const removed = page.changes.flatMap((change) => ('removed' in change ? [change.recordId] : []));
      // The cursor moves only together with the changes it covers (one transaction).
      const { applied } = await store.applyPulled(versions, page.cursor, removed);
      report.pulled += applied;
      if (!page.more) return;
    }
  }

  /**
   * The clocks around this run's last answer: kept for the header's warning and for the saves to
   * come. Failing to keep it never fails a sync that delivered the records.
   */
  async function recordClock() {
    const sample = transport.lastClock?.();
    const skew = sample && measureSkew(sample);
    if (skew) await store.recordClockSkew(skew).catch(() => undefined);
  }

  async function run(): Promise<RunReport> {
    const report: RunReport = { outcome: 'synced', pushed: 0, rejected: 0, conflicts: 0, pulled: 0 };
    const session = await store.session();
    if (!session || session.expired) {
      setStatus({ ...status, phase: 'signedOut' });
      return { ...report, outcome: 'signedOut' };
    }
    setStatus({ ...status, phase: 'syncing' });
    try {
      if (status.failures > 0) await transport.probe();
      await push(report);
      if (options.exports) await reportExports(options.exports, await options.deviceId());
      await pull(report);
      if (options.traces) addCounts(report, await syncTraces(options.traces, await options.deviceId()));
      if (options.device) await reportDevice(options.device, options.deviceId, now());
      await recordClock();
      const at = now().toISOString();
      await store.recordSuccess(at);
      // Bookkeeping on a full device may have used the space reserve; take it back if there is room.
      await store.ensureReserve();
      setStatus({ phase: 'idle', failures: 0, lastSuccessAt: at });
      return report;
    } catch (error) {
      const kind: FailureKind = error instanceof TransportError ? error.kind : 'server';
      if (kind === 'auth') {
        await store.expireSession();
        setStatus({ ...status, phase: 'signedOut', lastFailure: 'auth' });
        return { ...report, outcome: 'signedOut' };
      }
      if (options.device && serverAnswered(kind)) await reportDevice(options.device, options.deviceId, now());
      const failures = status.failures + 1;
      // Never sooner than the server asked (Retry-After on a 503 or 429).
      const retryInMs = retryDelay(failures, random, error instanceof TransportError ? error.retryAfterMs : undefined);
      setStatus({
        phase: 'waiting',
        failures,
        lastFailure: kind,
        nextRetryAt: new Date(now().getTime() + retryInMs).toISOString(),
        ...(status.lastSuccessAt && { lastSuccessAt: status.lastSuccessAt }),
      });
      return { ...report, outcome: 'failed', retryInMs };
    }
  }

  return {
    run,
    status: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resetBackoff: () => setStatus({ ...status, failures: 0 }),
  };
}
