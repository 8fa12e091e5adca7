/** A typed code's problem (domain/bag-code.ts parseBagCode) in the officer's words. */
import type { TFunction } from 'i18next';
import type { BagCodeParse } from '../../../domain/bag-code';

export function bagCodeProblemText(t: TFunction<'evidence'>, parsed: Extract<BagCodeParse, { ok: false }>): string {
  switch (parsed.problem) {
    case 'empty':
      return t('find.empty');
    case 'length':
      return t('find.length', { count: [...parsed.normalized].length });
    case 'character':
      return t('find.character', { position: parsed.position ?? 0, character: parsed.character ?? '' });
    case 'check':
      return t('find.check');
  }
}
