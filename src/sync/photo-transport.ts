/**
 * The photo calls other than the upload itself (docs/sync-protocol.md, "Photos"): the server's
 * announced limits, a record's photo list, a photo's original bytes. Signed in like every call
 * (the session's access token, renewed once on a 401: session-refresh.ts); the answers are read
 * with the wire schemas in photo-wire.ts, loaded with the first answer, not with the first screen.
 */
import type { PhotoConfig, SyncStore } from '../storage';
import { parseRetryAfter } from './backoff';
import type * as PhotoWire from './photo-wire';
import type { ServerPhoto } from './photo-wire';
import { createSessionRefresher } from './session-refresh';
import { TransportError } from './transport';

export interface PhotoTransport {
  config(): Promise<PhotoConfig>;
  list(recordId: string): Promise<ServerPhoto[]>;
  original(photoId: string): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** The access token to send now, if the sign-in holds one. */
  token(): Promise<string | undefined>;
  /** A fresh access token after `rejected` drew a 401, or undefined when only signing in again will do. */
  refresh(rejected: string): Promise<string | undefined>;
  /** The server's full address for a path it announced (the tus endpoint). */
  resolve(path: string): string;
}

const DEADLINE_MS = 30_000;

export function createPhotoTransport(store: Pick<SyncStore, 'session' | 'saveSession'>, baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): PhotoTransport {
  const refresh = createSessionRefresher({ store, baseUrl, fetch: fetchImpl });
  const token = async () => {
    const session = await store.session();
    return session && !session.expired ? session.token : undefined;
  };
  const api = (path: string) => `${baseUrl.replace(/\/$/, '')}/api/v1${path}`;

  const send = async (path: string, bearer: string): Promise<Response> => {
    try {
      return await fetchImpl(api(path), { headers: { authorization: `Bearer ${bearer}` }, cache: 'no-store', signal: AbortSignal.timeout(DEADLINE_MS) });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      throw new TransportError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
    }
  };

  /** A GET as the signed-in officer, with one renewal of an expired access token. */
  async function get(path: string): Promise<Response> {
    const first = await token();
    if (!first) throw new TransportError('auth');
    let response = await send(path, first);
    if (response.status === 401) {
      const fresh = await refresh(first);
      if (!fresh) throw new TransportError('auth', 401);
      response = await send(path, fresh);
    }
    if (response.ok) return response;
    const code = await response
      .json()
      .then((body: { error?: unknown }) => (typeof body?.error === 'string' ? body.error : undefined))
      .catch(() => undefined);
    if (response.status === 401) throw new TransportError('auth', 401, code);
    if (response.status >= 500 || response.status === 429) throw new TransportError('server', response.status, code, parseRetryAfter(response.headers.get('retry-after')));
    throw new TransportError('refused', response.status, code);
  }

  async function json<T>(path: string, read: (wire: typeof PhotoWire, body: unknown) => T | undefined): Promise<T> {
    const [response, wire] = await Promise.all([get(path), import('./photo-wire')]);
    const parsed = read(wire, await response.json().catch(() => undefined));
    // A 2xx we cannot read is not an answer from our server (a portal, a proxy).
    if (parsed === undefined) throw new TransportError('server', response.status);
    return parsed;
  }

  return {
    config: () => json('/photos/config', (wire, body) => wire.readConfig(body)),
    list: (recordId) => json(`/photos/records/${encodeURIComponent(recordId)}`, (wire, body) => wire.readList(body, recordId)),
    async original(photoId) {
      const response = await get(`/photos/${encodeURIComponent(photoId)}`);
      return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' };
    },
    token,
    refresh,
    resolve: (path) => new URL(path, baseUrl).toString(),
  };
}
