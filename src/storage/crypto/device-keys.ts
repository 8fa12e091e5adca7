/**
 * The device's keys for encryption at rest (issue 5; docs/security.md, "Keys on the device").
 *
 * One random 256-bit secret per officer and device. Two keys are derived from it with HKDF:
 * an AES-256-GCM key that seals record contents, and an HMAC-SHA-256 key that turns identifying
 * index values (serial match keys, case numbers) into keyed hashes. The secret itself is only ever
 * stored wrapped (AES-GCM): once under a key derived from the officer's PIN, and once under a
 * key the server holds for the account, so a forgotten PIN is recoverable online while a stolen
 * phone stays unreadable offline.
 *
 * Sealing, opening and hashing are synchronous (record-cipher.ts, @noble/ciphers and
 * @noble/hashes): they run inside IndexedDB transactions (sealing-middleware.ts), where awaiting
 * WebCrypto would let the transaction commit half-way. That code is loaded only when an officer
 * unlocks (key-vault.ts), so it is not part of the first screen. The PIN and account
 * wrappings, which run outside transactions, use WebCrypto (PBKDF2 is far faster there).
 */
import { fromBase64, IV_BYTES, randomBytes, toBase64, WrongKeyError } from './key-bytes';
import type { SealingCache } from './sealing-cache';

/** PBKDF2-SHA-256 rounds for the PIN (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
export const PIN_KDF_ITERATIONS = 600_000;
export const SECRET_BYTES = 32;
const SALT_BYTES = 16;

export interface Wrapped {
  /** Base64 of the 12-byte AES-GCM nonce. */
  iv: string;
  /** Base64 of the ciphertext with its 16-byte tag. */
  data: string;
}

export interface PinWrapped extends Wrapped {
  kdf: 'PBKDF2-SHA-256';
  salt: string;
  iterations: number;
}

/** One officer's keys, held in memory only while unlocked, as the operations they allow. */
export interface DeviceKeys {
  /**
   * AES-256-GCM: nonce and ciphertext with its tag, in one byte array. The context (what the row
   * is and whose) is authenticated with it, so a sealed value copied into another row does not open there.
   */
  sealBytes(value: unknown, context: string): Uint8Array;
  /**
   * Seals ahead of a transaction, with WebCrypto: a later sealBytes of the same value under the
   * same context takes these bytes instead of sealing again on the page's thread.
   */
  presealBytes(value: unknown, context: string): Promise<void>;
  /** Throws WrongKeyError when the key, the context or the bytes are not the ones sealed. */
  openBytes<T>(sealed: Uint8Array, context: string): T;
  /**
   * The same seal for bytes as they are (a photo), not as JSON: no base64 or number arrays on
   * disk, and the stored size is the plaintext's plus 28 bytes. Bound to its context like a row.
   */
  sealRaw(bytes: Uint8Array, context: string): Uint8Array;
  /** Seals bytes ahead of the transaction that writes them, with WebCrypto (a photo: megabytes, not kilobytes). */
  presealRaw(bytes: Uint8Array, context: string): Promise<void>;
  /** Throws WrongKeyError like openBytes. */
  openRaw(sealed: Uint8Array, context: string): Uint8Array;
  /** HMAC-SHA-256 cut to 128 bits, in base64: equal values give equal hashes, and nothing else can be read from it. */
  indexHash(value: string): string;
  /** What these keys remember while open, and why that is safe (sealing-cache.ts). */
  readonly cache: SealingCache;
}

const subtle = () => {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto is not available (the app must be served over HTTPS or from localhost).');
  return api;
};

const encoder = new TextEncoder();

export const newDeviceSecret = (): Uint8Array<ArrayBuffer> => randomBytes(SECRET_BYTES);

async function encrypt(key: CryptoKey, plain: Uint8Array<ArrayBuffer>, context: string): Promise<Wrapped> {
  const iv = randomBytes(IV_BYTES);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, key, plain);
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

async function decrypt(key: CryptoKey, sealed: Wrapped, context: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: encoder.encode(context) }, key, fromBase64(sealed.data));
    return new Uint8Array(plain);
  } catch {
    throw new WrongKeyError();
  }
}

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', encoder.encode(pin.normalize('NFKC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function wrapWithPin(secret: Uint8Array<ArrayBuffer>, pin: string, iterations = PIN_KDF_ITERATIONS): Promise<PinWrapped> {
  const salt = randomBytes(SALT_BYTES);
  const wrapped = await encrypt(await pinKey(pin, salt, iterations), secret, 'traceready device secret, PIN');
  return { ...wrapped, kdf: 'PBKDF2-SHA-256', salt: toBase64(salt), iterations };
}

/** Throws WrongKeyError for a wrong PIN. */
export async function unwrapWithPin(wrapped: PinWrapped, pin: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = await pinKey(pin, fromBase64(wrapped.salt), wrapped.iterations);
  return decrypt(key, wrapped, 'traceready device secret, PIN');
}

/** The server's key for the account arrives as 32 random bytes in base64, over TLS, after sign-in. */
async function accountKey(serverKey: string): Promise<CryptoKey> {
  return subtle().importKey('raw', fromBase64(serverKey), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function wrapWithAccountKey(secret: Uint8Array<ArrayBuffer>, serverKey: string): Promise<Wrapped> {
  return encrypt(await accountKey(serverKey), secret, 'traceready device secret, account');
}

export async function unwrapWithAccountKey(wrapped: Wrapped, serverKey: string): Promise<Uint8Array<ArrayBuffer>> {
  return decrypt(await accountKey(serverKey), wrapped, 'traceready device secret, account');
}
