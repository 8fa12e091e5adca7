/**
 * Sign-ins as token pairs (docs/security.md, "Tokens"): a short-lived access token for every
 * request and a refresh token that buys the next pair. Every refresh rotates: the refresh token
 * presented stops working and a new one takes its place, and so does the access token issued
 * with it. A sign-in (family) ends at a fixed time
 * that refreshing never moves, so the officer authenticates again at least every shift.
 *
 * Theft detection: presenting a refresh token that was already rotated means two parties hold
 * the chain, so the whole family is revoked. One narrow exception keeps a lost answer from
 * signing the officer out on a bad network: within REFRESH_RETRY_GRACE_MS of the rotation, and
 * only while the child it produced has never been used, the same token may be presented again;
 * the unused child (and its access token) is revoked and a fresh pair issued. There is still
 * only one live refresh token per family, so if the retry came from a thief, the next refresh
 * of the other party meets a rotated token and revokes everything.
 *
 * All functions run inside the write lock (store.writeLocked): the check and the rotation are
 * one transaction, so two concurrent refreshes of one token cannot both win.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../store/schema';
import type { SessionsRepository, StoredRefreshToken } from '../store/sessions-repository';
import { hashToken, newToken } from './tokens';

export const DEFAULT_ACCESS_TOKEN_TTL_MINUTES = 15;
/** How long after a rotation the same refresh token may be retried (a lost answer). */
export const REFRESH_RETRY_GRACE_MS = 60_000;

export interface TokenLifetimes {
  accessMs: number;
  /** The whole sign-in, from the password to the last refresh. */
  sessionMs: number;
}

export interface TokenPair {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface SignedInUser {
  id: string;
  username: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
}

async function issuePair(
  sessions: SessionsRepository,
  family: { id: string; userId: string; expiresAt: Date },
  parentHash: string | null,
  now: Date,
  accessMs: number,
): Promise<TokenPair> {
  const token = newToken();
  const refreshToken = newToken();
  // An access token never outlives its sign-in.
  const expiresAt = new Date(Math.min(now.getTime() + accessMs, family.expiresAt.getTime()));
  const accessTokenHash = hashToken(token);
  await sessions.create({ tokenHash: accessTokenHash, userId: family.userId, createdAt: now, expiresAt, familyId: family.id });
  await sessions.addRefreshToken({ tokenHash: hashToken(refreshToken), familyId: family.id, parentHash, accessTokenHash, createdAt: now });
  return { token, expiresAt: expiresAt.toISOString(), refreshToken, refreshExpiresAt: family.expiresAt.toISOString() };
}

/** A new sign-in after a correct password. */
export async function startSignIn(
  sessions: SessionsRepository,
  user: { id: string },
  deviceId: string | null,
  now: Date,
  lifetimes: TokenLifetimes,
): Promise<TokenPair & { familyId: string }> {
  const family = { id: randomUUID(), userId: user.id, expiresAt: new Date(now.getTime() + lifetimes.sessionMs) };
  await sessions.startFamily({ ...family, deviceId, createdAt: now });
  return { ...(await issuePair(sessions, family, null, now, lifetimes.accessMs)), familyId: family.id };
}

export type RefreshOutcome =
  | { ok: true; pair: TokenPair; user: SignedInUser; familyId: string; deviceId: string | null; retried: boolean }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'disabled'; familyId?: string; userId?: string }
  | { ok: false; reason: 'reuse'; familyId: string; userId: string; deviceId: string | null };

const userOf = (stored: StoredRefreshToken): SignedInUser => ({
  id: stored.user.id,
  username: stored.user.username,
  role: stored.user.role,
  agencyCode: stored.user.agencyCode,
  agencyName: stored.user.agencyName,
});

export async function refreshSignIn(sessions: SessionsRepository, refreshToken: string, now: Date, accessMs: number): Promise<RefreshOutcome> {
  const stored = await sessions.findRefresh(hashToken(refreshToken));
  if (!stored) return { ok: false, reason: 'unknown' };
  const ids = { familyId: stored.familyId, userId: stored.user.id };
  if (stored.family.revokedAt !== null) return { ok: false, reason: 'revoked', ...ids };
  if (stored.user.disabled) return { ok: false, reason: 'disabled', ...ids };
  const familyExpiresAt = new Date(stored.family.expiresAt);
  if (familyExpiresAt <= now) return { ok: false, reason: 'expired', ...ids };
  const reuse = async (): Promise<RefreshOutcome> => {
    await sessions.revokeFamily(stored.familyId, now, 'refresh-reuse');
    return { ok: false, reason: 'reuse', ...ids, deviceId: stored.family.deviceId };
  };
  // Superseded by a retry (below) while its family lives on: whoever holds it is a second party.
  if (stored.revokedAt !== null) return reuse();

  const family = { id: stored.familyId, userId: stored.user.id, expiresAt: familyExpiresAt };
  const success = (pair: TokenPair, retried: boolean): RefreshOutcome => ({ ok: true, pair, user: userOf(stored), familyId: stored.familyId, deviceId: stored.family.deviceId, retried });

  if (stored.rotatedAt === null) {
    // Cannot fail under the write lock; should it ever, refuse rather than fork the chain.
    if (!(await sessions.markRotated(stored.tokenHash, now))) return { ok: false, reason: 'revoked', ...ids };
    // The access token that came with the spent refresh token ends now, not at its expiry: one
    // live pair per sign-in. If a thief refreshed, the officer's next request fails, the app
    // refreshes with its own (now rotated) token, and the reuse ends the whole sign-in.
    await sessions.revoke(stored.accessTokenHash, now);
    return success(await issuePair(sessions, family, stored.tokenHash, now, accessMs), false);
  }

  const child = await sessions.liveChildOf(stored.tokenHash);
  const withinGrace = now.getTime() - new Date(stored.rotatedAt).getTime() <= REFRESH_RETRY_GRACE_MS;
  const childUnused = child !== undefined && child.rotatedAt === null;
  if (withinGrace && childUnused) {
    await sessions.revokeRefresh(child, now);
    return success(await issuePair(sessions, family, stored.tokenHash, now, accessMs), true);
  }

  return reuse();
}
