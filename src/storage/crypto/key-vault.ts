/**
 * Where the device secret lives between unlocks (docs/security.md, "Keys on the device"): in the
 * meta table, wrapped twice (PIN, server's account key), never in clear. The secret and the keys
 * derived from it exist only in memory while the app is unlocked.
 *
 * Too many wrong PINs delete the PIN's wrapping, never the sealed records nor the account's
 * wrapping: the records stay on the device, unreadable until the officer signs in online, when
 * the server's key opens the secret again and a new PIN is set.
 */
import type { TraceDB } from '../db';
import { guarded } from '../errors';
import { newDeviceSecret, unwrapWithAccountKey, unwrapWithPin, wrapWithAccountKey, wrapWithPin, type DeviceKeys, type PinWrapped, type Wrapped } from './device-keys';
import { WrongKeyError } from './key-bytes';

/** Wrong PINs in a row before the PIN's wrapping is wiped. */
export const MAX_PIN_ATTEMPTS = 5;
/** At least this many digits: a 4-digit PIN falls to 10,000 tries offline in minutes even at 600,000 rounds. */
export const MIN_PIN_DIGITS = 6;

/** One entry per officer: a second officer on the phone gets a vault of their own and never touches the first one's. */
const keyOf = (userId: string) => `deviceKeys:${userId}`;

interface VaultEntry {
  /** The account whose records this secret seals: another officer on the phone gets no access. */
  userId: string;
  pin?: PinWrapped;
  account: Wrapped;
  failedPins: number;
}

export type VaultState = 'none' | 'pinSet' | 'pinWiped';

export class WrongPinError extends Error {
  constructor(readonly attemptsLeft: number) {
    super(attemptsLeft > 0 ? `Wrong PIN, ${attemptsLeft} attempt(s) left.` : 'Wrong PIN; the PIN was wiped.');
    this.name = 'WrongPinError';
  }
}

export const isValidPin = (pin: string): boolean => new RegExp(`^\\d{${MIN_PIN_DIGITS},12}$`).test(pin);

export interface Unlocked {
  keys: DeviceKeys;
  /** Kept only to wrap again under a new PIN right after an online recovery. */
  secret: Uint8Array<ArrayBuffer>;
}

export interface KeyVault {
  state(userId: string): Promise<VaultState>;
  /** First PIN on this device for this account: makes the secret and wraps it both ways. */
  create(userId: string, pin: string, accountKey: string, iterations?: number): Promise<Unlocked>;
  unlockWithPin(userId: string, pin: string): Promise<Unlocked>;
  /** After an online sign-in: the server's key opens the secret whatever happened to the PIN. */
  unlockWithAccountKey(userId: string, accountKey: string): Promise<Unlocked>;
  setPin(userId: string, secret: Uint8Array<ArrayBuffer>, pin: string, iterations?: number): Promise<void>;
}

export function createKeyVault(db: TraceDB): KeyVault {
  const read = async (userId: string) => {
    const entry = (await db.meta.get(keyOf(userId)))?.value as VaultEntry | undefined;
    return entry?.userId === userId ? entry : undefined;
  };
  const write = (entry: VaultEntry) => guarded(async () => void (await db.meta.put({ key: keyOf(entry.userId), value: entry })));
  // The synchronous cipher is fetched at the first unlock, not with the first screen.
  const unlocked = async (secret: Uint8Array<ArrayBuffer>): Promise<Unlocked> => ({ keys: (await import('./record-cipher')).deriveDeviceKeys(secret), secret });

  return {
    async state(userId) {
      const entry = await read(userId);
      return !entry ? 'none' : entry.pin ? 'pinSet' : 'pinWiped';
    },

    async create(userId, pin, accountKey, iterations) {
      if (!isValidPin(pin)) throw new RangeError(`A PIN has ${MIN_PIN_DIGITS} to 12 digits.`);
      const secret = newDeviceSecret();
      await write({ userId, pin: await wrapWithPin(secret, pin, iterations), account: await wrapWithAccountKey(secret, accountKey), failedPins: 0 });
      return unlocked(secret);
    },

    async unlockWithPin(userId, pin) {
      const entry = await read(userId);
      if (!entry?.pin) throw new WrongPinError(0);
      try {
        const secret = await unwrapWithPin(entry.pin, pin);
        if (entry.failedPins > 0) await write({ ...entry, failedPins: 0 });
        return await unlocked(secret);
      } catch (error) {
        if (!(error instanceof WrongKeyError)) throw error;
        const failedPins = entry.failedPins + 1;
        const wiped = failedPins >= MAX_PIN_ATTEMPTS;
        await write({ ...entry, failedPins, pin: wiped ? undefined : entry.pin });
        throw new WrongPinError(MAX_PIN_ATTEMPTS - failedPins);
      }
    },

    async unlockWithAccountKey(userId, accountKey) {
      const entry = await read(userId);
      if (!entry) throw new WrongKeyError();
      return unlocked(await unwrapWithAccountKey(entry.account, accountKey));
    },

    async setPin(userId, secret, pin, iterations) {
      if (!isValidPin(pin)) throw new RangeError(`A PIN has ${MIN_PIN_DIGITS} to 12 digits.`);
      const entry = await read(userId);
      if (!entry) throw new WrongKeyError();
      await write({ ...entry, pin: await wrapWithPin(secret, pin, iterations), failedPins: 0 });
    },
  };
}
