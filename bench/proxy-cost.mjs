/**
 * What the round-robin proxy costs per request (docs/performance.md, "Two processes behind the
 * round-robin"): the proxy of test/chaos/round-robin.ts in a process of its own in front of two
 * plain HTTP servers, `BENCH_PROXY_CLIENTS` keep-alive clients posting 3 kB and reading 2 kB
 * answers for `BENCH_PROXY_SECONDS`, twice. Prints requests per second through it, the proxy's
 * CPU per request and the clients' and servers' (this process's) CPU per request.
 *
 *   node --import tsx bench/proxy-cost.mjs [path/to/another/round-robin.ts ...]
 *
 * Other proxy modules given as arguments (each exporting startRoundRobin, e.g. an earlier
 * version from `git show`) are measured interleaved with it, in the same run.
 */
/* global Buffer, URL, console, performance, process */
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const OURS = path.resolve(import.meta.dirname, '../test/chaos/round-robin.ts');

if (process.argv[2] === '--child') {
  // The proxy's own process: started on the given instances, reports its CPU when asked to stop.
  const { startRoundRobin } = await import(process.argv[3]);
  const ports = process.argv.slice(4).map(Number);
  const proxy = await startRoundRobin(() => ports);
  const before = process.cpuUsage();
  process.send({ port: proxy.port });
  process.once('message', async () => {
    const { user, system } = process.cpuUsage(before);
    process.send({ cpuMs: (user + system) / 1000 });
    await proxy.close();
    process.exit(0);
  });
} else {
  const seconds = Number(process.env.BENCH_PROXY_SECONDS ?? 8);
  const clients = Number(process.env.BENCH_PROXY_CLIENTS ?? 50);
  const answer = JSON.stringify({ changes: [], cursor: '1', more: false, pad: 'x'.repeat(2000) });
  const payload = JSON.stringify({ mutations: [{ pad: 'y'.repeat(3000) }] });
  const upstreams = await Promise.all(
    [0, 1].map(
      () =>
        new Promise((resolve) => {
          const server = http.createServer((req, res) => {
            req.resume();
            req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
          });
          server.keepAliveTimeout = 72_000; // Fastify's default, as the real instances have it
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = upstreams.map((server) => String(server.address().port));

  async function measure(module) {
    const child = fork(new URL(import.meta.url), ['--child', module, ...ports], { execArgv: ['--import', 'tsx'] });
    const { port } = await new Promise((resolve) => child.once('message', resolve));
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    const latencies = [];
    let errors = 0;
    const own = process.cpuUsage();
    const stopAt = Date.now() + seconds * 1000;
    const one = () =>
      new Promise((resolve) => {
        const started = performance.now();
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/sync/push', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(performance.now() - started);
            resolve();
          });
        });
        req.on('error', () => resolve(errors++));
        req.end(payload);
      });
    await Promise.all(Array.from({ length: clients }, async () => {
      while (Date.now() < stopAt) await one();
    }));
    const mine = process.cpuUsage(own);
    child.send('stop');
    const { cpuMs } = await new Promise((resolve) => child.once('message', resolve));
    agent.destroy();
    const n = latencies.length;
    return { proxy: path.relative(process.cwd(), module), requestsPerSecond: Math.round(n / seconds), proxyCpuUsPerRequest: Math.round((cpuMs * 1000) / n), clientsAndServersCpuUsPerRequest: Math.round((mine.user + mine.system) / n), errors };
  }

  const modules = [OURS, ...process.argv.slice(2).map((p) => path.resolve(p))];
  // Interleaved, the order reversed on the second round: a busy moment of a shared machine weighs on both.
  for (const round of [modules, [...modules].reverse()]) for (const module of round) console.log(JSON.stringify(await measure(module)));
  for (const server of upstreams) server.close();
  process.exit(0);
}
