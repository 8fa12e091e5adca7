/**
 * Record and mutation ids are made on the device so a seizure can be created with no network.
 * crypto.randomUUID exists only in secure contexts; a field device reached over plain http on a
 * LAN still needs ids, and getRandomValues is available there, so fall back to it.
 */
import { newBagCode as bagCodeFrom } from '../domain/bag-code';

export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A fresh evidence-bag code (domain/bag-code.ts) from the device's random source. */
export const newBagCode = (): string => bagCodeFrom((length) => crypto.getRandomValues(new Uint8Array(length)));
