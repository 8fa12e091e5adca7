/**
 * Trace statuses in a sync run (docs/trace-status.md, docs/sync-protocol.md "Trace status"):
 * after the records (a status names a firearm the server must hold first), the pending status
 * changes go to trace-push a batch at a time, then trace-pull brings the statuses of our
 * agency's firearms and of those shared with it, under a cursor of its own. Each answer is
 * recorded in one transaction with the entries it settles, each page with the cursor it moves,
 * so a run cut anywhere resumes with what is left and a lost answer is a retry the server
 * recognises (`duplicate`). A conflict is kept for the officer to choose, never overwritten.
 */
import type { TraceIssue } from '../domain/trace-status';
import type { TracePullResponse, TracePushRequest, TracePushResult, TraceResponse } from './protocol';
import type { OutgoingTrace, PulledStatus, TraceOutcome, TraceStore } from '../storage';
import { loadProtocol, TransportError } from './transport';

export const TRACE_PULL_PAGE_SIZE = 500;

export interface TraceSync {
  store: Pick<TraceStore, 'nextBatch' | 'recordResults' | 'applyPulled' | 'cursor'>;
  push(body: TracePushRequest): Promise<TraceResponse>;
  pull(cursor: string | undefined, limit: number): Promise<TracePullResponse>;
  batchSize?: number;
}

export interface TraceRunReport {
  pushed: number;
  rejected: number;
  conflicts: number;
  pulled: number;
}

const refused = (code: string): TraceIssue[] => [{ path: '', code: 'sync.requestRefused', severity: 'error', params: { reason: code } }];

/** What the store records for one answer; a server status we cannot read is a failure to retry, not something to show. */
async function outcomeOf(sent: OutgoingTrace, result: TracePushResult | undefined, report: TraceRunReport): Promise<TraceOutcome> {
  if (!result || result.mutationId !== sent.entry.mutationId) throw new TransportError('server');
  switch (result.status) {
    case 'applied':
    case 'duplicate':
      report.pushed++;
      return { entry: sent.entry, status: 'acknowledged', revision: result.revision };
    case 'rejected':
      report.rejected++;
      return { entry: sent.entry, status: 'rejected', errors: result.errors as TraceIssue[] };
    case 'conflict': {
      const { asTraceStatus } = await loadProtocol();
      const status = asTraceStatus(result.current.status);
      if (!status || status.firearmId !== sent.entry.firearmId) throw new TransportError('server');
      report.conflicts++;
      return { entry: sent.entry, status: 'conflict', current: { revision: result.current.revision, status } };
    }
  }
}

/** Sends one batch; a batch the server refuses as a whole is sent one by one until the culprit is alone. */
async function pushBatch(traces: TraceSync, batch: OutgoingTrace[], deviceId: string, report: TraceRunReport): Promise<void> {
  let answer: TraceResponse;
  try {
    answer = await traces.push({
      deviceId,
      changes: batch.map(({ entry, baseRevision }) => ({ mutationId: entry.mutationId, recordId: entry.recordId, firearmId: entry.firearmId, baseRevision, status: entry.payload })),
    });
  } catch (error) {
    if (!(error instanceof TransportError && error.kind === 'refused')) throw error;
    if (batch.length > 1) {
      for (const single of batch) await pushBatch(traces, [single], deviceId, report);
      return;
    }
    report.rejected++;
    return traces.store.recordResults(batch.map(({ entry }) => ({ entry, status: 'rejected', errors: refused(error.code ?? String(error.status ?? '')) })));
  }
  if (answer.results.length !== batch.length) throw new TransportError('server');
  // The answers before one that cannot be read still count; the rest are sent again next run.
  const outcomes: TraceOutcome[] = [];
  let failure: unknown;
  for (const [i, sent] of batch.entries()) {
    try {
      outcomes.push(await outcomeOf(sent, answer.results[i], report));
    } catch (error) {
      failure = error;
      break;
    }
  }
  await traces.store.recordResults(outcomes);
  if (failure) throw failure;
}

async function pullTraces(traces: TraceSync, report: TraceRunReport): Promise<void> {
  const { asTraceStatus } = await loadProtocol();
  let cursor = await traces.store.cursor();
  for (;;) {
    const page = await traces.pull(cursor, TRACE_PULL_PAGE_SIZE);
    const statuses = page.statuses.flatMap((pulled): PulledStatus[] => {
      const status = asTraceStatus(pulled.status);
      // A status this version cannot read is a newer app's (as for records, engine.ts): stop, never skip it.
      if (!status) throw new TransportError('outdated');
      // Only a status of the firearm and record it is filed under is stored.
      if (status.firearmId !== pulled.firearmId || status.seizureId !== pulled.recordId) return [];
      return [{ recordId: pulled.recordId, revision: pulled.revision, status, ...(pulled.shared && { sharedBy: pulled.shared.fromAgency }) }];
    });
    report.pulled += await traces.store.applyPulled(statuses, page.cursor);
    cursor = page.cursor;
    if (!page.more) return;
  }
}

export async function syncTraces(traces: TraceSync, deviceId: string): Promise<TraceRunReport> {
  const report: TraceRunReport = { pushed: 0, rejected: 0, conflicts: 0, pulled: 0 };
  const { MAX_TRACE_CHANGES } = await loadProtocol();
  for (;;) {
    const batch = await traces.store.nextBatch(traces.batchSize ?? MAX_TRACE_CHANGES);
    if (batch.length === 0) break;
    await pushBatch(traces, batch, deviceId, report);
  }
  await pullTraces(traces, report);
  return report;
}
