/**
 * Security headers on every answer (OWASP ASVS 5.0 V3.4, CJIS SC-8): a strict Content Security
 * Policy with no inline script and no eval (zod then runs without its JIT, which it detects;
 * 'wasm-unsafe-eval' lets WebAssembly compile, the barcode reader's, and nothing else run as code),
 * no framing, no MIME sniffing, no referrer leaving the site, and HSTS when served over TLS.
 * API answers are never cached: they carry records and tokens (ASVS 14.3.2).
 */
import fp from 'fastify-plugin';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every answer carries; also written by routes that answer on the raw response (the photo uploads). */
export function securityHeaders(protocol: string, url: string): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), geolocation=(self), microphone=()',
    ...(protocol === 'https' && { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }),
    ...(url.startsWith('/api/') && { 'Cache-Control': 'no-store' }),
  };
}

export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      reply.headers(securityHeaders(request.protocol, request.url));
      return payload;
    });
  },
  { name: 'security-headers' },
);
