/**
 * Normalisation of a serial and its match key (N1-N3, docs/domain-rules.md#normalisation), apart
 * from the serial checks (serial.ts): the device's index keys (keys.ts) need these on the first
 * screen, and the checks bring the makers' and calibres' vocabularies, which it does not.
 */
export function normalizeSerial(raw: string | undefined): string {
  return (raw ?? '')
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toUpperCase()
    .trim()
    .replace(/\s+/g, '');
}

export function serialMatchKey(normalized: string): string {
  return normalized.replace(/-/g, '').replace(/O/g, '0');
}
