import { searchKey } from './normalize';
import type { VocabOption } from './types';

/**
 * Exact lookup by code, label (either language) or alias, compared by searchKey. Codes win
 * over labels and labels over aliases, so a stray alias can never hijack a canonical name.
 * The index is built on first use: most screens load a vocabulary without ever looking up.
 */
export function exactLookup<T extends VocabOption>(
  options: readonly T[],
): (value: string | undefined) => T | undefined {
  let index: Map<string, T> | undefined;
  const build = (): Map<string, T> => {
    const map = new Map<string, T>();
    const add = (text: string, option: T): void => {
      const key = searchKey(text);
      if (key && !map.has(key)) map.set(key, option);
    };
    for (const o of options) add(o.code, o);
    for (const o of options) {
      add(o.label.en, o);
      add(o.label.es, o);
    }
    for (const o of options) for (const alias of o.aliases) add(alias, o);
    return map;
  };
  return (value) => {
    if (value === undefined) return undefined;
    index ??= build();
    return index.get(searchKey(value));
  };
}
