/**
 * The synchronous half of the device keys (device-keys.ts): HKDF derives the sealing and index
 * keys from the officer's secret; rows are sealed with AES-256-GCM and index values hashed with
 * HMAC-SHA-256, with no promise in between, so the sealing middleware can use them inside an
 * IndexedDB transaction. Loaded only when an officer unlocks (key-vault.ts).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DeviceKeys } from './device-keys';
import { IV_BYTES, randomBytes, toBase64, WrongKeyError } from './key-bytes';

/** Keyed hashes are cut to 128 bits: plenty against collisions among one device's records. */
const INDEX_HASH_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const label = (name: string) => encoder.encode(`traceready ${name} v1`);

/**
 * Rows recently sealed or opened, by context (one per table, officer and row), with their
 * plaintext. Sync reads and rewrites the same rows several times within seconds (a batch is
 * read, marked as sending, then acknowledged), and AES-GCM in JavaScript costs about 0.1 ms per
 * kB: the same bytes under the same context are the same plaintext, so a row just sealed or
 * opened is not decrypted again (the bytes are compared, so altered bytes still fail the tag
 * check). Bounded: about 5 MB for 1,000 seizure rows.
 */
const REMEMBERED_ROWS = 1_000;
/** Index values hashed recently: a row written again (sync bookkeeping) needs the same dozens of hashes. */
const REMEMBERED_HASHES = 20_000;

// Emptied when full rather than kept in least-recently-used order: a Map that has many entries
// deleted from its front walks over their empty slots to find the first one left.
function remember<V>(cache: Map<string, V>, key: string, value: V, limit: number): V {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** At most this many rows sealed ahead and not yet written: a pulled page is 500. */
const PRESEALED_ROWS = 2_000;

export function deriveDeviceKeys(secret: Uint8Array): DeviceKeys {
  const records = hkdf(sha256, secret, undefined, label('records'), 32);
  // The same key in WebCrypto, for sealing ahead of a transaction (presealBytes): native AES-GCM,
  // off the page's thread, where @noble's costs about 0.1 ms per kB on it. Same algorithm, nonce
  // and tag sizes, so either one's output opens with the other.
  let webKey: Promise<CryptoKey> | undefined;
  const presealed = new Map<string, { sealed: Uint8Array; json: string }>();
  // Keyed once, copied per value into one reused state: a save hashes a few dozen index values
  // and a pulled page thousands; this skips re-hashing the key's two pads, and allocating a new
  // state and digest for every value (most of a hash's cost in a profile of a pull).
  const keyedIndex = hmac.create(sha256, hkdf(sha256, secret, undefined, label('index'), 32));
  const scratch = keyedIndex.clone();
  const digest = new Uint8Array(sha256.outputLen);
  const hashIndex = (value: string): string => {
    keyedIndex._cloneInto(scratch).update(encoder.encode(value)).digestInto(digest);
    return toBase64(digest.subarray(0, INDEX_HASH_BYTES));
  };
  const rows = new Map<string, { sealed: Uint8Array; json: string }>();
  const hashes = new Map<string, string>();
  return {
    sealBytes(value, context) {
      const json = JSON.stringify(value);
      const ahead = presealed.get(context);
      let out: Uint8Array;
      if (ahead && ahead.json === json) {
        // Sealed ahead for exactly these bytes under this context: its nonce is used for them only.
        presealed.delete(context);
        out = ahead.sealed;
      } else {
        const iv = randomBytes(IV_BYTES);
        const data = gcm(records, iv, encoder.encode(context)).encrypt(encoder.encode(json));
        out = new Uint8Array(IV_BYTES + data.length);
        out.set(iv);
        out.set(data, IV_BYTES);
      }
      remember(rows, context, { sealed: out.slice(), json }, REMEMBERED_ROWS);
      return out;
    },
    async presealBytes(value, context) {
      const subtle = globalThis.crypto?.subtle;
      if (!subtle) return;
      const json = JSON.stringify(value);
      const iv = randomBytes(IV_BYTES);
      webKey ??= subtle.importKey('raw', records, 'AES-GCM', false, ['encrypt']);
      const data = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, await webKey, encoder.encode(json)));
      const out = new Uint8Array(IV_BYTES + data.length);
      out.set(iv);
      out.set(data, IV_BYTES);
      remember(presealed, context, { sealed: out, json }, PRESEALED_ROWS);
    },
    openBytes<T>(sealed: Uint8Array, context: string): T {
      const known = rows.get(context);
      if (known && sameBytes(known.sealed, sealed)) return JSON.parse(known.json) as T;
      let plain: Uint8Array;
      try {
        plain = gcm(records, sealed.subarray(0, IV_BYTES), encoder.encode(context)).decrypt(sealed.subarray(IV_BYTES));
      } catch {
        throw new WrongKeyError();
      }
      const json = decoder.decode(plain);
      remember(rows, context, { sealed: sealed.slice(), json }, REMEMBERED_ROWS);
      return JSON.parse(json) as T;
    },
    recall<T>(context: string): T | undefined {
      const known = rows.get(context);
      return known && (JSON.parse(known.json) as T);
    },
    indexHash: (value) => hashes.get(value) ?? remember(hashes, value, hashIndex(value), REMEMBERED_HASHES),
  };
}
