/**
 * The device lock (src/lock): PIN chosen after an online sign-in, offline unlock, the wrong-PIN
 * limit and the way back through the server, the idle lock, sign-out, and PIN rules.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeviceLock, type DeviceLock } from '../../src/lock/device-lock';
import { watchInactivity } from '../../src/lock/inactivity';
import { newPinProblem } from '../../src/lock/pin-rules';
import { createSyncStore, TraceDB, type Session } from '../../src/storage';
import { toBase64 } from '../../src/storage/crypto/key-bytes';
import { createKeyVault, MAX_PIN_ATTEMPTS } from '../../src/storage/crypto/key-vault';

const ROUNDS = 1_000;
const PIN = '482913';
const accountKey = toBase64(crypto.getRandomValues(new Uint8Array(32)));
const officer = { id: 'u-1', username: 'j.rivera' };
const session = (lockAfterMinutes?: number): Session => ({
  token: 't',
  expiresAt: '2099-01-01T00:00:00Z',
  user: { ...officer, role: 'officer', agency: { code: 'ATF', name: 'ATF' } },
  ...(lockAfterMinutes !== undefined && { lockAfterMinutes }),
});

const dbs: TraceDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** A page's lock over one device database; a new page on the same database is another call. */
function device() {
  const db = new TraceDB(`lock-${randomUUID()}`);
  dbs.push(db);
  const store = createSyncStore(db);
  const idle: { limitMs: number; fire: () => void }[] = [];
  const page = () =>
    createDeviceLock({
      vault: createKeyVault(db),
      storage: { open: async (keys) => db.unlock(keys), close: () => db.lock() },
      session: () => store.session(),
      pinIterations: ROUNDS,
      watchIdle: (limitMs, onIdle) => {
        const watch = { limitMs, fire: onIdle };
        idle.push(watch);
        return () => idle.splice(idle.indexOf(watch), 1);
      },
    });
  return { db, store, page, idle };
}

async function signedInWithPin(d: ReturnType<typeof device>, lockAfterMinutes?: number): Promise<DeviceLock> {
  await d.store.saveSession(session(lockAfterMinutes));
  const lock = d.page();
  await lock.start();
  await lock.afterSignIn({ user: officer, accountKey, lockAfterMinutes });
  expect(lock.state()).toMatchObject({ kind: 'choosePin', reason: 'first' });
  expect(await lock.choosePin(PIN, PIN)).toBeUndefined();
  return lock;
}

