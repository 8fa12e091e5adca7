/**
 * The last clock skew sync measured (domain/clock-skew.ts), kept with the officer's other data
 * (sealed): the header warns from it, and a save made while it is over the limit is flagged with
 * it. Kept even when fine, so that a good sync clears the warning.
 */
import { isSkewed, type ClockSkew } from '../domain/clock-skew';
import type { Seizure } from '../domain/schema';
import type { TraceDB } from './db';

const KEY = 'clockSkew';

const isClockSkew = (value: unknown): value is ClockSkew =>
  typeof value === 'object' && value !== null && Number.isInteger((value as ClockSkew).minutes) && typeof (value as ClockSkew).detectedAt === 'string';

export async function readClockSkew(db: TraceDB): Promise<ClockSkew | undefined> {
  const value = (await db.officerData.get(KEY))?.value;
  return isClockSkew(value) ? value : undefined;
}

export const keepClockSkew = (db: TraceDB, skew: ClockSkew) => db.officerData.put({ key: KEY, value: { minutes: skew.minutes, detectedAt: skew.detectedAt } });

/**
 * The flag a save gives its record: the skew known now when it is over the limit; otherwise the
 * record keeps the flag it had, because the times entered back then are still suspect.
 */
export function clockSkewFlag(known: ClockSkew | undefined, before: Seizure['clockSkew']): Pick<Seizure, 'clockSkew'> {
  if (isSkewed(known)) return { clockSkew: { minutes: known.minutes, detectedAt: known.detectedAt } };
  return before ? { clockSkew: before } : {};
}
