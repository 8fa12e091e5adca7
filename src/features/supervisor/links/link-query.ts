/** What a link view asks the server for, as its query string (docs/links.md "API"). Pure. */
import { LINK_REASONS, type LinkReason } from '../../../domain/links';

/** What the link view asks for: the subject, and the filters the server applies (reasons, recovery dates). */
export interface LinkSubject {
  kind: 'seizures' | 'firearms';
  id: string;
}
export interface LinkFilters {
  reasons: readonly LinkReason[];
  from: string;
  to: string;
}
export const NO_FILTERS: LinkFilters = { reasons: [], from: '', to: '' };

/** The query string of a view; every reason (or none chosen) is no reason filter at all. */
export function linkQuery(filters: LinkFilters, depth = 1): string {
  const params = new URLSearchParams();
  if (depth !== 1) params.set('depth', String(depth));
  if (filters.reasons.length > 0 && filters.reasons.length < LINK_REASONS.length) params.set('reasons', LINK_REASONS.filter((r) => filters.reasons.includes(r)).join(','));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  const query = params.toString();
  return query ? `?${query}` : '';
}
