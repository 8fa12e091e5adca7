/**
 * When sync runs, in the page: at start, when the connection returns, when the app comes back
 * to the foreground, after every save, on a timer, and when the officer taps "sync now". Only one
 * tab uploads at a time: runs take turns on a Web Lock. A trigger during a run queues exactly one
 * more run. After a failure the next run waits for the backoff delay, but "sync now" and
 * "online" retry at once.
 */
import type { RunReport, SyncEngine } from './engine';

export type SyncTrigger = 'start' | 'online' | 'visible' | 'save' | 'timer' | 'manual';

export interface SyncScheduler {
  request(trigger: SyncTrigger): void;
  stop(): void;
}

export interface SchedulerOptions {
  engine: SyncEngine;
  /** Pull interval when nothing is waiting, so records from other devices still arrive. */
  idleIntervalMs?: number;
  busyIntervalMs?: number;
  pendingCount: () => Promise<number>;
  lockName?: string;
  /** While true, nothing runs (the device is locked); a request after it ends starts again. */
  paused?: () => boolean;
}

const URGENT: ReadonlySet<SyncTrigger> = new Set(['online', 'manual']);

export function startSyncScheduler(options: SchedulerOptions): SyncScheduler {
  const { engine } = options;
  const lockName = options.lockName ?? 'traceready-sync';
  let running = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  // Waits its turn behind another tab instead of skipping: by then their run has emptied the
  // outbox, so ours is a cheap pull, and this tab's status is current.
  const withLock = async (work: () => Promise<RunReport>): Promise<RunReport> =>
    'locks' in navigator ? navigator.locks.request(lockName, work) : work();

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => request('timer'), delayMs);
  };

  async function cycle() {
    running = true;
    try {
      do {
        again = false;
        const report = await withLock(() => engine.run());
        if (report.outcome === 'failed') schedule(report.retryInMs ?? 30_000);
        else if (report.outcome === 'synced') {
          const pending = await options.pendingCount().catch(() => 0);
          schedule(pending > 0 ? (options.busyIntervalMs ?? 30_000) : (options.idleIntervalMs ?? 5 * 60_000));
        } else clearTimeout(timer);
      } while (again && !stopped);
    } finally {
      running = false;
    }
  }

  function request(trigger: SyncTrigger) {
    if (stopped || options.paused?.()) return;
    if (URGENT.has(trigger)) engine.resetBackoff();
    // While backing off, only an urgent trigger or the backoff timer itself may try again.
    const status = engine.status();
    if (status.phase === 'waiting' && !URGENT.has(trigger) && trigger !== 'timer' && status.nextRetryAt && Date.parse(status.nextRetryAt) > Date.now()) return;
    if (running) {
      again = true;
      return;
    }
    void cycle();
  }

  const onOnline = () => request('online');
  const onVisible = () => document.visibilityState === 'visible' && request('visible');
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  request('start');

  return {
    request,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
