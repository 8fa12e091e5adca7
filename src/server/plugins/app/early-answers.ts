/**
 * An answer sent before the request's body has arrived (413 for a body over the limit, 401 from
 * the authentication hook, which runs before the body is read) must still reach the client.
 * Fastify marks a refused body `Connection: close`, and Node then closes the socket as soon as the
 * answer is written; a client still sending (most send the whole body before they read) meets a
 * reset and sees EPIPE instead of the answer, and a phone would retry a hopeless upload forever.
 *
 * So the rest of such a body is read and thrown away, and the connection stays usable: Node
 * discards what follows once the answer is out. Bounded, so that nobody can make the server read
 * without end: a body declared larger than DRAIN_MAX_BYTES is not read (the connection closes,
 * as before), and draining stops with the socket closed past DRAIN_MAX_BYTES or DRAIN_MAX_MS.
 */
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';

export const DRAIN_MAX_BYTES = 32 * 1024 * 1024;
export const DRAIN_MAX_MS = 60_000;

const hasBodyToCome = (raw: IncomingMessage): boolean => {
  if (raw.complete) return false;
  const declared = Number(raw.headers['content-length']);
  return raw.headers['transfer-encoding'] !== undefined || declared > 0;
};

/** After the answer is out: discard what still arrives, within the bounds. */
function drain(raw: IncomingMessage): void {
  if (raw.complete) return;
  let received = 0;
  // IncomingMessage.destroy() destroys its socket; an injected request (tests, bench) has no real one.
  const give = () => raw.destroy();
  const timer = setTimeout(give, DRAIN_MAX_MS);
  timer.unref();
  raw.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > DRAIN_MAX_BYTES) give();
  });
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}

export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      const { raw } = request;
      if (!hasBodyToCome(raw) || Number(raw.headers['content-length']) > DRAIN_MAX_BYTES) return payload;
      reply.removeHeader('connection');
      reply.raw.once('finish', () => drain(raw));
      return payload;
    });
  },
  { name: 'early-answers' },
);
