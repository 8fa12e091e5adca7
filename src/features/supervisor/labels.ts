/** Names for the codes the server's answers carry, in the supervisor's language. */
import { findMaker, findMxState, findUsState, type Language } from '../../domain';
import { formatCalendarDate } from '../../i18n';

/** An INEGI state code (26) or a US state (AZ), by name; an unknown code as it came. */
export const stateName = (code: string | null | undefined, lang: Language): string | undefined =>
  code ? (findMxState(code)?.name ?? findUsState(code)?.name[lang] ?? code) : undefined;

export const makerName = (value: string | null | undefined, lang: Language): string | undefined => (value ? (findMaker(value)?.label[lang] ?? value) : undefined);

/** A calendar date (YYYY-MM-DD) as the screens write dates: no time, no time zone to shift it. */
export const calendarDate = (day: string | null | undefined, lang: Language): string | undefined => (day ? formatCalendarDate(day, lang) : undefined);
