/**
 * The link routes' queries (docs/links.md "API"), validated by the same rules wherever they are
 * built: a bad reason, depth, date or page answers 400 `request.invalid`, never a guess.
 */
import { z } from 'zod/mini';
import { MAX_SERIAL_DISTANCE } from '../serial-distance';
import { LINK_REASONS, type LinkReason } from './keys';

const isoDate = z.iso.date();
const reasonList = z.pipe(
  z.string().check(z.regex(new RegExp(`^(${LINK_REASONS.join('|')})(,(${LINK_REASONS.join('|')}))*$`))),
  z.transform((text) => [...new Set(text.split(','))] as LinkReason[]),
);
const wholeIn = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^[0-9]{1,5}$/)),
    z.pipe(z.transform(Number), z.number().check(z.gte(min), z.lte(max))),
  );
const inOrder = ({ from, to }: { from?: string | undefined; to?: string | undefined }) => from === undefined || to === undefined || from <= to;

export const LinkViewQuerySchema = z
  .strictObject({
    depth: z.optional(z.pipe(z.enum(['1', '2']), z.transform(Number))),
    reasons: z.optional(reasonList),
    from: z.optional(isoDate),
    to: z.optional(isoDate),
    /** The thresholds of this view, within what the index can answer (docs/links.md "Rules and strengths"). */
    serialDistance: z.optional(wholeIn(1, MAX_SERIAL_DISTANCE)),
    placeMetres: z.optional(wholeIn(10, 2000)),
    placeDays: z.optional(wholeIn(0, 30)),
  })
  .check(z.refine(inOrder));

/** Leads look at a window of recovery dates: a year unless asked, never more than two (docs/links.md "Leads"). */
export const LEADS_MAX_WINDOW_DAYS = 731;

export const LeadsQuerySchema = z
  .strictObject({
    from: z.optional(isoDate),
    to: z.optional(isoDate),
    reasons: z.optional(reasonList),
    limit: z.optional(z.pipe(z.string().check(z.regex(/^[1-9][0-9]?$/)), z.transform(Number))),
    /** How many clusters the earlier pages held. */
    cursor: z.optional(z.pipe(z.string().check(z.regex(/^[0-9]{1,6}$/)), z.transform(Number))),
  })
  .check(z.refine(inOrder));

export type LinkViewQuery = z.infer<typeof LinkViewQuerySchema>;
export type LeadsQuery = z.infer<typeof LeadsQuerySchema>;
