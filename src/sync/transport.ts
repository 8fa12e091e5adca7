/**
 * HTTP to the sync server, with every failure sorted into the few kinds the engine treats
 * differently (docs/sync-protocol.md, "Client rules"). Each request has a deadline: a request
 * that hangs is a failure to retry, never a wait forever.
 */
import type { z } from 'zod/mini';
import { parseRetryAfter } from './backoff';
import type * as ProtocolModule from './protocol';
import type { TracePullResponse, TracePushRequest, TraceResponse } from './protocol';
import { DEVICE_TIME_HEADER, type ClockSample } from '../domain/clock-skew';
import type { DeviceReport } from '../domain/device-report';
import type { DeviceExportsRequest, DeviceExportsResponse, DeviceReportResponse, LoginResponse, PullResponse, PushRequest, PushResponse, RecordHistory, Share, Shares } from './protocol';

/**
 * The wire schemas (and zod with them) load with the first answer to read, not with the first
 * screen: nothing is parsed before an officer signs in or sync runs. Precached like every chunk.
 */
type Protocol = typeof ProtocolModule;
type SchemaOf<T> = (protocol: Protocol) => z.ZodMiniType<T>;
/** The wire schemas; a chunk that cannot be loaded is a failure to retry, like no answer. */
export const loadProtocol = (): Promise<Protocol> =>
  import('./protocol').catch(() => {
    throw new TransportError('network');
  });

/** network: no answer; timeout: too slow; server: 5xx/429 or nonsense; auth: 401; refused: another 4xx. */
/** `outdated`: the server sent what this app version cannot read (a newer version's field): update the app. */
export type FailureKind = 'network' | 'timeout' | 'server' | 'auth' | 'refused' | 'outdated';

export class TransportError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status?: number,
    readonly code?: string,
    /** The server's Retry-After, in ms, when it sent one (503, 429). */
    readonly retryAfterMs?: number,
  ) {
    super(`sync transport: ${kind}${status ? ` ${status}` : ''}${code ? ` ${code}` : ''}`);
    this.name = 'TransportError';
  }
}

export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(cursor: string | undefined, limit: number): Promise<PullResponse>;
  /** A cheap request that proves the server is reachable right now (navigator.onLine cannot). */
  probe(): Promise<void>;
  /** The device's and the server's clocks around the last sync answer read, if it had a `Date` (domain/clock-skew.ts). */
  lastClock?(): ClockSample | undefined;
}

export interface HttpTransportOptions {
  baseUrl: string;
  token: () => Promise<string | undefined>;
  /**
   * Called when the server refused `rejected` with 401 (the access token expired): returns a
   * fresh access token, or undefined when the sign-in itself is over. The request is then
   * retried once with the new token (session-refresh.ts).
   */
  refresh?: (rejected: string) => Promise<string | undefined>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  probeTimeoutMs?: number;
}

async function request<T>(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  pick: SchemaOf<T>,
  /** Told the clocks around an answer that was read (our server's, not a portal's). */
  observeClock?: (sample: ClockSample) => void,
): Promise<T> {
  // Loaded while the request is under way: the answer is not kept waiting for it.
  const protocol = loadProtocol();
  // Read even if the request fails first, so a failed chunk load is never an unhandled rejection.
  protocol.catch(() => undefined);
  let response: Response;
  const sentAt = Date.now();
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    throw new TransportError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
  }
  const receivedAt = Date.now();
  const body: unknown = await response.json().catch(() => undefined);
  refuseFailure(response, body);
  const schema = pick(await protocol);
  const parsed = schema.safeParse(body);
  // A 2xx we cannot read (a captive portal's page, a proxy) is not an answer from our server.
  if (!parsed.success) throw new TransportError('server', response.status);
  const serverDate = response.headers.get('date');
  if (observeClock && serverDate) observeClock({ sentAt, receivedAt, serverDate });
  return parsed.data;
}

/** A refusal or failure as its kind, with the server's error code when its body had one. */
function refuseFailure(response: Response, body: unknown): void {
  const error = (body as { error?: unknown } | undefined)?.error;
  const code = typeof error === 'string' ? error : undefined;
  if (response.status === 401) throw new TransportError('auth', 401, code);
  if (response.status >= 500 || response.status === 429) throw new TransportError('server', response.status, code, parseRetryAfter(response.headers.get('retry-after')));
  if (!response.ok) throw new TransportError('refused', response.status, code);
}

/** A file the server sends (an export): its bytes, its media type and the name it suggests. */
export interface ServerFile {
  blob: Blob;
  type: string;
  filename: string | undefined;
}

async function requestFile(fetchImpl: typeof fetch, url: string, headers: Record<string, string>, timeoutMs: number): Promise<ServerFile> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (!response.ok) refuseFailure(response, await response.json().catch(() => undefined));
    const blob = await response.blob();
    const type = response.headers.get('content-type') ?? '';
    const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
    return { blob, type, filename };
  } catch (error) {
    if (error instanceof TransportError) throw error;
    const name = (error as { name?: string } | null)?.name;
    throw new TransportError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
  }
}

