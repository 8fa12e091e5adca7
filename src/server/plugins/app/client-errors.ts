/**
 * What the server answers when Node's HTTP parser refuses a request before Fastify sees it
 * (headers too large, a request that took too long to arrive, bytes that are not HTTP): the same
 * `{ "error": "<code>" }` body as every other answer (errors.ts), never Fastify's English
 * sentence, so the app can say it in the officer's language. Written straight to the socket,
 * because there is no request or reply object at this point.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_CODES } from '../../errors';

function answerFor(code: string | undefined): { status: number; error: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, error: ERROR_CODES.headersTooLarge };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, error: ERROR_CODES.requestTimeout };
  return { status: 400, error: ERROR_CODES.requestInvalid };
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection is already gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, error: code } = answerFor(error.code);
  const body = JSON.stringify({ error: code });
  if (socket.writable) {
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Content-Type: application/json; charset=utf-8',
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}