describe('device lock', () => {
  it('asks for a sign-in when nobody has signed in on the device, and opens no records', async () => {
    const d = device();
    const lock = d.page();
    await lock.start();
    expect(lock.state()).toEqual({ kind: 'signedOut' });
    expect(lock.keys()).toBeUndefined();
    expect(d.db.isUnlocked).toBe(false);
    await expect(d.db.seizures.count()).rejects.toThrow(/locked/);
  });

  it('asks for a PIN after the first sign-in, then opens offline with it on the next page', async () => {
    const d = device();
    const first = await signedInWithPin(d);
    expect(first.state()).toMatchObject({ kind: 'unlocked', userId: officer.id });
    expect(d.db.isUnlocked).toBe(true);
    const sealed = first.keys()!.sealBytes({ serial: 'AB12345' }, 'seizure r-1');

    const reopened = d.page();
    await reopened.start();
    expect(reopened.state()).toMatchObject({ kind: 'locked', username: officer.username });
    expect(reopened.keys()).toBeUndefined();
    expect(await reopened.unlock(PIN)).toBe('unlocked');
    expect(reopened.keys()!.openBytes(sealed, 'seizure r-1')).toEqual({ serial: 'AB12345' });
  });

  it('asks for a sign-in, not the PIN, once the officer has signed out in another tab', async () => {
    const d = device();
    const lock = await signedInWithPin(d);
    lock.lock();
    await d.store.clearSession();
    expect(await lock.unlock(PIN)).toBe('signedOut');
    expect(lock.state()).toEqual({ kind: 'signedOut' });
    expect(lock.keys()).toBeUndefined();
    expect(d.db.isUnlocked).toBe(false);
  });

  it('refuses a short, guessable or mistyped PIN and changes nothing', async () => {
    const d = device();
    await d.store.saveSession(session());
    const lock = d.page();
    await lock.afterSignIn({ user: officer, accountKey });
    expect(await lock.choosePin('1234', '1234')).toBe('format');
    expect(await lock.choosePin('123456', '123456')).toBe('guessable');
    expect(await lock.choosePin(PIN, '482914')).toBe('mismatch');
    expect(lock.state()).toMatchObject({ kind: 'choosePin' });
  });

  it('counts wrong PINs, then wipes the PIN and needs an online sign-in that sets a new one over the same keys', async () => {
    const d = device();
    const sealed = (await signedInWithPin(d)).keys()!.sealBytes({ name: 'Rivera' }, 'seizure r-2');
    const lock = d.page();
    await lock.start();
    for (let left = MAX_PIN_ATTEMPTS - 1; left > 0; left--) {
      expect(await lock.unlock('000000')).toBe('wrongPin');
      expect(lock.state()).toMatchObject({ kind: 'locked', attemptsLeft: left });
    }
    expect(await lock.unlock('000000')).toBe('wiped');
    expect(lock.state()).toMatchObject({ kind: 'signInNeeded', reason: 'pinWiped' });

    const later = d.page();
    await later.start();
    expect(later.state()).toMatchObject({ kind: 'signInNeeded', reason: 'pinWiped' });
    await later.afterSignIn({ user: officer, accountKey });
    expect(later.state()).toMatchObject({ kind: 'choosePin', reason: 'reset' });
    expect(await later.choosePin('730155', '730155')).toBeUndefined();
    expect(later.keys()!.openBytes(sealed, 'seizure r-2')).toEqual({ name: 'Rivera' });
  });

  it('keeps the records open when the officer who has the app open signs in again', async () => {
    const d = device();
    const lock = await signedInWithPin(d, 10);
    const closing = vi.spyOn(d.db, 'lock');
    await lock.afterSignIn({ user: officer, accountKey, lockAfterMinutes: 5 });
    expect(lock.state()).toMatchObject({ kind: 'unlocked', userId: officer.id });
    expect(closing).not.toHaveBeenCalled();
    // The idle watch restarts with the limit the new sign-in brought.
    expect(d.idle.map((w) => w.limitMs)).toEqual([5 * 60_000]);
  });

  it('opens without the PIN after an online sign-in on a device where the PIN is set', async () => {
    const d = device();
    await signedInWithPin(d);
    const lock = d.page();
    await lock.start();
    await lock.afterSignIn({ user: officer, accountKey });
    expect(lock.state()).toMatchObject({ kind: 'unlocked' });
  });

  it('takes a new PIN after an online sign-in by an officer who forgot it, over the same keys', async () => {
    const d = device();
    const sealed = (await signedInWithPin(d)).keys()!.sealBytes({ serial: 'X1' }, 'seizure r-3');
    const lock = d.page();
    await lock.start();
    await lock.afterSignIn({ user: officer, accountKey }, { resetPin: true });
    expect(lock.state()).toMatchObject({ kind: 'choosePin', reason: 'reset' });
    expect(await lock.choosePin('730155', '730155')).toBeUndefined();
    const next = d.page();
    await next.start();
    expect(await next.unlock(PIN)).toBe('wrongPin');
    expect(await next.unlock('730155')).toBe('unlocked');
    expect(next.keys()!.openBytes(sealed, 'seizure r-3')).toEqual({ serial: 'X1' });
  });

  it('locks after the agency’s idle limit and drops the keys, and only watches while unlocked', async () => {
    const d = device();
    const lock = await signedInWithPin(d, 10);
    expect(d.idle).toHaveLength(1);
    expect(d.idle[0]!.limitMs).toBe(10 * 60_000);
    d.idle[0]!.fire();
    expect(lock.state()).toMatchObject({ kind: 'locked', idle: true });
    expect(lock.keys()).toBeUndefined();
    expect(d.db.isUnlocked).toBe(false);
    expect(d.idle).toHaveLength(0);
    await lock.unlock(PIN);
    expect(d.idle).toHaveLength(1);
  });

  it('after sign-out opens nothing for the next person', async () => {
    const d = device();
    const lock = await signedInWithPin(d);
    lock.signedOut();
    expect(lock.state()).toEqual({ kind: 'signedOut' });
    expect(lock.keys()).toBeUndefined();
    expect(d.db.isUnlocked).toBe(false);
    expect(d.idle).toHaveLength(0);
  });

  it('asks a signed-in officer with no PIN (set-up interrupted) to sign in again', async () => {
    const d = device();
    await d.store.saveSession(session());
    const lock = d.page();
    await lock.start();
    expect(lock.state()).toMatchObject({ kind: 'signInNeeded', reason: 'noPin' });
  });
});

describe('PIN rules', () => {
  it('takes 6 to 12 digits that are not one digit repeated or a run', () => {
    expect(['482913', '730155', '120000', '135791', '102938475610'].map((pin) => newPinProblem(pin, pin))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(['111111', '123456', '987654', '890123', '000000000'].map((pin) => newPinProblem(pin, pin))).toEqual(Array(5).fill('guessable'));
    expect(['12345', 'abcdef', '48 29 13', '4829131234567'].map((pin) => newPinProblem(pin, pin))).toEqual(Array(4).fill('format'));
  });
});

describe('inactivity', () => {
  it('fires once when no activity came within the limit, and activity postpones it', () => {
    vi.useFakeTimers();
    try {
      const target = new EventTarget();
      const visibility = new EventTarget();
      const onIdle = vi.fn();
      watchInactivity({ limitMs: 60_000, onIdle, target: target as unknown as Window, visibility: visibility as unknown as Document });
      vi.advanceTimersByTime(45_000);
      target.dispatchEvent(new Event('pointerdown'));
      vi.advanceTimersByTime(45_000);
      expect(onIdle).not.toHaveBeenCalled();
      vi.advanceTimersByTime(20_000);
      expect(onIdle).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(600_000);
      expect(onIdle).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('locks at once when a phone wakes after the limit, without waiting for the next check', () => {
    let now = 0;
    const visibility = new EventTarget();
    const onIdle = vi.fn();
    const stop = watchInactivity({ limitMs: 60_000, onIdle, now: () => now, target: new EventTarget() as unknown as Window, visibility: visibility as unknown as Document });
    now = 3_600_000;
    visibility.dispatchEvent(new Event('visibilitychange'));
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });
});
