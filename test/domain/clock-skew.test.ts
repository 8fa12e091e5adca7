import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_LIMIT_MINUTES, isSkewed, measureSkew, skewMs, skewAtArrival } from '../../src/domain/clock-skew';

const server = Date.parse('2026-12-04T03:00:00Z');
const serverDate = new Date(server).toUTCString();

describe('clock skew', () => {
  it('takes the server time as the midpoint of the request, so a slow answer is not skew', () => {
    // Sent 4 s before the server stamped its answer, received 4 s after: no skew at all.
    expect(skewMs({ sentAt: server - 4000, receivedAt: server + 4000, serverDate })).toBe(0);
    expect(measureSkew({ sentAt: server - 4000, receivedAt: server + 4000, serverDate })).toEqual({ minutes: 0, detectedAt: '2026-12-04T03:00:00.000Z' });
  });

  it('says how far ahead or behind the phone is, in minutes', () => {
    const ahead = server + 10 * 60_000;
    expect(measureSkew({ sentAt: ahead - 500, receivedAt: ahead + 500, serverDate })?.minutes).toBe(10);
    const behind = server - 7 * 60_000 - 20_000;
    expect(measureSkew({ sentAt: behind, receivedAt: behind, serverDate })?.minutes).toBe(-7);
  });

  it('flags only a skew over five minutes, either way', () => {
    expect(CLOCK_SKEW_LIMIT_MINUTES).toBe(5);
    expect(isSkewed({ minutes: 5 })).toBe(false);
    expect(isSkewed({ minutes: -5 })).toBe(false);
    expect(isSkewed({ minutes: 6 })).toBe(true);
    expect(isSkewed({ minutes: -6 })).toBe(true);
    expect(isSkewed(undefined)).toBe(false);
  });

  it('rounds to the nearest minute: 5 min 40 s off is over the limit, 5 min 20 s is not', () => {
    expect(isSkewed(measureSkew({ sentAt: server + 340_000, receivedAt: server + 340_000, serverDate }))).toBe(true);
    expect(isSkewed(measureSkew({ sentAt: server + 320_000, receivedAt: server + 320_000, serverDate }))).toBe(false);
  });

  it('proves nothing from an unreadable Date or an answer received before it was sent', () => {
    expect(measureSkew({ sentAt: server, receivedAt: server, serverDate: 'not a date' })).toBeUndefined();
    expect(measureSkew({ sentAt: server, receivedAt: server - 1, serverDate })).toBeUndefined();
  });

  it('reads a push\'s skew off the clock the device sent it with, only past the limit and within ten years', () => {
    const arrived = new Date('2026-11-28T12:00:00Z');
    expect(skewAtArrival('2026-11-28T12:12:10Z', arrived)).toEqual({ minutes: 12, detectedAt: '2026-11-28T12:00:00.000Z' });
    expect(skewAtArrival('2026-11-28T11:50:00-00:00', arrived)).toEqual({ minutes: -10, detectedAt: '2026-11-28T12:00:00.000Z' });
    expect(skewAtArrival('2026-11-28T12:05:10Z', arrived)).toBeUndefined();
    expect(skewAtArrival(undefined, arrived)).toBeUndefined();
    expect(skewAtArrival('2046-11-28T12:00:00Z', arrived)).toBeUndefined();
  });
});
