/**
 * Settings from the environment, shared by the server (main.ts) and the admin CLI (admin.ts) so
 * both always open the same database. Bad values stop the process with a clear message rather
 * than falling back silently.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_ADDRESS_LIMITS, type AddressLimits } from './auth/address-limits';
import { DEFAULT_ACCESS_TOKEN_TTL_MINUTES } from './auth/session-tokens';
import { DEFAULT_TOKEN_TTL_HOURS } from './auth/tokens';
import { DEFAULT_LOCK_AFTER_MINUTES, MAX_LOCK_AFTER_MINUTES } from './auth/device-lock-policy';
import { DEFAULT_THRESHOLDS, type LinkThresholds } from '../domain/links';
import { PHOTO_DEFAULT_MAX_BYTES } from '../domain/photos';
import type { PhotoOptions } from './photos/storage';
import { SQLITE_FILE_NAME, type DatabaseConfig } from './store';

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  tokenTtlHours: number;
  accessTokenTtlMinutes: number;
  /** Minutes without use after which the app locks itself on the device (LOCK_AFTER_MINUTES). */
  lockAfterMinutes: number;
  logLevel: string;
  /** Per-address limits on sign-in and refresh (RATE_LIMIT_SIGN_IN, RATE_LIMIT_REFRESH). */
  addressLimits: AddressLimits;
  /** Whose X-Forwarded-* headers to believe (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** The link rules' thresholds; the short time to crime from LINK_SHORT_TIME_TO_CRIME_YEARS (docs/links.md). */
  linkThresholds: LinkThresholds;
  /** The largest photo accepted and where photos are kept (PHOTO_MAX_BYTES, PHOTO_S3_*, DATA_DIR). */
  photos: PhotoOptions;
}

type Env = Record<string, string | undefined>;

/** Fastify's trustProxy, in the forms TRUST_PROXY can give. */
export type TrustProxy = boolean | number | string[];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * PostgreSQL when DATABASE_URL is set, else the SQLite file DATA_DIR/traceready.sqlite.
 * DATABASE_TIMEOUT_MS, when set, bounds every wait on the database (store/database.ts).
 */
export function databaseConfig(env: Env = process.env): DatabaseConfig {
  const raw = env.DATABASE_TIMEOUT_MS?.trim();
  const timeoutMs = raw ? Number(raw) : undefined;
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000)) {
    throw new Error(`DATABASE_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000, not "${env.DATABASE_TIMEOUT_MS}".`);
  }
  const timeout = timeoutMs === undefined ? {} : { timeoutMs };
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL.');
    return { kind: 'postgres', url, ...timeout };
  }
  const dataDir = env.DATA_DIR?.trim() || './data';
  return { kind: 'sqlite', file: path.resolve(dataDir, SQLITE_FILE_NAME), ...timeout };
}

/**
 * TRUST_PROXY: `false` (default: the address is the TCP peer's, X-Forwarded-* are ignored),
 * `true` (believe every proxy: only when nothing but the proxy can reach the server), a number
 * of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges.
 */
export function trustProxyFrom(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^[0-9]{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = (entry: string) => {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    return prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  };
  if (!entries.every(valid)) {
    throw new Error(`TRUST_PROXY must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges, not "${raw}".`);
  }
  return entries;
}

function perMinute(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) throw new Error(`${name} must be a whole number of requests per minute from 1 to 1000000, not "${env[name]}".`);
  return value;
}

