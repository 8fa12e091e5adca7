import { describe, expect, it } from 'vitest';
import {
  AMMUNITION_KINDS,
  CIRCUMSTANCES,
  GEO_MISSING_REASONS,
  FIREARM_ACTIONS,
  FIREARM_TYPES,
  ISSUE_CODES,
  NONE_MARKED_REASONS,
  POSSESSOR_ROLES,
  ID_DOCUMENT_TYPES,
  PRIORITIES,
  SERIAL_LOCATIONS,
  SERIAL_STATUSES,
  TRACE_FIELDS,
} from '../../src/domain';
import { NAMESPACES, screenResources, shellResources, supervisorResources } from '../../src/i18n/resources';
import { TRACE_ISSUE_CODES } from '../../src/domain/trace-status';
import { STORAGE_ERROR_CODES } from '../../src/storage/errors';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

// The shell's strings and the screens' chunk of each language, as the app loads them.
const resources = {
  en: { ...shellResources.en, ...(await screenResources.en()), supervisor: await supervisorResources.en() },
  es: { ...shellResources.es, ...(await screenResources.es()), supervisor: await supervisorResources.es() },
};

const keysOf = (lang: 'en' | 'es'): Map<string, string> =>
  new Map(NAMESPACES.flatMap((ns) => [...flatten(resources[lang][ns] as Tree)].map(([k, v]) => [`${ns}:${k}`, v] as const)));
const en = keysOf('en');
const es = keysOf('es');
const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)/g)].map((m) => m[1]).sort();

// A plural key is one key with a form per plural category (i18next: key_one, key_other; Spanish
// also key_many, for "1 millón de…"). Both languages carry the same forms, so their files keep
// exactly the same keys: English's key_many repeats its key_other (i18next never picks it there).
const PLURAL = /_(zero|one|two|few|many|other)$/;
const pluralForms = (keys: Map<string, string>) => {
  const forms = new Map<string, string[]>();
  for (const key of keys.keys()) {
    const match = PLURAL.exec(key);
    if (match) forms.set(key.replace(PLURAL, ''), [...(forms.get(key.replace(PLURAL, '')) ?? []), match[1]!].sort());
  }
  return forms;
};
const LOCALES = [['en', en, 'en-US'], ['es', es, 'es-MX']] as const;
const categoriesOf = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories;

describe('English and Spanish resources', () => {
  it('have exactly the same keys', () => {
    expect([...es.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !es.has(k))).toEqual([]);
  });

  it('give every plural key the forms both languages use, and no other', () => {
    const wanted = [...new Set(LOCALES.flatMap(([, , locale]) => categoriesOf(locale)))].sort();
    for (const [lang, keys] of LOCALES) {
      const wrong = [...pluralForms(keys)].filter(([, forms]) => JSON.stringify(forms) !== JSON.stringify(wanted));
      expect(wrong, lang).toEqual([]);
    }
  });

  it('have no empty text', () => {
    expect([...en, ...es].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('use the same interpolation variables for each key', () => {
    // A plural form is compared with the other language's "other" form of the same key.
    const inSpanish = (key: string) => es.get(key) ?? es.get(key.replace(PLURAL, '_other')) ?? '';
    const mismatched = [...en].filter(([key, text]) => JSON.stringify(variables(text)) !== JSON.stringify(variables(inSpanish(key))));
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('are not left untranslated in Spanish', () => {
    // Brand and unit words may coincide; whole sentences must not.
    const same = [...en].filter(([key, text]) => text.split(' ').length > 3 && es.get(key) === text);
    expect(same.map(([key]) => key)).toEqual([]);
  });
});

describe.each(['en', 'es'] as const)('%s has text for every code', (lang) => {
  const keys = lang === 'en' ? en : es;
  const expectKeys = (wanted: string[]) => expect(wanted.filter((key) => !keys.has(key))).toEqual([]);

  it('every issue code', () => expectKeys(ISSUE_CODES.map((code) => `issues:${code}`)));
  it('every trace status code', () => expectKeys(TRACE_ISSUE_CODES.map((code) => `issues:${code}`)));
  it('every storage error', () => expectKeys(STORAGE_ERROR_CODES.map((code) => `storage:errors.${code}`)));
  it('every vocabulary value', () =>
    expectKeys([
      ...FIREARM_TYPES.map((c) => `vocab:firearmType.${c}`),
      ...FIREARM_ACTIONS.map((c) => `vocab:action.${c}`),
      ...SERIAL_STATUSES.map((c) => `vocab:serialStatus.${c}`),
      ...SERIAL_LOCATIONS.map((c) => `vocab:serialLocation.${c}`),
      ...NONE_MARKED_REASONS.map((c) => `vocab:noneMarkedReason.${c}`),
      ...CIRCUMSTANCES.map((c) => `vocab:circumstance.${c}`),
      ...POSSESSOR_ROLES.map((c) => `vocab:possessorRole.${c}`),
      ...ID_DOCUMENT_TYPES.map((c) => `vocab:idType.${c}`),
      ...AMMUNITION_KINDS.map((c) => `vocab:ammunitionKind.${c}`),
      ...PRIORITIES.map((c) => `vocab:priority.${c}`),
      ...GEO_MISSING_REASONS.map((c) => `vocab:geoMissing.${c}`),
    ]));
  it('every field a trace needs', () => expectKeys(TRACE_FIELDS.map((f) => `seizure:field.${f}`)));
});

describe('labels users and tests find fields by (docs/domain-rules.md#field-labels)', () => {
  it.each([
    ['serialNumber', 'Serial number', 'Número de serie'],
    ['serialStatus', 'Serial number status', 'Estado del número de serie'],
    ['manufacturer', 'Manufacturer', 'Marca'],
    ['model', 'Model', 'Modelo'],
    ['caliber', 'Caliber', 'Calibre'],
    ['type', 'Firearm type', 'Tipo de arma'],
    ['countryOfOrigin', 'Country of manufacture', 'País de fabricación'],
    ['importer', 'Importer', 'Importador'],
    ['caseNumber', 'Case number', 'Carpeta de investigación'],
    ['occurredAt', 'Date and time of seizure', 'Fecha y hora del aseguramiento'],
    ['state', 'State', 'Entidad federativa'],
    ['municipality', 'Municipality', 'Municipio'],
  ])('%s', (field, english, spanish) => {
    expect(en.get(`seizure:field.${field}`)).toBe(english);
    expect(es.get(`seizure:field.${field}`)).toBe(spanish);
  });
});
