/**
 * 2. Saving and 3. scale on the device, in headless Chromium on the app's origin (a persistent
 * profile, so IndexedDB is on disk). The in-page code is bench/page/device.ts.
 */
/* global IDBDatabase, MutationObserver, document, performance, window */
import { buildAppOnce } from '../lib/build.mjs';
import { BENCH_PIN, call, heapAfterGc, launchDevice, openBenchPage } from '../lib/browser.mjs';
import { log, median, percentile, settings } from '../lib/common.mjs';
import { record } from '../lib/report.mjs';

/** 2. Tap-to-committed time of save(), p50 and p95, against a raw transaction with the same bytes. */
export async function runSave({ appServer }) {
  await buildAppOnce();
  const server = await appServer();
  const device = await launchDevice('save', { serviceWorkers: 'block' });
  try {
    const page = await openBenchPage(device.context, `${server.url}/bench/device.html`);
    const r = await call(page, 'save', { count: settings.saves, firearms: 5, warmup: 10 });
    const how = `${settings.saves} saves of a new ready seizure with 5 firearms (${r.bytes} B row) through createSeizureRepository().save, strict durability`;
    const note = `${how}; baseline: one raw strict transaction putting the same seizure, sync state and outbox rows sealed by the app's own sealing code (AES-256-GCM, keyed index hashes; bench/page/raw-sealed.ts), the cipher counted, in an order rotating with the clear-text floor. Of the p50, validation alone (SeizureSchema + checkSave) takes ${median(r.validation).toFixed(2)} ms.`;
    for (const p of [50, 95]) {
      record({
        name: `save: 5 firearms, p${p} vs raw sealed`,
        value: percentile(r.app, p),
        unit: 'ms',
        baseline: percentile(r.sealed, p),
        budget: '≤ 1.5x raw sealed',
        check: (_v, ratio) => ratio <= 1.5,
        ...(p === 50 && { note }),
      });
    }
    for (const p of [50, 95]) {
      record({
        name: `save: 5 firearms, p${p} vs raw clear`,
        value: percentile(r.app, p),
        unit: 'ms',
        baseline: percentile(r.raw, p),
        budget: 'report only',
        ...(p === 50 && { note: 'the same saves against one raw strict transaction putting the row and outbox entry in clear (bench/page/raw-idb.js): what the sealing costs on top.' }),
      });
    }
    const tap = await tapToCommitted(device.context, server.url, page, { count: settings.taps, slowCount: settings.tapsThrottled });
    const tapHow = `the click on "Save as ready to trace" in the real app's form (a seizure with 5 firearms opened for editing, the phone offline) to the commit of the save's transaction; baseline: the stack's floor in a second tab of the same browser, interleaved: react-hook-form + the zod resolver over SeizureFormSchema, one input per field of the same record (${tap.fields}), its submit sealing the same rows with the app's sealing code and writing them in one raw strict transaction (bench/page/tap-floor.ts)`;
    for (const p of [50, 95]) {
      record({
        name: `save: tap to committed, 5 firearms, p${p} vs floor`,
        value: percentile(tap.app, p),
        unit: 'ms',
        baseline: percentile(tap.floor, p),
        budget: '≤ 1.5x floor',
        check: (_v, ratio) => ratio <= 1.5,
        ...(p === 50 && { note: `${tap.app.length} taps: ${tapHow}.` }),
      });
    }
    record({
      name: 'save: tap to committed, CPU 4x slower, p95',
      value: percentile(tap.slowApp, 95),
      unit: 'ms',
      baseline: percentile(tap.slowFloor, 95),
      budget: '≤ 100 ms',
      check: (v) => v <= 100,
      note: `${tap.slowApp.length} taps as above with Chromium's CPU throttled 4x (CDP Emulation.setCPUThrottlingRate, both tabs), the anchors' slowest phone; baseline: the floor, throttled alike.`,
    });
    return r;
  } finally {
    await device.close();
  }
}

/**
 * Marks, in every page of the context, the tap (a click's event time) and the commit of each
 * read-write transaction over a database's seizures and outbox: the app's, and the floor's.
 */
function watchCommits() {
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const tx = transaction.call(this, stores, mode, options);
    const names = [...tx.objectStoreNames];
    if (mode === 'readwrite' && names.includes('outbox') && names.includes('seizures')) {
      tx.addEventListener('complete', () => window.__commits.push(performance.now()));
    }
    return tx;
  };
  window.__commits = [];
  document.addEventListener('click', (event) => (window.__tapAt = event.timeStamp), true);
}

