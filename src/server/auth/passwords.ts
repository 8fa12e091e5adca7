/**
 * Password hashing with argon2id (@node-rs/argon2's default algorithm; its defaults are OWASP's
 * minimum: 19 MiB, 2 passes, 1 lane). The parameters live inside each hash, so raising them
 * later leaves existing hashes verifiable.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;

export const hashPassword = (password: string): Promise<string> => hash(password);

// Verified against when the username is unknown, so "no such user" costs the same time as
// "wrong password" and the two cannot be told apart. Made once per process, from random bytes.
let dummyHash: Promise<string> | undefined;
const getDummyHash = (): Promise<string> => (dummyHash ??= hash(randomBytes(32).toString('base64url')));

/** True only when `storedHash` is given and matches; always spends one argon2 verification. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const target = storedHash ?? (await getDummyHash());
  try {
    const matches = await verify(target, password);
    return storedHash !== undefined && matches;
  } catch {
    // A malformed stored hash is a failed login, not a server error.
    return false;
  }
}
