/**
 * A record as a list of (path, value) leaves, and each value in words, so two versions of a
 * seizure can be compared field by field on the conflict screen.
 */
import type { Language, Seizure } from '../../../domain/schema';
import { findCaliber } from '../../../domain/vocab/calibers';
import { findCountry } from '../../../domain/vocab/countries';
import { findCrimeCode } from '../../../domain/vocab/crimes';
import { findMaker } from '../../../domain/vocab/makers';
import { findMxState } from '../../../domain/vocab/mexico';
import { findUsState } from '../../../domain/vocab/us-states';
import { formatDateTime, formatOccurredAt } from '../../../i18n';
import type { Translate } from './issue-field-label';

// Bookkeeping that differs between versions without being part of what was seized.
const IGNORED = new Set(['revision', 'updatedAt', 'createdAt', 'deviceId', 'createdBy', 'vocabularyVersion', 'confirmedWarnings', 'entryLanguage', 'id']);

export function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, `${prefix}${i}.`).forEach((v, k) => out.set(k, v)));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (prefix === '' && IGNORED.has(key)) continue;
      if (key === 'id' && prefix.startsWith('firearms.')) continue;
      leaves(item, `${prefix}${key}.`).forEach((v, k) => out.set(k, v));
    }
  } else if (value !== undefined) out.set(prefix.replace(/\.$/, ''), value);
  return out;
}

const VOCAB_FIELDS: Record<string, string> = {
  type: 'firearmType',
  action: 'action',
  serialStatus: 'serialStatus',
  serialLocation: 'serialLocation',
  noneMarkedReason: 'noneMarkedReason',
  circumstance: 'circumstance',
  role: 'possessorRole',
  idType: 'idType',
  kind: 'ammunitionKind',
  priority: 'priority',
  geoMissing: 'geoMissing',
};

export function valueInWords(path: string, value: unknown, record: Seizure, lang: Language, t: Translate): string {
  if (value === undefined) return '—';
  const leaf = path.split('.').at(-1) ?? path;
  const text = String(value);
  if (typeof value === 'boolean') return t(value ? 'detail.yes' : 'detail.no');
  if (leaf === 'manufacturer' || leaf === 'importer') return findMaker(text)?.label[lang] ?? text;
  if (leaf === 'caliber') return findCaliber(text)?.label[lang] ?? text;
  if (leaf === 'countryOfOrigin' || path === 'recovery.country') return findCountry(text)?.name[lang] ?? text;
  if (path === 'recovery.state') return (record.recovery.country === 'MX' ? findMxState(text)?.name : findUsState(text)?.name[lang]) ?? text;
  if (path === 'recovery.occurredAt') return formatOccurredAt(text, lang);
  if (path === 'recovery.geo.fixedAt') return formatDateTime(text, lang);
  if (path === 'recovery.crimeCode') return findCrimeCode(text)?.label[lang] ?? text;
  const vocab = VOCAB_FIELDS[leaf];
  if (vocab) return t(`vocab:${vocab}.${text}`, { defaultValue: text });
  return text;
}
