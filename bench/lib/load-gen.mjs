/**
 * The load generator: one Node process playing many devices against one server. Each device
 * runs on its own schedule (a cycle every `intervalMs`, starting at a random phase): it pushes a
 * small batch of new seizures (and, every fifth cycle, an edit of one it pushed before, based on
 * the revision the server gave it), then pulls its agency's changes from its cursor until `more`
 * is false (at most 10 pages of 100). A cycle that runs late starts the next one at once.
 *
 * Usage: node load-gen.mjs <config.json>; prints one JSON line of results on stdout.
 * Config: { url, seconds, intervalMs, batch, devices: [{ token, deviceId, agencyCode }] }.
 */
/* global Buffer, URL, console, crypto, performance, process, setTimeout */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { makeSeizure } from './records.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const target = new URL(config.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

const latencies = { push: [], pull: [] };
const errors = { status: {}, network: 0, timeout: 0, rejected: 0, conflict: 0 };
let recordsPushed = 0;
let recordsPulled = 0;
let bytesIn = 0;
let lateCycles = 0;
let cycles = 0;

function request(method, path, token, body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        agent,
        timeout: 30_000,
        headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const text = Buffer.concat(chunks).toString('utf8');
          bytesIn += text.length;
          resolve({ status: res.statusCode, text, ms });
        });
        res.on('error', () => resolve({ status: 0, error: 'network', ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: 0, error: 'timeout', ms: 30_000 });
    });
    req.on('error', () => resolve({ status: 0, error: 'network', ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    if (body) req.write(body);
    req.end();
  });
}

const fail = (answer) => {
  if (answer.error) errors[answer.error]++;
  else errors.status[answer.status] = (errors.status[answer.status] ?? 0) + 1;
};

let serial = 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function device(d, index, stopAt) {
  let cursor;
  let cycle = 0;
  const mine = [];
  const phase = Math.random() * config.intervalMs;
  const start = performance.now() + phase;
  await sleep(phase);
  while (performance.now() < stopAt) {
    cycle++;
    cycles++;
    // Push: `batch` new seizures, plus an edit of an earlier one every fifth cycle.
    const mutations = [];
    for (let i = 0; i < config.batch; i++) {
      const record = makeSeizure(index * 1_000_000 + serial++, { firearms: 2, seed: 0x10ad, agency: d.agencyCode, updatedAt: new Date().toISOString() });
      record.deviceId = d.deviceId;
      mutations.push({ mutationId: crypto.randomUUID(), recordId: record.id, baseRevision: null, record });
    }
    if (cycle % 5 === 0 && mine.length > 0) {
      const earlier = mine[mine.length - 1];
      const record = { ...earlier.record, notes: `edit ${cycle}`, updatedAt: new Date().toISOString() };
      mutations.push({ mutationId: crypto.randomUUID(), recordId: record.id, baseRevision: earlier.revision, record });
    }
    const push = await request('POST', '/api/v1/sync/push', d.token, JSON.stringify({ deviceId: d.deviceId, mutations }));
    latencies.push.push(push.ms);
    if (push.status !== 200) fail(push);
    else {
      const { results } = JSON.parse(push.text);
      results.forEach((result, i) => {
        if (result.status === 'applied' || result.status === 'duplicate') {
          recordsPushed++;
          const m = mutations[i];
          const known = mine.find((x) => x.record.id === m.recordId);
          if (known) known.revision = result.revision;
          else mine.push({ record: m.record, revision: result.revision });
          if (mine.length > 20) mine.shift();
        } else errors[result.status] = (errors[result.status] ?? 0) + 1;
      });
    }
    // Pull until there is no more (bounded).
    for (let page = 0; page < 10; page++) {
      const query = `limit=100${cursor !== undefined ? `&cursor=${cursor}` : ''}`;
      const pull = await request('GET', `/api/v1/sync/pull?${query}`, d.token);
      latencies.pull.push(pull.ms);
      if (pull.status !== 200) {
        fail(pull);
        break;
      }
      // Only the tail is needed: the cursor and `more` (the records are not looked at).
      const tail = pull.text.slice(-80);
      cursor = /"cursor":"(\d+)"/.exec(tail)?.[1] ?? cursor;
      recordsPulled += (pull.text.match(/"recordId":/g) ?? []).length;
      if (!/"more":true/.test(tail)) break;
    }
    const next = start + cycle * config.intervalMs;
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    else lateCycles++;
  }
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const stopAt = started + config.seconds * 1000;
await Promise.all(config.devices.map((d, i) => device(d, i, stopAt)));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
};
const all = [...latencies.push, ...latencies.pull];
const errorCount = errors.network + errors.timeout + Object.values(errors.status).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    seconds: elapsed,
    requests: all.length,
    rps: all.length / elapsed,
    p50: pct(all, 50),
    p99: pct(all, 99),
    max: Math.max(...all),
    push: { count: latencies.push.length, p50: pct(latencies.push, 50), p99: pct(latencies.push, 99) },
    pull: { count: latencies.pull.length, p50: pct(latencies.pull, 50), p99: pct(latencies.pull, 99) },
    errors: errorCount,
    protocolErrors: errors.rejected + errors.conflict,
    errorDetail: errors,
    recordsPushed,
    recordsPulled,
    mbIn: bytesIn / 1e6,
    cycles,
    lateCycles,
    // This process's CPU over the level, so the bench can tell a busy generator from a slow server.
    cpuSeconds: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(cpuAtStart)),
  }),
);
