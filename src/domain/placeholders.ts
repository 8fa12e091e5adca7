/**
 * Words people type when there is nothing to type: "N/A" in the serial box, "S/N" as a case
 * number. They are statuses, not values (S-H2, docs/domain-rules.md#s-h2), so both the serial
 * check and the case-number check refuse them.
 */
const PLACEHOLDER_WORDS = new Set([
  'NONE', 'NO', 'NA', 'ND', 'NIL', 'NULL', 'BLANK', 'TBD', 'MISSING', 'REMOVED', 'DEFACED', 'ERASED',
  'UNK', 'UNKN', 'UNKNOWN', 'UNKOWN', 'ILLEGIBLE', 'UNREADABLE', 'NONEMARKED', 'NOSERIAL', 'NOSN',
  'NOSERIALNUMBER', 'SN', 'SM', 'SINNUMERO', 'SINNUM', 'SINNO', 'SINMATRICULA', 'SINSERIE',
  'SINNUMERODESERIE', 'NOTIENE', 'NOPRESENTA', 'NOAPLICA', 'NOVISIBLE', 'NOLEGIBLE', 'ILEGIBLE',
  'LIMADO', 'LIMADA', 'BORRADO', 'BORRADA', 'ALTERADO', 'ALTERADA', 'DESCONOCIDO', 'DESCONOCIDA',
  'SINDATO', 'SINDATOS', 'SININFORMACION', 'NOSE',
]);

export function isPlaceholderText(value: string): boolean {
  const compact = value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\s+/g, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[./\\_\-,'"*]/g, '');
  if (compact === '') return true; // only punctuation, e.g. "-" or "/"
  if (/^(X+|\?+|0+)$/.test(compact)) return true;
  return PLACEHOLDER_WORDS.has(compact) || compact.startsWith('OBLIT');
}

