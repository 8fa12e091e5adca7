/**
 * Whether the app is open on this device, and for whom (docs/security.md, "Device lock").
 *
 * After an online sign-in the officer chooses a PIN; from then on the app opens with the PIN and
 * no signal, locks itself after the agency's idle limit, and after too many wrong PINs forgets the
 * PIN (never the records) until the officer signs in online again. The keys that open the
 * officer's records exist only in memory, only while unlocked.
 *
 * No officer signed in on the device: nothing to lock ("open"); the app works as before sign-in.
 */
import type { Session } from '../storage';
import type { DeviceKeys } from '../storage/crypto/device-keys';
import { WrongKeyError } from '../storage/crypto/device-keys';
import { WrongPinError, type KeyVault, type Unlocked } from '../storage/crypto/key-vault';
import { newPinProblem, type PinProblem } from './pin-rules';

interface Officer {
  userId: string;
  username: string;
}

export type LockState =
  | { kind: 'starting' }
  | { kind: 'open' }
  /** Signed in, but no PIN can open the app: the PIN was never chosen (setup interrupted) or was wiped. */
  | ({ kind: 'signInNeeded'; reason: 'noPin' | 'pinWiped' } & Officer)
  | ({ kind: 'choosePin'; reason: 'first' | 'reset' } & Officer)
  | ({ kind: 'locked'; attemptsLeft?: number; idle?: boolean } & Officer)
  | ({ kind: 'unlocked' } & Officer);

export type UnlockResult = 'unlocked' | 'wrongPin' | 'wiped';

export interface SignInAnswer {
  user: { id: string; username: string };
  accountKey?: string | undefined;
  lockAfterMinutes?: number | undefined;
}

/** When the server has not said (a sign-in kept from an older version): the CJIS maximum. */
export const DEFAULT_LOCK_AFTER_MINUTES = 30;

export interface DeviceLock {
  state(): LockState;
  subscribe(listener: () => void): () => void;
  /** Reads who is signed in and whether a PIN is set: locked if so. Once per page. */
  start(): Promise<void>;
  /**
   * Right after an online sign-in: the server's key opens (or starts) the officer's vault.
   * resetPin: the officer forgot the PIN, so a new one is chosen even though one is set.
   */
  afterSignIn(answer: SignInAnswer, options?: { resetPin?: boolean }): Promise<void>;
  choosePin(pin: string, repeated: string): Promise<PinProblem | undefined>;
  unlock(pin: string): Promise<UnlockResult>;
  /** Locks now (idle limit reached, or the officer asked). */
  lock(options?: { idle?: boolean }): void;
  /** The officer signed out: nothing is open for anyone until the next sign-in. */
  signedOut(): void;
  /** The keys of the officer who unlocked the app, while it is unlocked. */
  keys(): DeviceKeys | undefined;
}

export interface DeviceLockOptions {
  vault: KeyVault;
  session: () => Promise<Session | undefined>;
  /** Starts noticing inactivity while unlocked (inactivity.ts); returns how to stop. */
  watchIdle: (limitMs: number, onIdle: () => void) => () => void;
  /** PBKDF2 rounds for new PINs; lower only in tests. */
  pinIterations?: number;
}

