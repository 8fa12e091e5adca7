/**
 * The audit trail's hash chain (docs/security.md "Audit trail"). Each row's hash covers a
 * canonical serialisation of the row and the previous row's hash, so changing any stored row,
 * removing one or slipping one in breaks the chain from that row on, and `audit verify` names
 * the first broken link.
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

export type ChainCheck = { ok: true; count: number; lastSeq: number | null } | { ok: false; count: number; seq: number; reason: string };

/**
 * Walks rows in seq order (pages of them, so a long trail never sits in memory at once).
 * Sequence numbers start at 1 and have no gaps, so a removed row is named by its own number.
 */
export async function verifyChain(pages: AsyncIterable<readonly ChainedRow[]>): Promise<ChainCheck> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        return row.seq > expectedSeq
          ? { ok: false, count, seq: expectedSeq, reason: `row ${expectedSeq} is missing (the next row is ${row.seq})` }
          : { ok: false, count, seq: row.seq, reason: `row ${row.seq} is out of order (expected ${expectedSeq})` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, count, seq: row.seq, reason: `prev_hash does not match the hash of row ${row.seq - 1}: a row before it was changed, removed or inserted` };
      }
      if (hashOf(row) !== row.hash) return { ok: false, count, seq: row.seq, reason: 'the row does not match its hash: it was changed after it was written' };
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
  }
  return { ok: true, count, lastSeq: count > 0 ? expectedSeq - 1 : null };
}
