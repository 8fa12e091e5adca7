/**
 * 10. Photo uploads (issue 17, docs/sync-protocol.md#photos): BENCH_PHOTO_COUNT photos of
 * BENCH_PHOTO_MB MB each (20 × 4 MB), one after the other as the device's upload loop sends
 * them, through a loopback proxy that plays a phone's link: BENCH_PHOTO_MBPS megabytes a second
 * upstream (2), and the connection cut every BENCH_PHOTO_CUT_MB megabytes (3). The same run also
 * sends the same bytes over the same link without cuts, as tus uploads and as one plain POST of
 * all of them to a sink that only counts, which is the link's own floor. Reported: the time of
 * each and the bytes sent again after cuts (what crossed the link beyond the no-cut tus run).
 * Report only: no budget. Server: the real process (bench/lib/serve.mjs), SQLite, photos on disk.
 */
/* global URL, fetch, performance, process, setTimeout */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import * as tus from 'tus-js-client';
import { log } from '../lib/common.mjs';
import { makeSeizure } from '../lib/records.mjs';
import { record } from '../lib/report.mjs';
import { freshDatabase, seedAccounts, startServer } from '../lib/server.mjs';

const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const COUNT = num('BENCH_PHOTO_COUNT', 20);
const PHOTO_BYTES = Math.round(num('BENCH_PHOTO_MB', 4) * 1024 * 1024);
const BYTES_PER_SECOND = num('BENCH_PHOTO_MBPS', 2) * 1024 * 1024;
const CUT_EVERY = Math.round(num('BENCH_PHOTO_CUT_MB', 3) * 1024 * 1024);
const MB = 1024 * 1024;

/**
 * A link to `target` with the given upstream bandwidth (shared by every connection, as one
 * phone's radio is) that cuts whatever connection is open each time `cutEvery` more bytes went up.
 */