/** Clicks `button` and answers the milliseconds from the click to the first commit after it. */
async function tapAndCommit(page, button) {
  await page.bringToFront();
  await page.evaluate(() => {
    window.__commits = [];
    window.__tapAt = undefined;
  });
  await button.click();
  const handle = await page.waitForFunction(() => window.__tapAt !== undefined && window.__commits.find((at) => at > window.__tapAt) - window.__tapAt, null, { timeout: 30_000 });
  return handle.jsonValue();
}

/** Slows the pages' CPU `rate` times; the answer undoes it (an emulation lasts while its CDP session is attached). */
async function throttle(context, pages, rate) {
  const sessions = [];
  for (const page of pages) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    sessions.push(cdp);
  }
  return async () => {
    for (const cdp of sessions) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.detach();
    }
  };
}

/**
 * The save as the officer makes it: from the tap on "Save as ready to trace" in the real form (a
 * seizure with 5 firearms, opened for editing, the phone offline) to the commit of the save's
 * transaction, against the stack's floor (bench/page/tap-floor.ts) in a second tab on the same
 * record, interleaved; `count` taps each at full speed, then `slowCount` with the CPU 4x slower.
 */
async function tapToCommitted(context, url, benchPage, { count, slowCount, warmup = 5 }) {
  const { id, record } = await call(benchPage, 'seedForTap', { firearms: 5 });
  const floorPage = await openBenchPage(context, `${url}/bench/tap-floor.html`);
  await floorPage.evaluate(watchCommits);
  // The floor says here why a tap did not commit (its form refused the record, or the write failed).
  floorPage.on('console', (m) => m.type() === 'error' && log('floor:', m.text()));
  const { fields } = await call(floorPage, 'mountFloor', { record });
  const floorSave = floorPage.getByRole('button', { name: 'Save (floor)', exact: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => log('page error:', error.message));
  await page.addInitScript(watchCommits);
  // No signal for the API while the screens load (as an installed app's would, from its cache).
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await page.goto(`${url}/seizures/${id}/edit`);
  await page.getByLabel('PIN', { exact: true }).fill(BENCH_PIN);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  const saveReady = page.getByRole('button', { name: 'Save as ready to trace', exact: true });
  const taps = { app: [], floor: [], slowApp: [], slowFloor: [] };
  const total = warmup + count + slowCount;
  let unthrottle = async () => undefined;
  for (let i = 0; i < total; i++) {
    const slow = i >= warmup + count;
    if (i === warmup + count) unthrottle = await throttle(context, [page, floorPage], 4);
    await saveReady.waitFor();
    // The form's checks settle after it opens (the duplicate lookup runs 300 ms after the last
    // change of a maker or serial), as they would before an officer's tap.
    await page.waitForTimeout(500);
    const floorFirst = i % 2 === 0;
    const floorMs = floorFirst ? await tapAndCommit(floorPage, floorSave) : undefined;
    const appMs = await tapAndCommit(page, saveReady);
    const floor = floorMs ?? (await tapAndCommit(floorPage, floorSave));
    if (i >= warmup) {
      taps[slow ? 'slowApp' : 'app'].push(appMs);
      taps[slow ? 'slowFloor' : 'floor'].push(floor);
    }
    // Every screen on the way has been loaded once: from here the phone is offline as a whole, so
    // the app does not even try to sync (each try would leave its outbox entry sent once, and the
    // next save would queue another instead of updating it).
    if (i === warmup - 1) await context.setOffline(true);
    await page.bringToFront();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
  }
  await unthrottle();
  await context.setOffline(false);
  await page.close();
  await floorPage.close();
  return { ...taps, fields };
}

/** The real app shown at `url`: time from navigation start, through the PIN, to the first row of the list, and its heap. */
async function appFirstScreen(context, url) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_records, observer) => {
      if (document.querySelector('.seizure-list li')) {
        window.__firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  // The records are sealed: the app opens on its lock screen, and the list follows the PIN
  // (the real PBKDF2 rounds, part of what an officer waits for).
  await page.getByLabel('PIN', { exact: true }).fill(BENCH_PIN);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.waitForFunction(() => window.__firstRowAt !== undefined, null, { timeout: 120_000 });
  const ms = await page.evaluate(() => window.__firstRowAt);
  await page.waitForTimeout(1500);
  const heap = await heapAfterGc(context, page);
  await page.close();
  return { ms, heap };
}

/** 3. and 7. (device side): fill through applyPulled to each size, then the list's queries and the real app's first screen. */
export async function runDeviceScale({ appServer }) {
  await buildAppOnce();
  const server = await appServer();
  const device = await launchDevice('scale', { serviceWorkers: 'block' });
  const sizes = [...settings.deviceSizes].sort((a, b) => a - b);
  const firearms = 2;
  try {
    // Warm the HTTP cache with the app's files, as an installed app has them in its cache.
    const warm = await device.context.newPage();
    await warm.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    await warm.close();

    const page = await openBenchPage(device.context, `${server.url}/bench/device.html`);
    let filled = 0;
    let appMs = 0;
    let rawMs = 0;
    let sealedMs = 0;
    const appShown = {};
    for (const size of sizes) {
      log(`device: filling ${filled} → ${size}`);
      const f = await call(page, 'fill', { from: filled, to: size, page: settings.devicePage, firearms });
      appMs += f.appMs;
      rawMs += f.rawMs;
      sealedMs += f.sealedMs;
      filled = size;
      const q = await call(page, 'queries', { size, count: settings.queries, repeat: 20, firearms });
      if (q.total !== size) throw new Error(`expected ${size} rows, found ${q.total}`);
      const label = size >= 1000 ? `${size / 1000}k` : String(size);
      record({
        name: `device @${label}: list first screen search('',100) p95`,
        value: percentile(q.firstScreen, 95),
        unit: 'ms',
        budget: '≤ 50 ms',
        check: (v) => v <= 50,
        note: `first query after opening the database: ${q.cold.toFixed(1)} ms (open ${q.openMs.toFixed(1)} ms); p50 ${median(q.firstScreen).toFixed(1)} ms over 20.`,
      });
      record({ name: `device @${label}: search by serial p95`, value: percentile(q.serial, 95), unit: 'ms', budget: '≤ 20 ms', check: (v) => v <= 20 });
      record({ name: `device @${label}: search by case number p95`, value: percentile(q.caseNumber, 95), unit: 'ms', budget: '≤ 20 ms', check: (v) => v <= 20 });
      record({ name: `device @${label}: count pending p95`, value: percentile(q.pending, 95), unit: 'ms', budget: '≤ 50 ms', check: (v) => v <= 50 });
      record({
        name: `device @${label}: start-up outbox repair median`,
        value: median(q.repair),
        unit: 'ms',
        budget: '≤ 50 ms',
        check: (v) => v <= 50,
        note: size === sizes[0] ? 'repairOutbox(db), which app/main.tsx awaits before the first render, on the filled database with an empty outbox; median of 5.' : undefined,
      });

      const shown = await appFirstScreen(device.context, `${server.url}/`);
      appShown[size] = shown.ms;
      const smallest = appShown[sizes[0]];
      record({
        name: `device @${label}: app start → list shown`,
        value: shown.ms,
        unit: 'ms',
        ...(size !== sizes[0] && { baseline: smallest }),
        budget: size === sizes[0] ? 'report only' : `≤ @${sizes[0] / 1000}k + 50 ms`,
        check: (v) => size === sizes[0] || v - smallest <= 50,
        note: size === sizes[0] ? 'the real app (warm HTTP cache, no service worker) from navigation to the first row of the list on screen.' : undefined,
      });
      record({
        name: `device @${label}: app page JS heap`,
        value: shown.heap.usedMB,
        unit: 'MB',
        budget: '≤ 150 MB',
        check: (v) => v <= 150,
        note: size === sizes[0] ? 'CDP Runtime.getHeapUsage after a forced GC, the list screen open (measureUserAgentSpecificMemory needs cross-origin isolation, which the app does not have).' : undefined,
      });
    }
    const appRate = (filled / appMs) * 1000;
    const how = `pages of ${settings.devicePage} seizures with ${firearms} firearms through createSyncStore().applyPulled`;
    const floors = [
      ['raw sealed', sealedMs, '≥ 0.7x raw sealed', (ratio) => ratio >= 0.7, "the same seizure and sync state rows sealed by the app's own sealing code (bench/page/raw-sealed.ts) and the cursor, one strict transaction per page, in an order rotating with the clear-text floor"],
      ['raw clear', rawMs, 'report only', undefined, 'the same rows in clear and the cursor per page'],
    ];
    for (const [floor, ms, budget, within, what] of floors) {
      record({
        name: `device: fill ${filled.toLocaleString('en-US')} via applyPulled vs ${floor}`,
        value: appRate,
        unit: 'records/s',
        baseline: (filled / ms) * 1000,
        budget,
        ...(within && { check: (_v, ratio) => within(ratio) }),
        note: `${how}, against raw IndexedDB putting ${what}.`,
      });
    }
  } finally {
    await device.close();
  }
}
