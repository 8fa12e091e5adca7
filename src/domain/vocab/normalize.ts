// Letters that NFKD leaves whole because Unicode treats them as distinct letters, not accented
// ones; officers copying a stamp or a foreign name still expect them to match plain Latin.
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ı: 'i',
  // Calibre labels are printed with the multiplication sign (7.62×39); people type an x.
  '×': 'x',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'g');

// Validating one record folds the same vocabulary names and field texts over and over (every
// firearm's maker, calibre and model against each other); remembering recent keys makes a
// save's and a push's checks several times cheaper. Bounded, so it cannot grow without limit.
const RECENT_LIMIT = 4096;
const recent = new Map<string, string>();

/**
 * The comparison key for every vocabulary lookup: case, accents, spaces and punctuation are
 * noise when someone types "Calibre .22" or "smith&wesson"; "&" is kept because it carries the
 * meaning in S&W and H&K. NFKD rather than NFD so full-width and ligature forms from phone
 * keyboards fold too.
 */
export function searchKey(s: string): string {
  let key = recent.get(s);
  if (key === undefined) {
    key = s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(FOLDABLE, (c) => FOLDED_LETTERS[c] ?? c)
      .replace(/[^a-z0-9&]/g, '');
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(s, key);
  }
  return key;
}
