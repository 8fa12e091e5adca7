/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (every built asset) so the app starts from cold
 * with no network after the first visit, and answers every navigation with index.html so deep
 * links open offline too. API calls are never cached here: records live in IndexedDB.
 *
 * Where the browser has Background Sync, the page registers a sync after each save; the browser
 * then wakes this worker when it is online, even with the app closed, and the worker runs the
 * same engine as the page. It is only an extra trigger: the outbox never depends on it.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { db } from './storage';
import { BACKGROUND_SYNC_TAG, buildSyncEngine, SYNC_LOCK_NAME } from './sync/worker-engine';

declare const self: ServiceWorkerGlobalScope;

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// The page asks for the update (prompt strategy); nothing activates behind the officer's back.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== BACKGROUND_SYNC_TAG) return;
  sync.waitUntil(
    navigator.locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return; // a page is syncing right now
      const report = await buildSyncEngine(db, self.location.origin).run();
      // Throwing asks the browser to try this sync again later, with its own backoff.
      if (report.outcome === 'failed') throw new Error('sync failed; the browser will retry');
    }),
  );
});
