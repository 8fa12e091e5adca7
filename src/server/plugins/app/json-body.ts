/**
 * JSON bodies, and only JSON, through Fastify's own safe parser (it refuses __proto__ and constructor keys), with
 * one kindness: an empty body with a JSON content type reads as "no body" instead of a 400, so a
 * client may send `Content-Type: application/json` on a body-less POST such as logout. Routes
 * that need a body still refuse a missing one through their envelope schema.
 */
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    // Every body of the API is JSON (docs/sync-protocol.md): anything else is 415.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body.toString();
      if (text === '') return done(null, undefined);
      return parseJson(request, text, done);
    });
  },
  { name: 'json-body' },
);
