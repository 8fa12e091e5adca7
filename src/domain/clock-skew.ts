/**
 * How far the device's clock is from the server's, from one answer: the server's time (its HTTP
 * `Date` header) stands for the midpoint of the request, so the network's delay does not count
 * as skew. `Date` has a one-second resolution, far finer than the five minutes that matter here.
 * A record saved while the clock was that far off carries the skew (schema.ts `clockSkew`): the
 * times the officer entered, and those the device stamped, may be wrong by about that much.
 */

/** Past this, the officer is told and the records saved meanwhile are flagged. */
export const CLOCK_SKEW_LIMIT_MINUTES = 5;

export interface ClockSample {
  /** The device's clock when the request left and when its answer came back (ms since epoch). */
  sentAt: number;
  receivedAt: number;
  /** The server's `Date` header as sent (RFC 7231 IMF-fixdate). */
  serverDate: string;
}

export interface ClockSkew {
  /** Device minus server, in whole minutes (positive: the phone is ahead). */
  minutes: number;
  /** When it was measured, by the server's clock (ISO 8601). */
  detectedAt: string;
}

/**
 * Device minus server, in ms; undefined for a sample that proves nothing (no or unreadable
 * `Date`, an answer "received" before it was sent, i.e. the device clock was changed meanwhile).
 */
export function skewMs(sample: ClockSample): number | undefined {
  const server = Date.parse(sample.serverDate);
  if (Number.isNaN(server) || sample.receivedAt < sample.sentAt) return undefined;
  const midpoint = sample.sentAt + (sample.receivedAt - sample.sentAt) / 2;
  return midpoint - server;
}

/** The skew to keep from one sample: to the nearest minute (symmetric about zero), and the server's time. */
export function measureSkew(sample: ClockSample): ClockSkew | undefined {
  const ms = skewMs(sample);
  if (ms === undefined) return undefined;
  const minutes = Math.sign(ms) * Math.round(Math.abs(ms) / 60_000);
  return { minutes: minutes === 0 ? 0 : minutes, detectedAt: new Date(Date.parse(sample.serverDate)).toISOString() };
}

/**
 * The header in which a device's POSTs carry its clock as the request left (skewAtArrival): a
 * header, not a body field, so a server older than it ignores it rather than refusing the push
 * as malformed.
 */
export const DEVICE_TIME_HEADER = 'x-device-time';

/** The largest skew a record may carry (schema.ts), about ten years: past it the clock says nothing. */
export const CLOCK_SKEW_MAX_MINUTES = 5_256_000;

/**
 * The skew the server reads off a push: the device's clock when it sent the request (`sentAt`)
 * against the server's when it arrived. The flight of the request counts as skew, seconds at
 * most, nothing beside five minutes. Only a skew past the limit is returned: the one the records
 * of that push were most likely saved with, when the device had not measured it itself (a save
 * before the device's first sync that found it, docs/clock-skew.md).
 */
export function skewAtArrival(sentAt: string | undefined, arrivedAt: Date): ClockSkew | undefined {
  const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
  if (Number.isNaN(sent)) return undefined;
  const ms = sent - arrivedAt.getTime();
  const minutes = Math.sign(ms) * Math.round(Math.abs(ms) / 60_000);
  if (Math.abs(minutes) > CLOCK_SKEW_MAX_MINUTES) return undefined;
  const skew = { minutes, detectedAt: arrivedAt.toISOString() };
  return isSkewed(skew) ? skew : undefined;
}

/** Whether a skew is beyond what can be put down to a slow network or a phone's drift. */
export const isSkewed = (skew: Pick<ClockSkew, 'minutes'> | undefined): skew is ClockSkew =>
  skew !== undefined && Math.abs(skew.minutes) > CLOCK_SKEW_LIMIT_MINUTES;
