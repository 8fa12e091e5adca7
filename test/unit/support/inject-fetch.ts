/**
 * A fetch that reaches a real in-process server through Fastify's app.inject, so the client's
 * real HTTP transport and the real server meet without a socket; and a fault layer in between
 * that can drop, delay past the deadline, duplicate or refuse any request.
 */
import type { FastifyInstance } from 'fastify';

export function injectFetch(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      ...(init?.body !== undefined && init.body !== null && { payload: String(init.body) }),
    });
    return new Response(response.body === '' ? null : response.body, { status: response.statusCode, headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') } });
  };
}

/**
 * ok: pass through. network: fail before reaching the server. lostAck: the server commits, the
 * answer is lost. timeout: the server commits, the answer arrives after the deadline. duplicate:
 * the request is delivered twice, the second answer returned. A number: that HTTP status, without
 * reaching the server.
 */
export type Fault = 'ok' | 'network' | 'lostAck' | 'timeout' | 'duplicate' | number;

export interface FaultyFetch {
  fetch: typeof fetch;
  /** Requests that reached the server, by path. */
  delivered: string[];
}

export function faultyFetch(inner: typeof fetch, nextFault: (url: URL) => Fault): FaultyFetch {
  const delivered: string[] = [];
  const deliver: typeof fetch = async (input, init) => {
    delivered.push(new URL(String(input)).pathname);
    return inner(input, init);
  };
  return {
    delivered,
    fetch: async (input, init) => {
      const fault = nextFault(new URL(String(input)));
      switch (fault) {
        case 'ok':
          return deliver(input, init);
        case 'network':
          throw new TypeError('Failed to fetch');
        case 'lostAck':
          await deliver(input, init);
          throw new TypeError('Failed to fetch');
        case 'timeout':
          await deliver(input, init);
          throw new DOMException('The operation timed out.', 'TimeoutError');
        case 'duplicate':
          await deliver(input, init);
          return deliver(input, init);
        default:
          return new Response(JSON.stringify({ error: 'injected' }), { status: fault, headers: { 'content-type': 'application/json' } });
      }
    },
  };
}
