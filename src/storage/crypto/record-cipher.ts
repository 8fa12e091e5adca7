/**
 * The synchronous half of the device keys (device-keys.ts): HKDF derives the sealing and index
 * keys from the officer's secret; rows are sealed with AES-256-GCM and index values hashed with
 * HMAC-SHA-256, with no promise in between, so the sealing middleware can use them inside an
 * IndexedDB transaction. Loaded only when an officer unlocks (key-vault.ts). What the keys
 * remember between calls, and why that is safe, is in sealing-cache.ts.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { DeviceKeys } from './device-keys';
import { IV_BYTES, randomBytes, WrongKeyError } from './key-bytes';
import { createSealingCache } from './sealing-cache';

/** Keyed hashes are cut to 128 bits: plenty against collisions among one device's records. */
const INDEX_HASH_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const label = (name: string) => encoder.encode(`traceready ${name} v1`);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What is stored: the nonce, then the ciphertext with its tag. */
function withNonce(iv: Uint8Array, data: Uint8Array): Uint8Array {
  const sealed = new Uint8Array(IV_BYTES + data.length);
  sealed.set(iv);
  sealed.set(data, IV_BYTES);
  return sealed;
}

// A pulled page hashes tens of thousands of short index values (serial and case-number
// prefixes): in a profile of a pull, TextEncoder's call and btoa's string building cost about as
// much as the hashing itself. Both below give exactly the same bytes and text as those would.
const asciiScratch = new Uint8Array(128);
/** The value's UTF-8 bytes: written into a reused buffer when it is short ASCII (valid until the next call). */
function utf8(value: string): Uint8Array {
  const length = value.length;
  if (length > asciiScratch.length) return encoder.encode(value);
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f) return encoder.encode(value);
    asciiScratch[i] = code;
  }
  return asciiScratch.subarray(0, length);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Standard base64 (with padding) of the first `length` bytes, as key-bytes.ts toBase64 writes it. */
function base64Of(bytes: Uint8Array, length: number): string {
  let out = '';
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += BASE64[n >>> 18]! + BASE64[(n >>> 12) & 63]! + BASE64[(n >>> 6) & 63]! + BASE64[n & 63]!;
  }
  if (length - i === 1) {
    const n = bytes[i]! << 16;
    out += BASE64[n >>> 18]! + BASE64[(n >>> 12) & 63]! + '==';
  } else if (length - i === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64[n >>> 18]! + BASE64[(n >>> 12) & 63]! + BASE64[(n >>> 6) & 63]! + '=';
  }
  return out;
}

export function deriveDeviceKeys(secret: Uint8Array): DeviceKeys {
  const records = hkdf(sha256, secret, undefined, label('records'), 32);
  // The same key in WebCrypto, for sealing ahead of a transaction (presealBytes): native AES-GCM,
  // off the page's thread, where @noble's costs about 0.1 ms per kB on it. Same algorithm, nonce
  // and tag sizes, so either one's output opens with the other.
  let webKey: Promise<CryptoKey> | undefined;
  // Keyed once, copied per value into one reused state: a save hashes a few dozen index values
  // and a pulled page thousands; this skips re-hashing the key's two pads, and allocating a new
  // state and digest for every value (most of a hash's cost in a profile of a pull).
  const keyedIndex = hmac.create(sha256, hkdf(sha256, secret, undefined, label('index'), 32));
  const scratch = keyedIndex.clone();
  const digest = new Uint8Array(sha256.outputLen);
  const hashIndex = (value: string): string => {
    keyedIndex._cloneInto(scratch).update(utf8(value)).digestInto(digest);
    return base64Of(digest, INDEX_HASH_BYTES);
  };
  const sealNow = (json: string, context: string): Uint8Array => {
    const iv = randomBytes(IV_BYTES);
    return withNonce(iv, gcm(records, iv, encoder.encode(context)).encrypt(encoder.encode(json)));
  };
  const cache = createSealingCache();
  // Bytes sealed ahead (photos): few, large, taken once. Kept apart from the rows' cache, whose
  // bounds count rows of a few kilobytes; a photo not written after all is dropped when full.
  const rawAhead = new Map<string, { plain: Uint8Array; sealed: Uint8Array }>();
  const RAW_AHEAD = 8;
  return {
    cache,
    sealBytes(value, context) {
      const json = JSON.stringify(value);
      const sealed = cache.takeSealedAhead(context, json) ?? sealNow(json, context);
      cache.rememberRow(context, sealed, json);
      return sealed;
    },
    async presealBytes(value, context) {
      const subtle = globalThis.crypto?.subtle;
      if (!subtle) return;
      const json = JSON.stringify(value);
      const iv = randomBytes(IV_BYTES);
      webKey ??= subtle.importKey('raw', records, 'AES-GCM', false, ['encrypt']);
      const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, await webKey, encoder.encode(json));
      cache.keepSealedAhead(context, json, withNonce(iv, new Uint8Array(data)));
    },
    openBytes<T>(sealed: Uint8Array, context: string): T {
      const known = cache.openedJson(context, sealed);
      if (known !== undefined) return JSON.parse(known) as T;
      let plain: Uint8Array;
      try {
        plain = gcm(records, sealed.subarray(0, IV_BYTES), encoder.encode(context)).decrypt(sealed.subarray(IV_BYTES));
      } catch {
        throw new WrongKeyError();
      }
      const json = decoder.decode(plain);
      cache.rememberRow(context, sealed, json);
      return JSON.parse(json) as T;
    },
    sealRaw(bytes, context) {
      const ahead = rawAhead.get(context);
      if (ahead) {
        rawAhead.delete(context);
        // Only for exactly these bytes: a nonce never seals two plaintexts.
        if (sameBytes(ahead.plain, bytes)) return ahead.sealed;
      }
      const iv = randomBytes(IV_BYTES);
      return withNonce(iv, gcm(records, iv, encoder.encode(context)).encrypt(bytes));
    },
    async presealRaw(bytes, context) {
      const subtle = globalThis.crypto?.subtle;
      if (!subtle) return;
      const iv = randomBytes(IV_BYTES);
      webKey ??= subtle.importKey('raw', records, 'AES-GCM', false, ['encrypt']);
      const plain = bytes.slice();
      const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, await webKey, plain);
      if (rawAhead.size >= RAW_AHEAD) rawAhead.clear();
      rawAhead.set(context, { plain, sealed: withNonce(iv, new Uint8Array(data)) });
    },
    openRaw(sealed, context) {
      try {
        return gcm(records, sealed.subarray(0, IV_BYTES), encoder.encode(context)).decrypt(sealed.subarray(IV_BYTES));
      } catch {
        throw new WrongKeyError();
      }
    },
    indexHash: (value) => cache.indexHash(value, hashIndex),
  };
}
