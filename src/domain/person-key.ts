/**
 * The key two records' possessors are matched by (issue 16, "the same possessor"): a person's
 * names as officers on both sides of the border write them. Accents and case are noise (María,
 * MARIA, maria); Mexican names carry two surnames, written in either order and often with only
 * the first; particles (de, del, de la, de los, y) come and go ("María de la Luz Pérez y Núñez").
 * So the key is the set of name words without particles, sorted, plus the date of birth: the
 * same words in any order meet, and a name alone never links (too many Juan Hernández).
 *
 * Pure: the server computes it for its link index, the tests pin its cases.
 */
import { searchKey } from './vocab/normalize';

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'e', 'da', 'dos', 'van', 'von']);

export interface PersonName {
  firstName?: string | undefined;
  lastName?: string | undefined;
  secondLastName?: string | undefined;
}

/** The name's words, folded (accents, case, punctuation gone), particles dropped, sorted. */
export function nameWords(name: PersonName): string[] {
  const words = [name.firstName, name.lastName, name.secondLastName]
    .flatMap((part) => (part ?? '').split(/[\s\-'.,]+/))
    .map((word) => searchKey(word))
    .filter((word) => word.length > 0 && !PARTICLES.has(word));
  return [...new Set(words)].sort();
}

/**
 * The match key of a person: the name's words and the date of birth, or '' when either is
 * missing or the name has fewer than two words (a first name alone identifies nobody).
 */
export function personKey(name: PersonName, dateOfBirth: string | undefined): string {
  const words = nameWords(name);
  if (!dateOfBirth || words.length < 2) return '';
  return `${dateOfBirth}|${words.join(' ')}`;
}

/**
 * Whether two people are the same by name and date of birth, tolerating a missing second
 * surname on one side: one set of words holds the other, with at least a first name and a
 * surname in common, and the dates of birth are equal.
 */
export function samePerson(a: PersonName & { dateOfBirth?: string | undefined }, b: PersonName & { dateOfBirth?: string | undefined }): boolean {
  if (!a.dateOfBirth || a.dateOfBirth !== b.dateOfBirth) return false;
  const [small, large] = [nameWords(a), nameWords(b)].sort((x, y) => x.length - y.length) as [string[], string[]];
  return small.length >= 2 && small.every((word) => large.includes(word));
}
