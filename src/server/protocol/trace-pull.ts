/**
 * One page of trace statuses (docs/sync-protocol.md "Trace status"): the caller's agency's own
 * firearms and those of records shared with it, in the one pull sequence. Own statuses have a
 * number each; a share brings all of its record's statuses under the share's number, so a page
 * never ends inside a key (the device's cursor would skip the rest): the rows of a split key are
 * left for the next page, or, when that key alone fills the page, all of them are sent (at most a
 * record's firearms).
 */
import type { PulledTrace } from '../../domain/trace-wire';
import type { Store } from '../store';
import type { TraceChangeRow } from '../store/trace-repository';

export interface TracePullPage {
  statuses: (PulledTrace & { updatedBy: string })[];
  cursor: string;
  more: boolean;
}

const toPulled = ({ latest, sharedBy }: TraceChangeRow): TracePullPage['statuses'][number] => ({
  recordId: latest.recordId,
  firearmId: latest.firearmId,
  revision: latest.revision,
  status: latest.body,
  updatedBy: latest.updatedBy,
  ...(sharedBy ? { shared: { fromAgency: sharedBy } } : {}),
});

export async function tracePullPage(store: Store, agency: string, cursor: number, limit: number): Promise<TracePullPage> {
  const [own, shared] = await Promise.all([store.trace.ownChangesSince(agency, cursor, limit + 1), store.trace.sharedChangesSince(agency, cursor, limit + 1)]);
  const merged = [...own, ...shared].sort((a, b) => a.key - b.key);
  let page = merged.slice(0, limit);
  let more = merged.length > limit;
  const next = merged[limit];
  if (next && page.at(-1)?.key === next.key) {
    const whole = page.filter((row) => row.key !== next.key);
    // A key that fills the page alone: all of it now; what follows it may be more than was read.
    // Only a share's number is held by several rows (own statuses have one each): it is a shared one.
    page = whole.length > 0 ? whole : await store.trace.sharedChangesAt(agency, next.key);
    more = true;
  }
  const last = page.at(-1);
  return { statuses: page.map(toPulled), cursor: String(last ? last.key : cursor), more };
}