export function loadConfig(env: Env = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), not "${env.PORT}".`);

  const tokenTtlHours = Number(env.TOKEN_TTL_HOURS ?? DEFAULT_TOKEN_TTL_HOURS);
  if (!Number.isFinite(tokenTtlHours) || tokenTtlHours <= 0 || tokenTtlHours > 24 * 90) {
    throw new Error(`TOKEN_TTL_HOURS must be a number of hours above 0 and at most 2160, not "${env.TOKEN_TTL_HOURS}".`);
  }

  const accessTokenTtlMinutes = Number(env.ACCESS_TOKEN_TTL_MINUTES ?? DEFAULT_ACCESS_TOKEN_TTL_MINUTES);
  if (!Number.isFinite(accessTokenTtlMinutes) || accessTokenTtlMinutes <= 0 || accessTokenTtlMinutes > 60 * tokenTtlHours) {
    throw new Error(`ACCESS_TOKEN_TTL_MINUTES must be a number of minutes above 0 and at most TOKEN_TTL_HOURS, not "${env.ACCESS_TOKEN_TTL_MINUTES}".`);
  }

  const lockAfterMinutes = Number(env.LOCK_AFTER_MINUTES ?? DEFAULT_LOCK_AFTER_MINUTES);
  if (!Number.isInteger(lockAfterMinutes) || lockAfterMinutes < 1 || lockAfterMinutes > MAX_LOCK_AFTER_MINUTES) {
    throw new Error(`LOCK_AFTER_MINUTES must be a whole number of minutes from 1 to ${MAX_LOCK_AFTER_MINUTES}, not "${env.LOCK_AFTER_MINUTES}".`);
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

  const addressLimits = {
    signInPerMinute: perMinute(env, 'RATE_LIMIT_SIGN_IN', DEFAULT_ADDRESS_LIMITS.signInPerMinute),
    refreshPerMinute: perMinute(env, 'RATE_LIMIT_REFRESH', DEFAULT_ADDRESS_LIMITS.refreshPerMinute),
  };
  const trustProxy = trustProxyFrom(env.TRUST_PROXY);

  return { port, host: env.HOST ?? '0.0.0.0', database: databaseConfig(env), tokenTtlHours, accessTokenTtlMinutes, lockAfterMinutes, logLevel, addressLimits, trustProxy, linkThresholds: linkThresholdsFrom(env), photos: photoConfig(env) };
}

/**
 * LINK_SHORT_TIME_TO_CRIME_YEARS: purchase to recovery under this many years is a short time to
 * crime, the usual trafficking indicator (default 3; 0.5 to 20, halves allowed).
 */
export function linkThresholdsFrom(env: Env): LinkThresholds {
  const raw = env.LINK_SHORT_TIME_TO_CRIME_YEARS?.trim();
  if (!raw) return DEFAULT_THRESHOLDS;
  const years = Number(raw);
  if (!/^[0-9]{1,2}(\.5)?$/.test(raw) || years < 0.5 || years > 20) {
    throw new Error(`LINK_SHORT_TIME_TO_CRIME_YEARS must be a number of years from 0.5 to 20 (whole or half), not "${env.LINK_SHORT_TIME_TO_CRIME_YEARS}".`);
  }
  return { ...DEFAULT_THRESHOLDS, shortTimeToCrimeDays: Math.round(years * 365) };
}

/** A photo above 1 GB is no photo of a firearm; below 64 KB no camera's original fits. */
const PHOTO_MAX_BYTES_RANGE = [64 * 1024, 1024 * 1024 * 1024] as const;

/**
 * Photos (docs/server.md "Photos"): PHOTO_MAX_BYTES (default 25 MB) bounds one original; they are
 * files under DATA_DIR/photos unless PHOTO_S3_BUCKET names a bucket of an S3-compatible store
 * (PHOTO_S3_ENDPOINT for one that is not AWS, path-style then; PHOTO_S3_REGION, default
 * us-east-1; PHOTO_S3_ACCESS_KEY_ID and PHOTO_S3_SECRET_ACCESS_KEY together, or neither for the
 * SDK's own credentials). A PHOTO_S3_* setting without a bucket is refused, not ignored: the
 * operator meant photos to go somewhere else than the disk.
 */
export function photoConfig(env: Env = process.env): PhotoOptions {
  const rawMax = env.PHOTO_MAX_BYTES?.trim();
  const maxBytes = rawMax ? Number(rawMax) : PHOTO_DEFAULT_MAX_BYTES;
  const [least, most] = PHOTO_MAX_BYTES_RANGE;
  if (!Number.isInteger(maxBytes) || maxBytes < least || maxBytes > most) {
    throw new Error(`PHOTO_MAX_BYTES must be a whole number of bytes from ${least} to ${most}, not "${env.PHOTO_MAX_BYTES}".`);
  }
  const setting = (name: string) => env[name]?.trim() || undefined;
  const bucket = setting('PHOTO_S3_BUCKET');
  const endpoint = setting('PHOTO_S3_ENDPOINT');
  const accessKeyId = setting('PHOTO_S3_ACCESS_KEY_ID');
  const secretAccessKey = setting('PHOTO_S3_SECRET_ACCESS_KEY');
  const region = setting('PHOTO_S3_REGION');
  if (bucket === undefined) {
    const stray = ['PHOTO_S3_ENDPOINT', 'PHOTO_S3_REGION', 'PHOTO_S3_ACCESS_KEY_ID', 'PHOTO_S3_SECRET_ACCESS_KEY'].filter((name) => setting(name) !== undefined);
    if (stray.length > 0) throw new Error(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but PHOTO_S3_BUCKET is not: set the bucket, or remove ${stray.length === 1 ? 'it' : 'them'} to keep photos under DATA_DIR/photos.`);
    const dataDir = env.DATA_DIR?.trim() || './data';
    return { maxBytes, storage: { kind: 'disk', dir: path.resolve(dataDir, 'photos') } };
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`PHOTO_S3_BUCKET must be an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens), not "${bucket}".`);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) throw new Error(`PHOTO_S3_ENDPOINT must be an http:// or https:// URL, not "${endpoint}".`);
  if (region !== undefined && !/^[a-z0-9-]{2,32}$/.test(region)) throw new Error(`PHOTO_S3_REGION must be a region name such as us-east-1, not "${region}".`);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) throw new Error('PHOTO_S3_ACCESS_KEY_ID and PHOTO_S3_SECRET_ACCESS_KEY must be set together, or neither.');
  return {
    maxBytes,
    storage: {
      kind: 's3',
      bucket,
      region: region ?? 'us-east-1',
      ...(endpoint !== undefined && { endpoint }),
      ...(accessKeyId !== undefined && secretAccessKey !== undefined && { credentials: { accessKeyId, secretAccessKey } }),
    },
  };
}

/** Where the data is, for messages: never the password part of a URL. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return config.file;
  try {
    const url = new URL(config.url);
    return `postgres://${url.host}${url.pathname}`;
  } catch {
    return 'postgres';
  }
}
