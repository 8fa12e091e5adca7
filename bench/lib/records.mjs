/**
 * Deterministic seizure records for the benchmarks, shaped like the domain fixture
 * (test/domain/fixtures.ts validSeizure): trace-ready, no warning, `firearms` guns each. Used in
 * Node (server benchmarks) and bundled into the benchmark page (device benchmarks), so every
 * side of a comparison writes the same bytes.
 */

export const VOCABULARY_VERSION = '2026.12.1';

/** A v4-shaped UUID made from numbers, so runs are reproducible and ids never collide. */
export function uuidFrom(kind, n) {
  const k = (kind >>> 0).toString(16).padStart(8, '0');
  const h = n.toString(16).padStart(12, '0');
  return `${k}-${h.slice(0, 4)}-4${h.slice(4, 7)}-8${h.slice(7, 10)}-${h.slice(10, 12)}0000000000`;
}

// Letters and digits that trigger no look-alike warning (src/domain/serial.ts, W1:
// docs/domain-rules.md#w1).
const SAFE = 'ACEFHJKMNPRTUVWXY';
const MAKERS = [
  ['Smith & Wesson', 'M&P9', '9X19', 'pistol'],
  ['Glock', '19', '9X19', 'pistol'],
  ['Colt', 'AR-15', '5.56X45', 'rifle'],
  ['Ruger', '10/22', '.22 LR', 'rifle'],
  ['Sig Sauer', 'P320', '9X19', 'pistol'],
];

const letters = (n, len) => {
  let out = '';
  for (let i = 0; i < len; i++) {
    out += SAFE[n % SAFE.length];
    n = Math.floor(n / SAFE.length);
  }
  return out;
};

/** Serial of gun `g` of seizure `n`: three letters then seven digits, unique per (n, g). */
export const serialOf = (n, g) => `${letters(n * 7 + g, 3)}${String(n * 10 + g).padStart(7, '0').slice(-7)}`;
export const caseNumberOf = (n) => `ATF-2026-${String(n).padStart(6, '0')}`;

/** Seizure number `n` with `firearms` guns (1..5 distinct makers). `seed` separates data sets. */
export function makeSeizure(n, { firearms = 5, seed = 1, agency = 'ATF', updatedAt } = {}) {
  // Newest first by number: seizure n was saved n × 5 s before 20 Nov 2026, an hour after the recovery.
  const atMs = updatedAt ? Date.parse(updatedAt) : Date.UTC(2026, 10, 20) - n * 5_000;
  const at = new Date(atMs).toISOString();
  const occurredAt = `${new Date(atMs - 8 * 3_600_000).toISOString().slice(0, 19)}-07:00`;
  return {
    id: uuidFrom(seed, n),
    status: 'ready',
    entryLanguage: 'en',
    vocabularyVersion: VOCABULARY_VERSION,
    agency: {
      code: agency,
      ori: 'AZ0000000',
      caseNumber: caseNumberOf(n),
      officer: { firstName: 'Dana', lastName: 'Miller', badge: '4471' },
    },
    recovery: {
      occurredAt,
      timeZone: 'America/Phoenix',
      country: 'US',
      state: 'AZ',
      locality: 'Nogales',
      street: 'W Mariposa Rd',
      postalCode: '85621',
      geo: { lat: 31.34, lon: -110.96, accuracyM: 12 },
      circumstance: 'port_of_entry',
    },
    firearms: Array.from({ length: firearms }, (_, g) => {
      const [manufacturer, model, caliber, type] = MAKERS[g % MAKERS.length];
      return {
        id: uuidFrom(seed + 0x1000, n * 8 + g),
        itemNumber: g + 1,
        type,
        action: 'semi_automatic',
        manufacturer,
        model,
        caliber,
        serialNumber: serialOf(n, g),
        serialStatus: 'legible',
        serialLocation: type === 'rifle' ? 'receiver' : 'frame',
        countryOfOrigin: 'US',
      };
    }),
    ammunition: [{ kind: 'cartridge', caliber: '9X19', quantity: 50, headstamp: 'WIN 9MM LUGER', linkedItem: 1 }],
    magazines: [{ quantity: 2, capacity: 17, caliber: '9X19', manufacturer: 'Smith & Wesson', linkedItem: 1 }],
    possessors: [{ role: 'possessor', firstName: 'John', lastName: 'Doe', dateOfBirth: '1990-05-14' }],
    confirmedWarnings: [],
    createdAt: at,
    updatedAt: at,
    createdBy: 'dmiller',
    deviceId: 'bench-device',
  };
}
