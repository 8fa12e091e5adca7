/**
 * Everything one officer's open keys remember, in one place (docs/security.md, "Records sealed on
 * the device"). Sync reads and rewrites the same rows several times within seconds (a batch is
 * read, marked as sent, acknowledged), a save knows what it will write before its transaction,
 * and in JavaScript AES-GCM costs about 0.1 ms per kB and a keyed hash a few microseconds: each
 * part below saves one of those costs, under the rule that keeps it from weakening the seal.
 *
 * - Sealed ahead (by row context): bytes WebCrypto sealed before the transaction that writes the
 *   row (presealBytes). Handed out only for exactly the JSON they seal under exactly that context,
 *   and only once: a nonce never seals two plaintexts.
 * - Rows lately sealed or opened (by row context): their bytes and JSON. The same bytes are not
 *   decrypted again (they are compared, so altered bytes still fail the tag check). Each carries,
 *   once the sealing middleware has opened it from a row stored in the current index format, the
 *   index hashes stored for its plain index values: written again unchanged in them (a pulled
 *   conflict, "keep mine"), the row is not hashed again. Only that format, so rows of an earlier
 *   one are still indexed again at unlock.
 * - Index hashes by value: a row written again needs the same few dozen hashes.
 *
 * The cache belongs to the keys (record-cipher.ts makes one per deriveDeviceKeys) and goes with
 * them at lock: no plaintext outlives the keys. Every part is bounded, and emptied when full
 * rather than kept in least-recently-used order: a Map that has many entries deleted from its
 * front walks over their empty slots to find the first one left.
 */
type Row = Record<string, unknown>;

/** The index hashes a row was stored with, and the plain values they stand for (as one key). */
export interface RowIndex {
  plain: string;
  stored: Row;
}

export interface SealingCache {
  /** Bytes sealed ahead for exactly this JSON under this context, if any; forgotten once taken. */
  takeSealedAhead(context: string, json: string): Uint8Array | undefined;
  keepSealedAhead(context: string, json: string, sealed: Uint8Array): void;
  /** The row's JSON when these are the bytes it was last sealed or opened as. */
  openedJson(context: string, sealed: Uint8Array): string | undefined;
  /** Keeps a copy of the bytes: the caller's array may be written to (IndexedDB, the caller). */
  rememberRow(context: string, sealed: Uint8Array, json: string): void;
  rowIndex(context: string): RowIndex | undefined;
  /** For a row just opened from the current index format; forgotten with the row. */
  rememberRowIndex(context: string, index: RowIndex): void;
  indexHash(value: string, hash: (value: string) => string): string;
}

/** Rows: about 5 MB for 1,000 seizure rows. */
const REMEMBERED_ROWS = 1_000;
/** At most this many rows sealed ahead and not yet written: a pulled page is 500 rows and their 500 sync states. */
const SEALED_AHEAD = 2_000;
const REMEMBERED_HASHES = 20_000;

interface RememberedRow {
  sealed: Uint8Array;
  json: string;
  index?: RowIndex;
}

function remember<V>(part: Map<string, V>, key: string, value: V, limit: number): void {
  if (part.size >= limit) part.clear();
  part.set(key, value);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createSealingCache(): SealingCache {
  const ahead = new Map<string, { sealed: Uint8Array; json: string }>();
  const rows = new Map<string, RememberedRow>();
  const hashes = new Map<string, string>();
  return {
    takeSealedAhead(context, json) {
      const sealed = ahead.get(context);
      if (!sealed || sealed.json !== json) return undefined;
      ahead.delete(context);
      return sealed.sealed;
    },
    keepSealedAhead: (context, json, sealed) => remember(ahead, context, { sealed, json }, SEALED_AHEAD),
    openedJson(context, sealed) {
      const row = rows.get(context);
      return row && sameBytes(row.sealed, sealed) ? row.json : undefined;
    },
    rememberRow(context, sealed, json) {
      const row = rows.get(context);
      // The index hashes stay: they stand for plain values, whatever else the row says now.
      if (row) {
        row.sealed = sealed.slice();
        row.json = json;
      } else remember(rows, context, { sealed: sealed.slice(), json }, REMEMBERED_ROWS);
    },
    rowIndex: (context) => rows.get(context)?.index,
    rememberRowIndex(context, index) {
      const row = rows.get(context);
      if (row) row.index = index;
    },
    indexHash(value, hash) {
      let hashed = hashes.get(value);
      if (hashed === undefined) remember(hashes, value, (hashed = hash(value)), REMEMBERED_HASHES);
      return hashed;
    },
  };
}
