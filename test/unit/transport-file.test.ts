/**
 * A file from the server through the sync room's transport (the link view's CSV of edges): sent
 * with the session's token, renewed once on a 401, with the server's suggested name; a refusal or
 * a failure is the same TransportError kinds as every other request.
 */
import { describe, expect, it } from 'vitest';
import { createHttpTransport, type TransportError } from '../../src/sync/transport';

const csv = (body: string) =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="traceready-links-abc.csv"' } });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('a file from the server', () => {
  it('comes with the session token, its bytes, media type and suggested name', async () => {
    const asked: { url: string; auth: string | null }[] = [];
    const transport = createHttpTransport({
      baseUrl: 'http://server.test/',
      token: async () => 'tok',
      fetch: async (input, init) => {
        asked.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
        return csv('\uFEFFfrom_record,to_record\r\na,b\r\n');
      },
    });
    const file = await transport.file('/links/seizures/x/edges.csv?depth=2');
    expect(asked).toEqual([{ url: 'http://server.test/api/v1/links/seizures/x/edges.csv?depth=2', auth: 'Bearer tok' }]);
    expect(file.type).toContain('text/csv');
    expect(file.filename).toBe('traceready-links-abc.csv');
    // The bytes as sent, byte-order mark included (Blob.text() would drop it).
    expect(Buffer.from(await file.blob.arrayBuffer()).toString('utf8')).toBe('\uFEFFfrom_record,to_record\r\na,b\r\n');
  });

  it('is asked again once with a renewed token after a 401', async () => {
    const tokens: (string | null)[] = [];
    const transport = createHttpTransport({
      baseUrl: 'http://server.test',
      token: async () => 'old',
      refresh: async () => 'new',
      fetch: async (_input, init) => {
        const auth = new Headers(init?.headers).get('authorization');
        tokens.push(auth);
        return auth === 'Bearer new' ? csv('a') : json(401, { error: 'auth.expired' });
      },
    });
    expect(await (await transport.file('/f')).blob.text()).toBe('a');
    expect(tokens).toEqual(['Bearer old', 'Bearer new']);
  });

  it('sorts refusals and failures as every request does', async () => {
    const answering = (response: () => Response | Promise<Response>) => createHttpTransport({ baseUrl: 'http://server.test', token: async () => 't', fetch: async () => response() });
    await expect(answering(() => json(403, { error: 'auth.forbidden' })).file('/f')).rejects.toMatchObject({ kind: 'refused', status: 403, code: 'auth.forbidden' } satisfies Partial<TransportError>);
    await expect(answering(() => json(404, { error: 'not.found' })).file('/f')).rejects.toMatchObject({ kind: 'refused', status: 404 });
    await expect(answering(() => new Response('oops', { status: 500 })).file('/f')).rejects.toMatchObject({ kind: 'server', status: 500 });
    await expect(
      answering(() => {
        throw new TypeError('Failed to fetch');
      }).file('/f'),
    ).rejects.toMatchObject({ kind: 'network' });
    await expect(createHttpTransport({ baseUrl: 'http://server.test', token: async () => undefined }).file('/f')).rejects.toMatchObject({ kind: 'auth' });
  });
});