/** The sync transport plus reads the sync engine does not need. */
export interface HttpTransport extends SyncTransport {
  /** A record's revision history (supervisors and admins; others get a 403 `refused`). */
  recordHistory(recordId: string): Promise<RecordHistory>;
  /** Our agency's shares and the agencies it may share with (supervisors and admins). */
  shares(): Promise<Shares>;
  /** Shares one record, or every record of one of our cases, with another agency. */
  share(body: ShareRequest): Promise<Share>;
  revokeShare(shareId: string): Promise<Share>;
  /** Reports exports made on this device, for the server's audit chain (export-reports.ts). */
  reportExports(body: DeviceExportsRequest): Promise<DeviceExportsResponse>;
  /** Trace status changes, and the statuses our agency may see (trace-sync.ts). */
  tracePush(body: TracePushRequest): Promise<TraceResponse>;
  tracePull(cursor: string | undefined, limit: number): Promise<TracePullResponse>;
  /** What this device still holds unsent, at the end of a sync (device-report.ts). */
  reportDevice(body: DeviceReport): Promise<DeviceReportResponse>;
  /**
   * Any other signed-in request, read with the caller's schema: screens that load on demand (the
   * supervisor's) bring their own wire schemas, which stay out of the sync's chunk.
   */
  call<T>(path: string, schema: z.ZodMiniType<T>, body?: unknown): Promise<T>;
  /** A file the server makes for the signed-in user (the links' CSV of edges), with the session's token. */
  file(path: string): Promise<ServerFile>;
}

export type ShareRequest = { toAgency: string } & ({ recordId: string } | { caseNumber: string });

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const api = (path: string) => `${options.baseUrl.replace(/\/$/, '')}/api/v1${path}`;
  let lastClock: ClockSample | undefined;
  const observeClock = (sample: ClockSample) => void (lastClock = sample);
  // A 401 on an expired access token is answered by one refresh and one retry; a second 401,
  // or a refresh the server refuses, is the officer's to solve by signing in again.
  const authorized = async <T>(send: (headers: Record<string, string>) => Promise<T>): Promise<T> => {
    const token = await options.token();
    if (!token) throw new TransportError('auth');
    try {
      return await send({ authorization: `Bearer ${token}` });
    } catch (error) {
      if (!(error instanceof TransportError && error.kind === 'auth' && options.refresh)) throw error;
      const fresh = await options.refresh(token);
      if (!fresh) throw error;
      return send({ authorization: `Bearer ${fresh}` });
    }
  };

  const post = <T>(path: string, body: unknown, pick: SchemaOf<T>) =>
    authorized((headers) =>
      request(fetchImpl, api(path), { method: 'POST', headers: { ...headers, 'content-type': 'application/json', [DEVICE_TIME_HEADER]: new Date().toISOString() }, body: JSON.stringify(body) }, timeoutMs, pick, observeClock),
    );
  const get = <T>(path: string, pick: SchemaOf<T>) => authorized((headers) => request(fetchImpl, api(path), { headers }, timeoutMs, pick, observeClock));
  const page = <T>(path: string, cursor: string | undefined, limit: number, pick: SchemaOf<T>) =>
    get(`${path}?${new URLSearchParams({ limit: String(limit), ...(cursor !== undefined && { cursor }) })}`, pick);

  return {
    push: (body) => post('/sync/push', body, (p) => p.PushResponseSchema),
    pull: (cursor, limit) => page('/sync/pull', cursor, limit, (p) => p.PullResponseSchema),
    tracePush: (body) => post('/sync/trace-push', body, (p) => p.TracePushResponseSchema),
    tracePull: (cursor, limit) => page('/sync/trace-pull', cursor, limit, (p) => p.TracePullResponseSchema),
    recordHistory: (recordId) => get(`/records/${encodeURIComponent(recordId)}/history`, (p) => p.RecordHistorySchema),
    shares: () => get('/shares', (p) => p.SharesSchema),
    share: (body) => post('/shares', body, (p) => p.ShareSchema),
    revokeShare: (shareId) =>
      authorized((headers) => request(fetchImpl, api(`/shares/${encodeURIComponent(shareId)}`), { method: 'DELETE', headers }, timeoutMs, (p) => p.ShareSchema, observeClock)),
    reportExports: (body) => post('/exports/device', body, (p) => p.DeviceExportsResponseSchema),
    reportDevice: (body) => post('/sync/device-report', body, (p) => p.DeviceReportResponseSchema),
    call: (path, schema, body) => (body === undefined ? get(path, () => schema) : post(path, body, () => schema)),
    file: (path) => authorized((headers) => requestFile(fetchImpl, api(path), headers, timeoutMs)),
    lastClock: () => lastClock,
    probe: async () => {
      await request(fetchImpl, api('/health'), {}, options.probeTimeoutMs ?? 5_000, (p) => p.HealthSchema);
    },
  };
}

export async function login(
  baseUrl: string,
  username: string,
  password: string,
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
  deviceId?: string,
  /** The TOTP code, for users who have a second factor (the server says `auth.otpRequired`). */
  otp?: string,
): Promise<LoginResponse> {
  return request(
    fetchImpl,
    `${baseUrl.replace(/\/$/, '')}/api/v1/auth/login`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, ...(deviceId && { deviceId }), ...(otp && { otp }) }) },
    20_000,
    (p) => p.LoginResponseSchema,
  );
}

/** Trades a refresh token for a new pair; the old refresh token stops working. */
export async function refreshTokens(baseUrl: string, refreshToken: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<LoginResponse> {
  return request(
    fetchImpl,
    `${baseUrl.replace(/\/$/, '')}/api/v1/auth/refresh`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) },
    20_000,
    (p) => p.LoginResponseSchema,
  );
}

/** Ends the sign-in on the server (its access and refresh tokens). */
export async function logout(baseUrl: string, token: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<void> {
  await request(
    fetchImpl,
    `${baseUrl.replace(/\/$/, '')}/api/v1/auth/logout`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    10_000,
    (p) => p.LogoutResponseSchema,
  );
}
