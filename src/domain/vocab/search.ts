import { searchKey } from './normalize';
import type { Lang, VocabOption } from './types';

interface Keys {
  code: string;
  en: string;
  es: string;
  aliases: readonly string[];
  /** Each word of the labels and aliases, so "wesson" ranks as a word start, not a mere substring. */
  words: readonly string[];
}

// Options are long-lived constants, so their keys are computed once per option, not per keystroke.
const cache = new WeakMap<VocabOption, Keys>();

function keysOf(option: VocabOption): Keys {
  let keys = cache.get(option);
  if (!keys) {
    const texts = [option.label.en, option.label.es, ...option.aliases];
    keys = {
      code: searchKey(option.code),
      en: searchKey(option.label.en),
      es: searchKey(option.label.es),
      aliases: option.aliases.map(searchKey).filter(Boolean),
      words: texts.flatMap((t) => t.split(/[\s/()\-,.]+/)).map(searchKey).filter(Boolean),
    };
    cache.set(option, keys);
  }
  return keys;
}

const NO_MATCH = 4;

/** 0 exact, 1 prefix in the UI language, 2 word start or other-language prefix, 3 substring. */
function rank(k: Keys, q: string, lang: Lang): number {
  const label = lang === 'en' ? k.en : k.es;
  const other = lang === 'en' ? k.es : k.en;
  if (q === k.code || q === k.en || q === k.es || k.aliases.includes(q)) return 0;
  if (label.startsWith(q) || k.code.startsWith(q) || k.aliases.some((a) => a.startsWith(q))) return 1;
  if (other.startsWith(q) || k.words.some((w) => w.startsWith(q))) return 2;
  if (label.includes(q) || other.includes(q) || k.aliases.some((a) => a.includes(q))) return 3;
  return NO_MATCH;
}

/**
 * Ranked, accent- and punctuation-blind search for pickers. Ties keep the list's own order,
 * which the vocabularies use to put the most frequent entries first.
 */
export function searchOptions<T extends VocabOption>(
  options: readonly T[],
  query: string,
  lang: Lang,
  limit = 20,
): T[] {
  const q = searchKey(query);
  if (!q) return options.slice(0, limit);
  const buckets: T[][] = [[], [], [], []];
  for (const option of options) {
    const r = rank(keysOf(option), q, lang);
    if (r !== NO_MATCH) buckets[r]?.push(option);
  }
  return buckets.flat().slice(0, limit);
}
