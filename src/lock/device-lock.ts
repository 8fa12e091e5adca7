/**
 * Whether the app is open on this device, and for whom (docs/security.md, "Device lock").
 *
 * After an online sign-in the officer chooses a PIN; from then on the app opens with the PIN and
 * no signal, locks itself after the agency's idle limit, and after too many wrong PINs forgets the
 * PIN (never the records) until the officer signs in online again. The keys that open the
 * officer's records exist only in memory, only while unlocked.
 *
 * The records are sealed with those keys (storage/crypto/sealing-middleware.ts): the device
 * database is opened with them on unlock and closed on lock, so nothing of them can be read
 * without the PIN or an online sign-in. No officer signed in: the app asks for a sign-in first.
 */
import type { Session } from '../storage';
import type { DeviceKeys } from '../storage/crypto/device-keys';
import { WrongKeyError } from '../storage/crypto/key-bytes';
import { WrongPinError, type KeyVault, type Unlocked } from '../storage/crypto/key-vault';
import { newPinProblem, type PinProblem } from './pin-rules';

interface Officer {
  userId: string;
  username: string;
}

export type LockState =
  | { kind: 'starting' }
  /** Nobody is signed in on this device: an online sign-in comes first. */
  | { kind: 'signedOut' }
  /** Signed in, but no PIN can open the app: the PIN was never chosen (setup interrupted) or was wiped. */
  | ({ kind: 'signInNeeded'; reason: 'noPin' | 'pinWiped' } & Officer)
  | ({ kind: 'choosePin'; reason: 'first' | 'reset' } & Officer)
  | ({ kind: 'locked'; attemptsLeft?: number; idle?: boolean } & Officer)
  | ({ kind: 'unlocked' } & Officer);

/** signedOut: the officer signed out meanwhile (in another tab); the PIN is not tried. */
export type UnlockResult = 'unlocked' | 'wrongPin' | 'wiped' | 'signedOut';

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

/** Opens the device's sealed records with an officer's keys, and closes them again. */
export interface SealedStorage {
  open(keys: DeviceKeys): Promise<void>;
  close(): void;
}

export class NoAccountKeyError extends Error {
  constructor() {
    super('The server sent no account key with the sign-in: the device cannot protect records for this account.');
    this.name = 'NoAccountKeyError';
  }
}

export interface DeviceLockOptions {
  vault: KeyVault;
  storage: SealedStorage;
  session: () => Promise<Session | undefined>;
  /** Starts noticing inactivity while unlocked (inactivity.ts); returns how to stop. */
  watchIdle: (limitMs: number, onIdle: () => void) => () => void;
  /** PBKDF2 rounds for new PINs; lower only in tests. */
  pinIterations?: number;
}

export function createDeviceLock({ vault, storage, session, watchIdle, pinIterations }: DeviceLockOptions): DeviceLock {
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
    storage.close();
    unlocked = undefined;
    pendingSetup = undefined;
  };
  /** The storage opens before the screens learn the app is open: they read it at once. */
  const openWith = async (opened: Unlocked, who: Officer) => {
    await storage.open(opened.keys);
    unlocked = opened;
    set({ kind: 'unlocked', ...who });
  };

  function lock(options?: { idle?: boolean }) {
    const who = officer();
    if (current.kind !== 'unlocked' || !who) return;
    forget();
    set({ kind: 'locked', ...who, ...(options?.idle && { idle: true }) });
  }

  async function readState(): Promise<void> {
    const signedIn = await session();
    if (!signedIn) return set({ kind: 'signedOut' });
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
      lockAfterMinutes = limit ?? DEFAULT_LOCK_AFTER_MINUTES;
      // The officer who has the app open signed in again (an expired sign-in): the records stay
      // open under them; closing them for a moment would pull them from under the open screens.
      if (current.kind === 'unlocked' && current.userId === user.id && !options?.resetPin) return set({ ...current });
      forget();
      const who = { userId: user.id, username: user.username };
      if (!accountKey) throw new NoAccountKeyError();
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
        await openWith(opened, who);
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
      let opened: Unlocked;
      if ('accountKey' in pendingSetup) {
        opened = await vault.create(who.userId, pin, pendingSetup.accountKey, pinIterations);
      } else {
        await vault.setPin(who.userId, pendingSetup.secret, pin, pinIterations);
        opened = await vault.unlockWithPin(who.userId, pin);
      }
      pendingSetup = undefined;
      await openWith(opened, who);
      return undefined;
    },

    async unlock(pin) {
      const who = officer();
      if (current.kind !== 'locked' || !who) throw new Error('The app is not locked.');
      // A sign-out in another tab locked this one: what it needs now is a sign-in, not the PIN.
      if ((await session())?.user.id !== who.userId) {
        set({ kind: 'signedOut' });
        return 'signedOut';
      }
      let opened: Unlocked;
      try {
        opened = await vault.unlockWithPin(who.userId, pin);
      } catch (error) {
        if (!(error instanceof WrongPinError)) throw error;
        if (error.attemptsLeft > 0) {
          set({ kind: 'locked', ...who, attemptsLeft: error.attemptsLeft });
          return 'wrongPin';
        }
        set({ kind: 'signInNeeded', reason: 'pinWiped', ...who });
        return 'wiped';
      }
      await openWith(opened, who);
      return 'unlocked';
    },

    lock,

    signedOut() {
      forget();
      set({ kind: 'signedOut' });
    },

    keys: () => (current.kind === 'unlocked' ? unlocked?.keys : undefined),
  };
}
