/**
 * What both halves of the device keys share: device-keys.ts wraps the secret with WebCrypto,
 * record-cipher.ts seals rows synchronously, and both speak AES-GCM in base64 and bytes.
 */
/** AES-GCM's 96-bit nonce, the size WebCrypto and @noble both take. */
export const IV_BYTES = 12;

/** AES-GCM cannot tell a wrong key from altered data or another context: all fail the tag check. */
export class WrongKeyError extends Error {
  constructor() {
    super('The key does not open this secret: wrong PIN, or another account.');
    this.name = 'WrongKeyError';
  }
}

export const randomBytes = (length: number): Uint8Array<ArrayBuffer> => globalThis.crypto.getRandomValues(new Uint8Array(length));

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
