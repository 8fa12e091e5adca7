/**
 * Debian's Chromium through playwright-core, with the flags the e2e tests use. Each device is a
 * persistent context on a fresh user-data directory: IndexedDB then lives on disk as on a phone
 * (an incognito context would keep it in memory and flatter every write).
 */
/* global document, window */
import { chromium } from 'playwright-core';
// The e2e tests' flags, so benchmarks and tests drive the same browser the same way (bench runs
// under tsx, which loads the TypeScript module).
import { CHROMIUM_ARGS } from '../../test/e2e/support/browser.ts';
import { log, onCleanup, settings, tempDir } from './common.mjs';

export { CHROMIUM_ARGS };

/** The bench officers' PIN (also bench/page/device.ts BENCH_PIN, which the page bundle cannot import from here). */
export const BENCH_PIN = '482916';

export async function launchDevice(name, options = {}) {
  const dir = tempDir(`chromium-${name}`);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: settings.chromium,
    args: CHROMIUM_ARGS,
    viewport: { width: 360, height: 740 },
    ...options,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => undefined);
  };
  onCleanup(close);
  return { context, close, dir };
}

/** Opens a benchmark page (<base>/bench/<file>) and waits until its bundle is ready. */
export async function openBenchPage(context, url) {
  const page = await context.newPage();
  page.on('pageerror', (error) => log('page error:', error.message));
  page.setDefaultTimeout(0);
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready', null, { timeout: 30_000 });
  return page;
}

/** Calls window.bench[fn](options) in the page and returns its answer. */
export const call = (page, fn, options = {}) => page.evaluate(([f, o]) => window.bench[f](o), [fn, options]);

/** The page's JavaScript heap after a full garbage collection, in MB (CDP, no isolation needed). */
export async function heapAfterGc(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {
    usedMB: usage.usedSize / 1048576,
    totalMB: usage.totalSize / 1048576,
    jsHeapUsedMB: metric('JSHeapUsedSize') / 1048576,
    domNodes: metric('Nodes'),
  };
}
