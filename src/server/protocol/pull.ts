/**
 * One page of a pull (docs/sync-protocol.md "Pull"): the caller's agency's own records and what
 * other agencies share with it, merged in the order of the one pull sequence.
 *
 * Both sources are read up to `limit + 1` rows in key order, so the first `limit + 1` of their
 * merge are the first of the whole stream, and the extra row tells whether another page follows.
 * Keys never repeat within one agency's stream (each sequence number belongs to one record).
 */
import type { Store } from '../store';
import type { StoredSeizure } from '../store/records-repository';

/** domain/sync-wire.ts PulledChange, with the record as the server stored it. */
export type PullChange =
  | { recordId: string; revision: number; record: StoredSeizure; shared?: { fromAgency: string } }
  | { recordId: string; revision: number; removed: true };

export interface PullPage {
  changes: PullChange[];
  cursor: string;
  more: boolean;
}

export async function pullPage(store: Store, agency: string, cursor: number, limit: number): Promise<PullPage> {
  const [own, shared] = await Promise.all([store.records.changesSince(agency, cursor, limit + 1), store.shares.changesSince(agency, cursor, limit + 1)]);
  const merged: { key: number; change: PullChange }[] = [
    ...own.map((row) => ({ key: row.lastSeq, change: { recordId: row.recordId, revision: row.revision, record: row.body } })),
    ...shared.map((row) => ({
      key: row.key,
      change: row.removed
        ? { recordId: row.recordId, revision: row.revision, removed: true as const }
        : { recordId: row.record.recordId, revision: row.record.revision, record: row.record.body, shared: { fromAgency: row.record.agencyCode } },
    })),
  ].sort((a, b) => a.key - b.key);
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  return { changes: page.map((entry) => entry.change), cursor: String(last ? last.key : cursor), more: merged.length > limit };
}
