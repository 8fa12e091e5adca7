/**
 * The synchronous half of the device keys (device-keys.ts): HKDF derives the sealing and index
 * keys from the officer's secret; rows are sealed with AES-256-GCM and index values hashed with
 * HMAC-SHA-256, with no promise in between, so the sealing middleware can use them inside an
 * IndexedDB transaction. Loaded only when an officer unlocks (loadDeviceKeys).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64, WrongKeyError, type DeviceKeys } from './device-keys';

const IV_BYTES = 12;
/** Keyed hashes are cut to 128 bits: plenty against collisions among one device's records. */
const INDEX_HASH_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const label = (name: string) => encoder.encode(`traceready ${name} v1`);

export function deriveDeviceKeys(secret: Uint8Array): DeviceKeys {
  const records = hkdf(sha256, secret, undefined, label('records'), 32);
  // Keyed once, cloned per value: a save hashes a few dozen index values, and this skips
  // re-hashing the key's two pads every time.
  const keyedIndex = hmac.create(sha256, hkdf(sha256, secret, undefined, label('index'), 32));
  return {
    sealBytes(value, context) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const data = gcm(records, iv, encoder.encode(context)).encrypt(encoder.encode(JSON.stringify(value)));
      const out = new Uint8Array(IV_BYTES + data.length);
      out.set(iv);
      out.set(data, IV_BYTES);
      return out;
    },
    openBytes<T>(sealed: Uint8Array, context: string): T {
      let plain: Uint8Array;
      try {
        plain = gcm(records, sealed.subarray(0, IV_BYTES), encoder.encode(context)).decrypt(sealed.subarray(IV_BYTES));
      } catch {
        // AES-GCM cannot tell a wrong key from altered data: both fail the tag check.
        throw new WrongKeyError();
      }
      return JSON.parse(decoder.decode(plain)) as T;
    },
    indexHash: (value) => toBase64(keyedIndex.clone().update(encoder.encode(value)).digest().subarray(0, INDEX_HASH_BYTES)),
  };
}