async function throttledLink(target, { cutEvery = Infinity } = {}) {
  let sent = 0;
  // Bytes read from the client, including what a cut threw away before it crossed the link.
  let offered = 0;
  let sinceCut = 0;
  let cuts = 0;
  let nextFree = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    upstream.pipe(client);
    client.on('data', (chunk) => {
      offered += chunk.length;
      client.pause();
      const now = performance.now();
      nextFree = Math.max(now, nextFree) + (chunk.length / BYTES_PER_SECOND) * 1000;
      setTimeout(() => {
        if (upstream.destroyed) return;
        upstream.write(chunk);
        sent += chunk.length;
        sinceCut += chunk.length;
        if (sinceCut >= cutEvery) {
          sinceCut = 0;
          cuts += 1;
          close();
          return;
        }
        client.resume();
      }, nextFree - now);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    stats: () => ({ sent, offered, cuts }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function uploadOne(base, token, photo) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(photo.bytes, {
      endpoint: `${base}/api/v1/photos/uploads`,
      metadata: { photoId: photo.photoId, recordId: photo.recordId, shot: 'serial', sha256: photo.sha256, contentType: 'image/jpeg' },
      headers: { authorization: `Bearer ${token}` },
      // As the device: retried at once after a cut, then with backoff; every retry asks the offset first.
      retryDelays: [0, 250, 500, 1000, 2000, 4000],
      onSuccess: resolve,
      onError: reject,
    });
    upload.start();
  });
}

async function tusRun(label, serverUrl, token, recordId, photos, cutEvery) {
  const link = await throttledLink(new URL(serverUrl), { cutEvery });
  const t0 = performance.now();
  for (const bytes of photos) {
    const photo = { bytes, photoId: randomUUID(), recordId, sha256: createHash('sha256').update(bytes).digest('hex') };
    await uploadOne(link.base, token, photo);
  }
  const seconds = (performance.now() - t0) / 1000;
  await link.close();
  log(`${label}: ${seconds.toFixed(1)} s, ${JSON.stringify(link.stats())}`);
  return { seconds, ...link.stats() };
}

/** One POST of every photo's bytes, back to back, to a server that only counts them. */
async function plainRun(photos) {
  let received = 0;
  const sink = http.createServer((req, res) => {
    req.on('data', (chunk) => (received += chunk.length));
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const link = await throttledLink({ hostname: '127.0.0.1', port: sink.address().port });
  const total = photos.reduce((n, bytes) => n + bytes.length, 0);
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const request = http.request(`${link.base}/`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(total) } }, (response) => {
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    (async () => {
      for (const bytes of photos) if (!request.write(bytes)) await new Promise((r) => request.once('drain', r));
      request.end();
    })();
  });
  const seconds = (performance.now() - t0) / 1000;
  await link.close();
  await new Promise((resolve) => sink.close(resolve));
  if (received !== total) throw new Error(`plain upload: the sink got ${received} of ${total} bytes`);
  log(`plain POST: ${seconds.toFixed(1)} s`);
  return { seconds };
}

export async function runPhotos() {
  const database = await freshDatabase('sqlite');
  const [device] = await seedAccounts(database, { users: 1 });
  const server = await startServer(database, { logLevel: 'warn' });
  const seizure = makeSeizure(1, { firearms: 1 });
  const push = await fetch(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: device.deviceId, mutations: [{ mutationId: randomUUID(), recordId: seizure.id, baseRevision: null, record: seizure }] }),
  });
  const pushed = await push.json();
  if (pushed.results?.[0]?.status !== 'applied') throw new Error(`the photos' record was not stored: ${JSON.stringify(pushed)}`);

  const photos = Array.from({ length: COUNT }, () => randomBytes(PHOTO_BYTES));
  const totalMb = (COUNT * PHOTO_BYTES) / MB;
  log(`${COUNT} photos of ${PHOTO_BYTES / MB} MB over ${BYTES_PER_SECOND / MB} MB/s, cut every ${CUT_EVERY / MB} MB`);
  const plain = await plainRun(photos);
  const whole = await tusRun('tus, no cuts', server.url, device.token, seizure.id, photos, Infinity);
  const cut = await tusRun('tus, with cuts', server.url, device.token, seizure.id, photos, CUT_EVERY);
  // Every photo of both tus runs is on the server, each stored only after its hash matched.
  const listed = await fetch(`${server.url}/api/v1/photos/records/${seizure.id}`, { headers: { authorization: `Bearer ${device.token}` } });
  const stored = (await listed.json()).photos?.length;
  await server.stop();
  if (stored !== 2 * COUNT) throw new Error(`the server lists ${stored} photos of the ${2 * COUNT} uploaded`);

  const link = `${COUNT} × ${PHOTO_BYTES / MB} MB at ${BYTES_PER_SECOND / MB} MB/s`;
  record({ name: `photos: one plain POST of ${totalMb} MB (${link})`, value: plain.seconds, unit: 's', note: 'the link\'s floor: a sink that only counts bytes' });
  record({ name: `photos: tus uploads, no cuts (${link})`, value: whole.seconds, unit: 's', baseline: plain.seconds, note: 'ratio against the plain POST' });
  record({
    name: `photos: tus uploads, cut every ${CUT_EVERY / MB} MB (${link})`,
    value: cut.seconds,
    unit: 's',
    baseline: plain.seconds,
    note: `${cut.cuts} cuts; every photo stored with its hash checked; ratio against the plain POST`,
  });
  record({
    name: `photos: bytes sent again after ${cut.cuts} cuts`,
    value: Math.max(0, cut.sent - whole.sent) / MB,
    unit: 'MB',
    note: `of ${totalMb} MB; what crossed the link beyond the no-cut tus run (${(whole.sent / MB).toFixed(1)} MB, headers included)`,
  });
  record({
    name: `photos: bytes the device sent again after ${cut.cuts} cuts`,
    value: Math.max(0, cut.offered - whole.offered) / MB,
    unit: 'MB',
    note: 'as above, counting also what the cut connections had taken from the device but not yet carried',
  });
}
