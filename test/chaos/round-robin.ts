/**
 * A small load balancer on loopback in front of several server instances: each request goes to
 * the next instance in turn, so a device's consecutive requests (its pushes, the pages of one
 * pull, its sign-in) land on different instances mid-sync. No sticky sessions, no health checks:
 * an instance that refuses the connection (killed, restarting) is skipped for the next one, as a
 * load balancer retrying a failed connect would; a request it has already taken and then drops
 * gets the client a 502, like any proxy.
 *
 * Connections to the instances are kept open and reused (keep-alive), as a production balancer
 * keeps them: a new connection per request cost each instance a TCP accept and a new HTTP parser
 * per request, and cost this proxy as much again, which under the bench's load made two
 * instances behind it hold fewer devices than one alone (docs/performance.md, part 4). A request
 * sent on a reused connection has reached the instance as far as the proxy can tell, so a failure
 * there is a 502, never a silent retry elsewhere.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  readonly url: string;
  readonly port: number;
  /** The instance the last push went to (the harness may kill that one). */
  readonly lastPush: number | undefined;
  /** Requests each instance answered. */
  readonly served: number[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(undefined));
  });
}

/** `ports()` is read on every request: an instance's port is known once it has started. */
export async function startRoundRobin(ports: () => readonly number[]): Promise<RoundRobin> {
  let next = 0;
  let lastPush: number | undefined;
  const served = ports().map(() => 0);
  // Idle connections are closed well before the instances would close them (Fastify keeps an idle
  // connection 72 s), so a request is never sent on one the instance is closing at that moment.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, timeout: 4_000 });

  const forward = (port: number, req: IncomingMessage, body: Buffer, res: ServerResponse) =>
    new Promise<'done' | 'refused'>((resolve) => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      const upstream = http.request(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(body.length) }, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const out = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
            const payload = Buffer.concat(chunks);
            if (!res.destroyed) res.writeHead(response.statusCode ?? 502, { ...out, 'content-length': String(payload.length) }).end(payload);
            resolve('done');
          });
          response.on('error', () => resolve(gatewayError(res)));
        },
      );
      let connected = false;
      upstream.on('socket', (socket) => {
        if (upstream.reusedSocket) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      upstream.setTimeout(15_000, () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', () => resolve(connected ? gatewayError(res) : 'refused'));
      upstream.end(body);
    });

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (body === undefined) return;
      const targets = ports();
      for (let attempt = 0; attempt < targets.length; attempt++) {
        const index = next++ % targets.length;
        if (req.method === 'POST' && req.url?.startsWith('/api/v1/sync/push')) lastPush = index;
        if ((await forward(targets[index]!, req, body, res)) === 'done') {
          served[index] = (served[index] ?? 0) + 1;
          return;
        }
      }
      gatewayError(res); // every instance refused
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get lastPush() {
      return lastPush;
    },
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function gatewayError(res: ServerResponse): 'done' {
  if (!res.headersSent && !res.destroyed) {
    const body = JSON.stringify({ error: 'proxy.badGateway' });
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) }).end(body);
  } else res.destroy();
  return 'done';
}
