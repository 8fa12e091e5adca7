/** Environment settings shared by `npm start` and the admin CLI. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseConfig, describeDatabase, loadConfig, photoConfig, trustProxyFrom } from '../../src/server/config';

describe('server configuration', () => {
  it('defaults to port 8080, all interfaces, SQLite under ./data, 12-hour sign-ins, 15-minute access tokens and a 30-minute device lock', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      database: { kind: 'sqlite', file: path.resolve('data', 'traceready.sqlite') },
      tokenTtlHours: 12,
      accessTokenTtlMinutes: 15,
      lockAfterMinutes: 30,
      logLevel: 'info',
      addressLimits: { signInPerMinute: 30, refreshPerMinute: 120 },
      trustProxy: false,
      linkThresholds: { serialDistance: 10, placeMetres: 500, placeDays: 3, shortTimeToCrimeDays: 3 * 365 },
      photos: { maxBytes: 25 * 1024 * 1024, storage: { kind: 'disk', dir: path.resolve('data', 'photos') } },
    });
  });

  it('keeps photos under DATA_DIR/photos, or in the S3 bucket PHOTO_S3_BUCKET names, and reads PHOTO_MAX_BYTES', () => {
    expect(photoConfig({ DATA_DIR: '/srv/tr', PHOTO_MAX_BYTES: '10485760' })).toEqual({ maxBytes: 10_485_760, storage: { kind: 'disk', dir: '/srv/tr/photos' } });
    expect(photoConfig({ PHOTO_S3_BUCKET: 'tr-photos' })).toEqual({ maxBytes: 26_214_400, storage: { kind: 's3', bucket: 'tr-photos', region: 'us-east-1' } });
    expect(
      photoConfig({ PHOTO_S3_BUCKET: 'tr-photos', PHOTO_S3_ENDPOINT: 'http://minio:9000', PHOTO_S3_REGION: 'mx-central-1', PHOTO_S3_ACCESS_KEY_ID: 'key', PHOTO_S3_SECRET_ACCESS_KEY: 'secret' }),
    ).toEqual({
      maxBytes: 26_214_400,
      storage: { kind: 's3', bucket: 'tr-photos', region: 'mx-central-1', endpoint: 'http://minio:9000', credentials: { accessKeyId: 'key', secretAccessKey: 'secret' } },
    });
  });

  it('refuses photo settings it cannot honour', () => {
    for (const bad of ['0', '-1', 'lots', '2.5', '1099511627776']) expect(() => photoConfig({ PHOTO_MAX_BYTES: bad }), bad).toThrow('PHOTO_MAX_BYTES');
    // An S3 setting without its bucket means the operator expects photos elsewhere than the disk.
    expect(() => photoConfig({ PHOTO_S3_ENDPOINT: 'http://minio:9000' })).toThrow('PHOTO_S3_BUCKET is not');
    expect(() => photoConfig({ PHOTO_S3_BUCKET: 'Bad_Bucket' })).toThrow('PHOTO_S3_BUCKET');
    expect(() => photoConfig({ PHOTO_S3_BUCKET: 'tr-photos', PHOTO_S3_ENDPOINT: 'minio:9000' })).toThrow('PHOTO_S3_ENDPOINT');
    expect(() => photoConfig({ PHOTO_S3_BUCKET: 'tr-photos', PHOTO_S3_REGION: 'Mexico City' })).toThrow('PHOTO_S3_REGION');
    expect(() => photoConfig({ PHOTO_S3_BUCKET: 'tr-photos', PHOTO_S3_ACCESS_KEY_ID: 'key' })).toThrow('together');
    expect(() => loadConfig({ PHOTO_MAX_BYTES: 'lots' })).toThrow('PHOTO_MAX_BYTES');
  });

  it('reads LINK_SHORT_TIME_TO_CRIME_YEARS, whole or half years from 0.5 to 20, and refuses anything else', () => {
    expect(loadConfig({ LINK_SHORT_TIME_TO_CRIME_YEARS: '2' }).linkThresholds.shortTimeToCrimeDays).toBe(730);
    expect(loadConfig({ LINK_SHORT_TIME_TO_CRIME_YEARS: '0.5' }).linkThresholds.shortTimeToCrimeDays).toBe(183);
    for (const bad of ['0', '21', '1.25', 'three', '-1']) expect(() => loadConfig({ LINK_SHORT_TIME_TO_CRIME_YEARS: bad }), bad).toThrow('LINK_SHORT_TIME_TO_CRIME_YEARS');
  });

  it('reads RATE_LIMIT_SIGN_IN, RATE_LIMIT_REFRESH and TRUST_PROXY in each of its forms', () => {
    expect(loadConfig({ RATE_LIMIT_SIGN_IN: '5', RATE_LIMIT_REFRESH: '600' }).addressLimits).toEqual({ signInPerMinute: 5, refreshPerMinute: 600 });
    expect(trustProxyFrom(undefined)).toBe(false);
    expect(trustProxyFrom('false')).toBe(false);
    expect(trustProxyFrom('true')).toBe(true);
    expect(trustProxyFrom('2')).toBe(2);
    expect(trustProxyFrom('10.0.0.1, 192.168.0.0/16,::1,fd00::/8')).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8']);
    for (const bad of ['yes', '10.0.0.300', '10.0.0.0/33', 'fd00::/129', '10.0.0.1/8/1', 'proxy.internal', '-1']) expect(() => trustProxyFrom(bad), bad).toThrow('TRUST_PROXY');
    for (const bad of ['0', '-3', '2.5', 'lots']) {
      expect(() => loadConfig({ RATE_LIMIT_SIGN_IN: bad }), bad).toThrow('RATE_LIMIT_SIGN_IN');
      expect(() => loadConfig({ RATE_LIMIT_REFRESH: bad }), bad).toThrow('RATE_LIMIT_REFRESH');
    }
  });

  it('reads PORT, HOST, DATA_DIR, DATABASE_URL, TOKEN_TTL_HOURS, ACCESS_TOKEN_TTL_MINUTES, LOCK_AFTER_MINUTES and LOG_LEVEL', () => {
    expect(loadConfig({ PORT: '0', HOST: '127.0.0.1', TOKEN_TTL_HOURS: '8', ACCESS_TOKEN_TTL_MINUTES: '5', LOCK_AFTER_MINUTES: '10', LOG_LEVEL: 'warn', DATA_DIR: '/srv/tr' })).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      tokenTtlHours: 8,
      accessTokenTtlMinutes: 5,
      lockAfterMinutes: 10,
      logLevel: 'warn',
      database: { kind: 'sqlite', file: '/srv/tr/traceready.sqlite' },
    });
    expect(databaseConfig({ DATABASE_URL: 'postgres://u:secret@db:5432/tr', DATA_DIR: '/ignored' })).toEqual({ kind: 'postgres', url: 'postgres://u:secret@db:5432/tr' });
  });

  it('refuses bad values instead of guessing', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT');
    expect(() => loadConfig({ TOKEN_TTL_HOURS: '0' })).toThrow('TOKEN_TTL_HOURS');
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_MINUTES: '0' })).toThrow('ACCESS_TOKEN_TTL_MINUTES');
    // An access token longer than the sign-in it belongs to makes no sense.
    expect(() => loadConfig({ TOKEN_TTL_HOURS: '1', ACCESS_TOKEN_TTL_MINUTES: '61' })).toThrow('ACCESS_TOKEN_TTL_MINUTES');
    // CJIS allows at most 30 minutes before the session locks.
    for (const minutes of ['0', '31', '7.5', 'soon']) expect(() => loadConfig({ LOCK_AFTER_MINUTES: minutes })).toThrow('LOCK_AFTER_MINUTES');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/tr' })).toThrow('DATABASE_URL');
  });

  it('never shows the database password', () => {
    expect(describeDatabase({ kind: 'postgres', url: 'postgres://u:secret@db:5432/tr' })).toBe('postgres://db:5432/tr');
  });
});