export function createDeviceLock({ vault, session, watchIdle, pinIterations }: DeviceLockOptions): DeviceLock {
  let current: LockState = { kind: 'starting' };
  let lockAfterMinutes = DEFAULT_LOCK_AFTER_MINUTES;
  let stopWatching: (() => void) | undefined;
  let unlocked: Unlocked | undefined;
  // Between a sign-in and the PIN chosen after it: what the PIN will wrap. Memory only.
  let pendingSetup: { accountKey: string } | { secret: Uint8Array<ArrayBuffer> } | undefined;
  const listeners = new Set<() => void>();
  let started: Promise<void> | undefined;

  const set = (next: LockState) => {
    current = next;
    stopWatching?.();
    stopWatching = undefined;
    if (next.kind === 'unlocked') stopWatching = watchIdle(lockAfterMinutes * 60_000, () => lock({ idle: true }));
    for (const listener of listeners) listener();
  };
  const officer = (): Officer | undefined => ('userId' in current ? { userId: current.userId, username: current.username } : undefined);
  const forget = () => {
    unlocked = undefined;
    pendingSetup = undefined;
  };

  function lock(options?: { idle?: boolean }) {
    const who = officer();
    if (current.kind !== 'unlocked' || !who) return;
    forget();
    set({ kind: 'locked', ...who, ...(options?.idle && { idle: true }) });
  }

  async function readState(): Promise<void> {
    const signedIn = await session();
    if (!signedIn) return set({ kind: 'open' });
    const who = { userId: signedIn.user.id, username: signedIn.user.username };
    lockAfterMinutes = signedIn.lockAfterMinutes ?? DEFAULT_LOCK_AFTER_MINUTES;
    const state = await vault.state(who.userId);
    if (state === 'pinSet') set({ kind: 'locked', ...who });
    else set({ kind: 'signInNeeded', reason: state === 'pinWiped' ? 'pinWiped' : 'noPin', ...who });
  }

  return {
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => (started ??= readState()),

    async afterSignIn({ user, accountKey, lockAfterMinutes: limit }, options) {
      forget();
      lockAfterMinutes = limit ?? DEFAULT_LOCK_AFTER_MINUTES;
      const who = { userId: user.id, username: user.username };
      // A server that sends no key (an older one) cannot back a PIN: the officer works unlocked until it does.
      if (!accountKey) return set({ kind: 'open' });
      const state = await vault.state(who.userId);
      if (state === 'none') {
        pendingSetup = { accountKey };
        return set({ kind: 'choosePin', reason: 'first', ...who });
      }
      try {
        const opened = await vault.unlockWithAccountKey(who.userId, accountKey);
        if (state === 'pinWiped' || options?.resetPin) {
          pendingSetup = { secret: opened.secret };
          return set({ kind: 'choosePin', reason: 'reset', ...who });
        }
        unlocked = opened;
        set({ kind: 'unlocked', ...who });
      } catch (error) {
        if (!(error instanceof WrongKeyError)) throw error;
        // The server's key for the account changed (its database was rebuilt): what the old key
        // wrapped is out of reach for good, so the officer starts a new vault with a new PIN.
        pendingSetup = { accountKey };
        set({ kind: 'choosePin', reason: 'first', ...who });
      }
    },

    async choosePin(pin, repeated) {
      const who = officer();
      if (current.kind !== 'choosePin' || !who || !pendingSetup) throw new Error('No PIN is being chosen.');
      const problem = newPinProblem(pin, repeated);
      if (problem) return problem;
      if ('accountKey' in pendingSetup) {
        unlocked = await vault.create(who.userId, pin, pendingSetup.accountKey, pinIterations);
      } else {
        await vault.setPin(who.userId, pendingSetup.secret, pin, pinIterations);
        unlocked = { keys: (await vault.unlockWithPin(who.userId, pin)).keys, secret: pendingSetup.secret };
      }
      pendingSetup = undefined;
      set({ kind: 'unlocked', ...who });
      return undefined;
    },

    async unlock(pin) {
      const who = officer();
      if (current.kind !== 'locked' || !who) throw new Error('The app is not locked.');
      try {
        unlocked = await vault.unlockWithPin(who.userId, pin);
        set({ kind: 'unlocked', ...who });
        return 'unlocked';
      } catch (error) {
        if (!(error instanceof WrongPinError)) throw error;
        if (error.attemptsLeft > 0) {
          set({ kind: 'locked', ...who, attemptsLeft: error.attemptsLeft });
          return 'wrongPin';
        }
        set({ kind: 'signInNeeded', reason: 'pinWiped', ...who });
        return 'wiped';
      }
    },

    lock,

    signedOut() {
      forget();
      set({ kind: 'open' });
    },

    keys: () => (current.kind === 'unlocked' ? unlocked?.keys : undefined),
  };
}
