/**
 * A real HTTP proxy on loopback between the simulated devices and the server, that misbehaves the
 * way phone networks, carrier proxies and load balancers do. Each device talks to its own
 * listener, so each device's faults come from its own seeded stream.
 *
 * Faults (per request, when enabled):
 * - drop: the connection is cut before anything reaches the server;
 * - slow: forwarded at once (the server commits), answered only after the client's deadline;
 * - lose: forwarded, the server commits, the answer is lost (connection cut);
 * - duplicate: delivered twice, one after the other or both at once; the second answer returned;
 * - hold: held back while later requests pass, then delivered (reordering); when held beyond
 *   the client's deadline it arrives after the device has moved on;
 * - 500, 502, 503, 401, 413, 429: answered by the proxy without reaching the server.
 * A server that is down (killed, restarting) gets the client a 502 or a cut connection.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Rng } from './random';

export const STATUS_FAULTS = [500, 502, 503, 401, 413, 429] as const;
export type StatusFault = (typeof STATUS_FAULTS)[number];
export type Fault = 'pass' | 'drop' | 'slow' | 'lose' | 'duplicate' | 'hold' | StatusFault;
export const FAULT_KINDS: readonly Exclude<Fault, 'pass'>[] = ['drop', 'slow', 'lose', 'duplicate', 'hold', ...STATUS_FAULTS];

const FAULT_WEIGHTS: readonly (readonly [Exclude<Fault, 'pass'>, number])[] = [
  ['drop', 3],
  ['slow', 1.5],
  ['lose', 3],
  ['duplicate', 3],
  ['hold', 2],
  [500, 1],
  [502, 1],
  [503, 1],
  [401, 0.7],
  [413, 0.5],
  [429, 1],
];

const ERROR_CODE: Record<StatusFault, string> = {
  500: 'server.internal',
  502: 'proxy.badGateway',
  503: 'service.unavailable',
  401: 'auth.required',
  413: 'request.tooLarge',
  429: 'proxy.tooManyRequests',
};

export interface ProxyStats {
  requests: number;
  /** Requests that reached the server (a duplicate counts twice). */
  delivered: number;
  /** Requests that found the server down (killed or restarting). */
  serverDown: number;
  /** 503s the server itself answered (its database down, slow or locked), not injected ones. */
  serverUnavailable: number;
  faults: Record<string, number>;
}

export const emptyStats = (): ProxyStats => ({ requests: 0, delivered: 0, serverDown: 0, serverUnavailable: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [String(k), 0])) });

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FaultNetworkOptions {
  upstreamPort: number;
  /** The client's request deadline: slow and held requests are kept beyond it. */
  clientTimeoutMs: number;
  /** Probability that a request meets a fault while faults are on. */
  faultRate: number;
  /** Called when a push has been handed to the server (the harness may kill it right then). */
  onPushForwarded?: () => void;
}

export interface FaultNetwork {
  readonly stats: ProxyStats;
  faultsOn: boolean;
  /** Opens a listener for one device, its faults drawn from `rng`; returns its port. */
  listen(rng: Rng): Promise<number>;
  /** Resolves once no request is held or in flight in the proxy. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
    req.on('aborted', () => resolve(undefined));
    req.on('close', () => resolve(undefined));
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);

export function createFaultNetwork(options: FaultNetworkOptions): FaultNetwork {
  const stats = emptyStats();
  const servers: http.Server[] = [];
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  const settled = () => {
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    ready.forEach((resolve) => resolve());
  };

  /** One delivery to the server; rejects when the server is down or dies before answering. */
  function forward(req: IncomingMessage, body: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      const upstream = http.request(
        { host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers: { ...headers, 'content-length': String(body.length) }, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const out: Record<string, string> = {};
            for (const name of ['content-type', 'retry-after']) {
              const value = response.headers[name];
              if (typeof value === 'string') out[name] = value;
            }
            if (response.statusCode === 503) stats.serverUnavailable++;
            resolve({ status: response.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
          });
          response.on('error', reject);
          response.on('aborted', () => reject(new Error('upstream aborted')));
        },
      );
      upstream.setTimeout(15_000, () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', reject);
      upstream.end(body, () => {
        stats.delivered++;
        if (req.method === 'POST' && req.url?.startsWith('/api/v1/sync/push')) options.onPushForwarded?.();
      });
    });
  }

  const send = (res: ServerResponse, answer: Answer) => {
    if (res.destroyed || res.writableEnded || res.socket?.destroyed) return;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };
  const cut = (res: ServerResponse) => res.socket?.destroy();
  const json = (status: number, error: string): Answer => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(status === 503 || status === 429 ? { 'retry-after': '1' } : {}) },
    body: Buffer.from(JSON.stringify({ error })),
  });

  async function handle(rng: Rng, req: IncomingMessage, res: ServerResponse) {
    inFlight++;
    try {
      const body = await readBody(req);
      if (body === undefined) return;
      stats.requests++;
      const fault: Fault = network.faultsOn && rng.chance(options.faultRate) ? rng.weighted(FAULT_WEIGHTS) : 'pass';
      if (fault !== 'pass') stats.faults[String(fault)] = (stats.faults[String(fault)] ?? 0) + 1;
      // What the client sees when the server is down: a gateway error or a cut connection.
      const whenDown = rng.chance(0.5);
      const deliver = async (): Promise<Answer | undefined> => {
        try {
          return await forward(req, body);
        } catch {
          stats.serverDown++;
          return undefined;
        }
      };
      const reply = (answer: Answer | undefined) => {
        if (answer) send(res, answer);
        else if (whenDown) send(res, json(502, 'proxy.badGateway'));
        else cut(res);
      };

      switch (fault) {
        case 'pass':
          return reply(await deliver());
        case 'drop':
          return cut(res);
        case 'slow': {
          const answer = await deliver();
          await sleep(options.clientTimeoutMs + rng.int(50, 300));
          return reply(answer);
        }
        case 'lose':
          await deliver();
          return cut(res);
        case 'duplicate': {
          if (rng.chance(0.5)) {
            await deliver();
            return reply(await deliver());
          }
          const [, second] = await Promise.all([deliver(), deliver()]);
          return reply(second);
        }
        case 'hold':
          await sleep(rng.int(20, Math.round(options.clientTimeoutMs * 1.5)));
          return reply(await deliver());
        default:
          return send(res, json(fault, ERROR_CODE[fault]));
      }
    } finally {
      inFlight--;
      settled();
    }
  }

  const network: FaultNetwork = {
    stats,
    faultsOn: true,
    listen: (rng) =>
      new Promise((resolve, reject) => {
        const server = http.createServer((req, res) => void handle(rng, req, res));
        servers.push(server);
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      }),
    drain: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
  return network;
}
