/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (every built asset) so the app starts from cold
 * with no network after the first visit, and answers every navigation with index.html so deep
 * links open offline too. API calls are never cached here: records live in IndexedDB.
 *
 * No Background Sync: the records are sealed with keys that exist only in an unlocked page's
 * memory, so a worker woken with the app closed could not read what it should send. Records wait
 * until the officer opens the app (docs/security.md, "Records sealed on the device").
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// The page asks for the update (prompt strategy); nothing activates behind the officer's back.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
