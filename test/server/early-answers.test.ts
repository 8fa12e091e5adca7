/**
 * Answers that go out before the request has finished arriving: a body over the 5 MB limit
 * (413) and a large body without a valid token (401, decided before the body is read), and
 * headers too large for Node's parser (431). A client that sends its whole body before it reads
 * (as most do) must read the answer every time, not a reset connection (EPIPE), and every answer
 * carries a code, never Fastify's English sentence.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, type TestUser } from './helpers/app';
import { createTestDatabase, type TestDatabase } from './helpers/databases';

const SIX_MB = Buffer.alloc(6 * 1024 * 1024, 0x61);

/**
 * Sends the request whole, a piece at a time as a blocking `sendall` does (each piece only once
 * the one before is written), and only then reads the answer. A write that fails (EPIPE, reset)
 * is what the client sees: it never gets to read.
 */
async function sendAllThenRead(port: number, head: string, body: Buffer = Buffer.alloc(0)): Promise<{ status: number; body: string } | { error: string }> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let failure: string | undefined;
  socket.on('error', (error: NodeJS.ErrnoException) => (failure ??= error.code ?? error.message));
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const write = (piece: Buffer | string) =>
    new Promise<void>((resolve) => socket.write(piece, (error) => {
      if (error) failure ??= (error as NodeJS.ErrnoException).code ?? error.message;
      resolve();
    }));
  await write(head);
  for (let at = 0; at < body.length && failure === undefined; at += 64 * 1024) await write(body.subarray(at, at + 64 * 1024));
  if (failure === undefined) socket.end();
  await ended;
  if (failure !== undefined) return { error: failure };
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

const postHead = (token: string, length: number) =>
  `POST /api/v1/sync/push HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${length}\r\n\r\n`;

describe('answers sent before the request has arrived', () => {
  let db: TestDatabase;
  let server: TestServer;
  let officer: TestUser;
  let port: number;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    server = await startServer(db);
    officer = await server.user('early.officer', 'ATF');
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (server.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await server.app.close();
    await db.drop();
  });

  it('lets the client read a 413 for a 6 MB push, 50 times out of 50', async () => {
    const outcomes = [];
    for (let i = 0; i < 50; i++) outcomes.push(await sendAllThenRead(port, postHead(officer.token, SIX_MB.length), SIX_MB));
    expect(outcomes).toEqual(outcomes.map(() => ({ status: 413, body: '{"error":"request.tooLarge"}' })));
  });

  it('lets the client read a 413 for a 6 MB push sent in chunks, with no length given', async () => {
    const pieces: Buffer[] = [];
    for (let at = 0; at < SIX_MB.length; at += 64 * 1024) {
      const piece = SIX_MB.subarray(at, at + 64 * 1024);
      pieces.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    }
    pieces.push(Buffer.from('0\r\n\r\n'));
    const chunked = Buffer.concat(pieces);
    const head = `POST /api/v1/sync/push HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer ${officer.token}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push(await sendAllThenRead(port, head, chunked));
    expect(outcomes).toEqual(outcomes.map(() => ({ status: 413, body: '{"error":"request.tooLarge"}' })));
  });

  it('lets the client read a 401 for a 6 MB push without a valid token, 50 times out of 50', async () => {
    const outcomes = [];
    for (let i = 0; i < 50; i++) outcomes.push(await sendAllThenRead(port, postHead('A'.repeat(43), SIX_MB.length), SIX_MB));
    expect(outcomes).toEqual(outcomes.map(() => ({ status: 401, body: '{"error":"auth.required"}' })));
  });

  it('answers headers too large with 431 and a code', async () => {
    const outcome = await sendAllThenRead(port, `GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`);
    expect(outcome).toEqual({ status: 431, body: '{"error":"request.headersTooLarge"}' });
  });

  it('answers bytes that are not HTTP with 400 and a code', async () => {
    expect(await sendAllThenRead(port, 'HELLO\r\n\r\n')).toEqual({ status: 400, body: '{"error":"request.invalid"}' });
  });

  it('still serves the same client normally afterwards', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
  });
});
