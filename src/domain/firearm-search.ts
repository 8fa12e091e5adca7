/**
 * A supervisor's search over firearms (docs/supervisor.md): the query as the app sends it and the
 * server reads it, and the checks both make before anything runs. Serial, maker and case number
 * are matched by the domain's keys (keys.ts), so O for 0, hyphens and spaces do not matter.
 */
import { z } from 'zod/mini';
import { caseNumberKey, serialKey } from './keys';
import { acceptableText } from './text';
import { TRACE_STATES } from './trace-status';

export const SEARCH_PAGE_DEFAULT = 25;
export const SEARCH_PAGE_MAX = 100;

const term = (max: number) => z.optional(z.string().check(z.minLength(1), z.maxLength(max), acceptableText()));
const isoDate = z.optional(z.iso.date());

/** Query strings are text; a repeated parameter arrives as an array and is refused here. */
export const FirearmSearchQuerySchema = z.strictObject({
  serial: term(40),
  maker: term(80),
  caseNumber: term(40),
  from: isoDate,
  to: isoDate,
  state: z.optional(z.string().check(z.regex(/^[0-9A-Z]{2,3}$/))),
  municipality: z.optional(z.string().check(z.regex(/^\d{5}$/))),
  traceStatus: z.optional(z.enum(TRACE_STATES)),
  /** Where the previous page ended: "<sequence>:<firearm id>". */
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}:[0-9a-f-]{36}$/))),
  limit: z.optional(z.pipe(z.string().check(z.regex(/^[1-9][0-9]{0,2}$/)), z.pipe(z.transform(Number), z.int().check(z.lte(SEARCH_PAGE_MAX))))),
});
export type FirearmSearchQuery = z.output<typeof FirearmSearchQuerySchema>;

export const SEARCH_ISSUE_CODES = ['search.rangeReversed', 'search.serialHasNoKey', 'search.caseHasNoKey'] as const;
export type SearchIssueCode = (typeof SEARCH_ISSUE_CODES)[number];

/** What makes a well-formed query meaningless: each would match nothing, or everything by accident. */
export function checkFirearmSearch(query: FirearmSearchQuery): SearchIssueCode[] {
  const codes: SearchIssueCode[] = [];
  if (query.from && query.to && query.from > query.to) codes.push('search.rangeReversed');
  // "---" has no key: a search for it would list every firearm without a serial.
  if (query.serial !== undefined && serialKey(query.serial) === '') codes.push('search.serialHasNoKey');
  if (query.caseNumber !== undefined && caseNumberKey(query.caseNumber) === '') codes.push('search.caseHasNoKey');
  return codes;
}

/** The dashboard's period: the recovery's date at the scene, both ends included, both optional. */
export const DashboardQuerySchema = z.strictObject({ from: isoDate, to: isoDate });
export type DashboardQuery = z.output<typeof DashboardQuerySchema>;

export const checkDashboardQuery = (query: DashboardQuery): SearchIssueCode[] => (query.from && query.to && query.from > query.to ? ['search.rangeReversed'] : []);
