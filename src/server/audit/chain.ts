/**
 * The audit trail's hash chain (docs/security.md "Audit trail"). Each row's hash covers a
 * canonical serialisation of the row and the previous row's hash, so changing any stored row,
 * removing one or slipping one in breaks a link at that row, and `audit verify` lists every
 * broken link.
 */
import { createHash } from 'node:crypto';

/** The previous hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);
/** Bumped if the serialisation ever changes; part of every hash, so versions cannot be mixed up. */
const FORMAT = 'traceready-audit-v1';

export interface ChainedRow {
  seq: number;
  at: string;
  actorUserId: string | null;
  agencyCode: string | null;
  deviceId: string | null;
  action: string;
  subject: string | null;
  /** Canonical JSON text, exactly as stored. */
  details: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys in sorted order at every level: one text per value, whatever built it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashOf(row: Omit<ChainedRow, 'hash'>): string {
  // An array in a fixed order: no field can be confused with another, nulls included.
  const text = JSON.stringify([FORMAT, row.seq, row.at, row.actorUserId, row.agencyCode, row.deviceId, row.action, row.subject, row.details, row.prevHash]);
  return createHash('sha256').update(text).digest('hex');
}

/** One link of the chain that does not hold, and why. */
export interface BrokenLink {
  seq: number;
  reason: string;
}

/** At most this many broken links are listed; the count covers them all. */
export const MAX_LISTED_BREAKS = 1000;

export type ChainCheck =
  | { ok: true; count: number; lastSeq: number | null }
  /** `seq` and `reason` are the first break, `count` the rows verified before it; `broken` lists every break. */
  | { ok: false; count: number; seq: number; reason: string; broken: BrokenLink[]; brokenCount: number; rows: number };

/**
 * Walks rows in seq order (pages of them, so a long trail never sits in memory at once).
 * Sequence numbers start at 1 and have no gaps, so a removed row is named by its own number.
 *
 * It does not stop at the first break: each row is checked against its own hash and against the
 * stored hash of the row before it, so one altered row shows as one break and the walk goes on.
 * A false alarm (a row stored other than it was hashed) must never hide a real alteration after
 * it, and whoever investigates needs every row that is wrong, not the first.
 */
export async function verifyChain(pages: AsyncIterable<readonly ChainedRow[]>): Promise<ChainCheck> {
  let expectedSeq = 1;
  let prevHash: string | undefined = GENESIS_HASH;
  let rows = 0;
  let intactBeforeFirstBreak = 0;
  const broken: BrokenLink[] = [];
  let brokenCount = 0;
  const breakAt = (seq: number, reason: string) => {
    brokenCount += 1;
    if (broken.length < MAX_LISTED_BREAKS) broken.push({ seq, reason });
  };
  for await (const page of pages) {
    for (const row of page) {
      rows += 1;
      if (row.seq > expectedSeq) {
        const last = row.seq - 1;
        breakAt(expectedSeq, last === expectedSeq ? `row ${expectedSeq} is missing (the next row is ${row.seq})` : `rows ${expectedSeq} to ${last} are missing (the next row is ${row.seq})`);
        // The missing row's hash is unknown: this row's link to it cannot be judged.
        prevHash = undefined;
      } else if (row.seq < expectedSeq) {
        breakAt(row.seq, `row ${row.seq} is out of order (expected ${expectedSeq})`);
      }
      if (prevHash !== undefined && row.prevHash !== prevHash) {
        breakAt(row.seq, `prev_hash does not match the hash of row ${row.seq - 1}: a row before it was changed, removed or inserted`);
      }
      if (hashOf(row) !== row.hash) breakAt(row.seq, 'the row does not match its hash: it was changed after it was written');
      if (brokenCount === 0) intactBeforeFirstBreak += 1;
      prevHash = row.hash;
      expectedSeq = Math.max(expectedSeq, row.seq + 1);
    }
  }
  const first = broken[0];
  if (first === undefined) return { ok: true, count: rows, lastSeq: rows > 0 ? expectedSeq - 1 : null };
  return { ok: false, count: intactBeforeFirstBreak, seq: first.seq, reason: first.reason, broken, brokenCount, rows };
}
