/**
 * The record's shape (SeizureSchema) and the one entry point validateSeizure: strict about form
 * (unknown fields, wrong types, oversized text), permissive about missing values (a draft always
 * saves), and speaking in issue codes rather than zod's English messages.
 */
import { describe, it, expect } from 'vitest';
import { ISSUE_CODES, warningKey, type Issue } from '../../src/domain/issues';
import { dropBlanks, newFirearm, newSeizure } from '../../src/domain/record';
import { LIMITS, SeizureSchema, type Seizure } from '../../src/domain/schema';
import { canBeReady, unconfirmedWarnings, validateSeizure } from '../../src/domain/validate';
import { VOCABULARY_VERSION } from '../../src/domain/vocab';
import { CHECK_CTX, IDS, NOW, sortIssues, usPistol, validSeizure, validSpanishSeizure } from './fixtures';

type Json = Record<string, unknown>;

/** validSeizure as plain JSON with one change made at a dot path (what a client might send). */
function changed(path: string, value: unknown, base: Seizure = validSeizure()): Json {
  const record = structuredClone(base) as unknown as Json;
  const keys = path.split('.');
  const last = keys.pop();
  let target: Record<string, unknown> = record;
  for (const key of keys) target = target[key] as Record<string, unknown>;
  if (last === undefined) throw new Error(`bad path ${path}`);
  if (value === REMOVE) delete target[last];
  else target[last] = value;
  return record;
}
const REMOVE = Symbol('remove');

/** The shape issues for an input that must be refused. */
function refused(input: unknown): Issue[] {
  const result = validateSeizure(input, CHECK_CTX);
  if (result.ok) throw new Error('expected the shape check to refuse the input');
  return sortIssues(result.issues);
}

const shape = (path: string, code: Issue['code'], params?: Issue['params']): Issue =>
  params ? { path, code, severity: 'error', params } : { path, code, severity: 'error' };

describe('valid records', () => {
  it.each([
    ['validSeizure', validSeizure()],
    ['validSpanishSeizure', validSpanishSeizure()],
  ])('%s parses unchanged and has no issues', (_name, record) => {
    const result = validateSeizure(record, CHECK_CTX);
    expect(result).toEqual({ ok: true, record, issues: [] });
    expect(SeizureSchema.parse(record)).toEqual(record);
  });

  it('a position with the time of its fix, or the reason there is none, parses (both optional)', () => {
    const base = validSeizure();
    const fixed = { ...base, recovery: { ...base.recovery, geo: { lat: 20.6767, lon: -103.3475, accuracyM: 12, fixedAt: '2026-11-28T10:02:00.000Z' } } };
    expect(validateSeizure(fixed, CHECK_CTX)).toMatchObject({ ok: true, record: fixed });
    for (const geoMissing of ['no_fix', 'denied'] as const) {
      const missing = { ...base, recovery: { ...base.recovery, geoMissing } };
      expect(validateSeizure(missing, CHECK_CTX)).toMatchObject({ ok: true, record: missing });
    }
  });

  it('a record with a server revision parses', () => {
    expect(validateSeizure({ ...validSeizure(), revision: 7 }, CHECK_CTX).ok).toBe(true);
  });
});

describe('unknown fields are refused (code invalid, params.keys)', () => {
  it.each([
    ['top level', changed('colour', 'red'), shape('', 'invalid', { keys: 'colour' })],
    ['firearm', changed('firearms.0.serie', 'FXK7439'), shape('firearms.0', 'invalid', { keys: 'serie' })],
    ['officer', changed('agency.officer.rank', 'Sgt.'), shape('agency.officer', 'invalid', { keys: 'rank' })],
    ['recovery', changed('recovery.colonia', 'Centro'), shape('recovery', 'invalid', { keys: 'colonia' })],
    ['ammunition row', changed('ammunition.0.brand', 'WIN'), shape('ammunition.0', 'invalid', { keys: 'brand' })],
  ])('%s', (_name, input, expected) => {
    expect(refused(input)).toEqual([expected]);
  });

  it('lists every unknown key of one object', () => {
    const input = { ...validSeizure(), colour: 'red', calibre: '9 mm' };
    expect(refused(input)).toEqual([shape('', 'invalid', { keys: 'colour, calibre' })]);
  });
});

describe('wrong types and values are invalid', () => {
  it.each<[string, unknown]>([
    ['firearms.0.itemNumber', '1'],
    ['firearms.0.itemNumber', 1.5],
    ['firearms.0.privatelyMade', 'sí'],
    ['firearms.0.type', 'pistola'],
    ['firearms.0.serialStatus', 'limado'],
    ['firearms.0.serialLocation', 'armazón'],
    ['firearms.0.serialNumber', 7439],
    ['firearms.0.photos', 'photo.jpg'],
    ['recovery.geo.lat', '31.34'],
    ['recovery.geo.fixedAt', '2026-11-28 10:00'],
    ['recovery.geoMissing', 'indoors'],
    ['recovery.circumstance', 'cateo'],
    ['ammunition.0.quantity', 12.5],
    ['status', 'submitted'],
    ['entryLanguage', 'es-MX'],
    ['agency.officer', 'Dana Miller'],
    ['possessors', {}],
  ])('%s = %j', (path, value) => {
    expect(refused(changed(path, value))).toEqual([shape(path, 'invalid')]);
  });

  it.each<[string, unknown]>([
    ['id', 'not-a-uuid'],
    ['id', 'd6f7d553ec7e4b5fb75040e0ad965ce7'],
    ['firearms.0.id', '12345'],
    ['firearms.0.photos', ['IMG_0001.jpg']],
  ])('bad UUID: %s = %j', (path, value) => {
    const expectedPath = path === 'firearms.0.photos' ? 'firearms.0.photos.0' : path;
    expect(refused(changed(path, value))).toEqual([shape(expectedPath, 'invalid')]);
  });

  it.each<[string, string]>([
    ['recovery.occurredAt', '2026-11-28 10:30'],
    ['recovery.occurredAt', '2026-11-28T10:30:00'], // no offset: the local time would be lost
    ['recovery.occurredAt', '28/11/2026 10:30'],
    ['createdAt', '2026-02-30T10:00:00Z'],
    ['updatedAt', '2026-11-28T24:00:00Z'],
    ['possessors.0.dateOfBirth', '14/05/1990'],
    ['possessors.0.dateOfBirth', '1990-02-30'],
  ])('bad ISO date/time: %s = %j', (path, value) => {
    expect(refused(changed(path, value))).toEqual([shape(path, 'invalid')]);
  });

  it.each<[string, string]>([
    ['recovery.country', 'mx'],
    ['recovery.country', 'MEX'],
    ['recovery.country', 'M'],
    ['firearms.0.countryOfOrigin', 'us'],
    ['firearms.0.countryOfOrigin', 'EUA'],
    ['recovery.municipality', '2603'],
    ['recovery.municipality', 'Hermosillo'],
  ])('bad code: %s = %j', (path, value) => {
    expect(refused(changed(path, value))).toEqual([shape(path, 'invalid')]);
  });

  it.each<[string, string]>([
    ['2026-11-28T03:30:00-07:00', 'with an offset'],
    ['2026-11-28T10:30:00Z', 'in UTC'],
    ['2026-11-28T10:30:00.250-06:00', 'with milliseconds'],
    ['2028-02-29T10:30:00-06:00', 'on a leap day'],
  ])('accepts %s (%s)', (occurredAt) => {
    expect(validateSeizure(changed('recovery.occurredAt', occurredAt), CHECK_CTX).ok).toBe(true);
  });

  it.each([[null], ['a seizure'], [[]], [42]])('refuses %j as a whole record', (input) => {
    expect(refused(input)).toEqual([shape('', 'invalid')]);
  });
});

describe('oversized text is tooLong with params.limit', () => {
  const long = (n: number) => 'x'.repeat(n);
  it.each<[string, number]>([
    ['agency.officer.lastName', LIMITS.short],
    ['agency.caseNumber', 40],
    ['firearms.0.model', LIMITS.text],
    ['firearms.0.manufacturer', LIMITS.text],
    ['firearms.0.caliber', LIMITS.short],
    ['firearms.0.serialNumber', 120],
    ['firearms.0.notes', LIMITS.notes],
    ['recovery.street', LIMITS.text],
    ['recovery.state', 3],
    ['recovery.postalCode', 10],
    ['notes', LIMITS.notes],
    ['vocabularyVersion', LIMITS.short],
  ])('%s over %i characters', (path, limit) => {
    expect(refused(changed(path, long(limit + 1)))).toEqual([shape(path, 'tooLong', { limit })]);
    expect(validateSeizure(changed(path, long(limit)), { now: NOW }).ok).toBe(true);
  });

  it('a confirmed-warning key over 120 characters', () => {
    expect(refused(changed('confirmedWarnings', [long(121)]))).toEqual([shape('confirmedWarnings.0', 'tooLong', { limit: 120 })]);
  });

  it('more than 200 firearms in one seizure', () => {
    const firearms = Array.from({ length: LIMITS.firearms + 1 }, (_, i) => usPistol({ itemNumber: i + 1 }));
    expect(refused(changed('firearms', firearms))).toEqual([shape('firearms', 'tooLong', { limit: LIMITS.firearms })]);
  });
});

describe('numbers out of range are outOfRange with params.limit', () => {
  it.each<[string, number, number]>([
    ['recovery.geo.lat', 91, 90],
    ['recovery.geo.lat', -90.5, -90],
    ['recovery.geo.lon', -181, -180],
    ['recovery.geo.accuracyM', -1, 0],
    ['firearms.0.itemNumber', 0, 1],
    ['firearms.0.itemNumber', 10_000, 9999],
    ['firearms.0.barrelLengthMm', 0, 0],
    ['firearms.0.barrelLengthMm', 3001, 3000],
    ['magazines.0.capacity', 151, 150],
    ['magazines.0.capacity', 0, 1],
    ['ammunition.0.quantity', 0, 1],
    ['ammunition.0.linkedItem', 0, 1],
    ['revision', 0, 1],
  ])('%s = %d (limit %d)', (path, value, limit) => {
    expect(refused(changed(path, value))).toEqual([shape(path, 'outOfRange', { limit })]);
  });
});

describe('required arrays and fields', () => {
  it('no firearms array', () => {
    expect(refused(changed('firearms', REMOVE))).toEqual([shape('firearms', 'required')]);
  });

  it('an empty firearms array', () => {
    expect(refused(changed('firearms', []))).toEqual([shape('firearms', 'required', { limit: 1 })]);
  });

  it.each(['id', 'status', 'entryLanguage', 'createdAt', 'deviceId', 'ammunition', 'confirmedWarnings', 'firearms.0.id', 'firearms.0.itemNumber'])(
    'missing %s',
    (path) => {
      expect(refused(changed(path, REMOVE))).toEqual([shape(path, 'required')]);
    },
  );

  it('reports every problem of one record, each at its path', () => {
    const input = changed('firearms.0.itemNumber', 0, changed('agency.officer.lastName', 'x'.repeat(81), changed('recovery.country', 'mx') as unknown as Seizure) as unknown as Seizure);
    expect(refused(input)).toEqual([
      shape('agency.officer.lastName', 'tooLong', { limit: 80 }),
      shape('firearms.0.itemNumber', 'outOfRange', { limit: 1 }),
      shape('recovery.country', 'invalid'),
    ]);
  });
});

describe('dropBlanks', () => {
  it('drops "", whitespace-only, NaN, null and undefined; keeps 0, false and real text untouched', () => {
    const input = { a: '', b: '   ', c: Number.NaN, d: null, e: undefined, f: ' FXK 7439 ', g: 0, h: false, i: '\t\n' };
    expect(dropBlanks(input)).toEqual({ f: ' FXK 7439 ', g: 0, h: false });
    expect(Object.keys(dropBlanks(input))).toEqual(['f', 'g', 'h']);
  });

  it('drops objects left empty, at any depth', () => {
    expect(dropBlanks({ agency: { code: '', officer: { firstName: ' ', lastName: '' } }, recovery: { geo: { lat: Number.NaN } } })).toEqual({});
    expect(dropBlanks({ agency: { code: 'FGR', officer: { firstName: '' } } })).toEqual({ agency: { code: 'FGR' } });
  });

  it('keeps arrays, even empty ones, and cleans their items without removing them', () => {
    expect(dropBlanks({ ammunition: [], magazines: [{ quantity: Number.NaN, caliber: '' }], photos: ['', 'x'] })).toEqual({
      ammunition: [],
      magazines: [{}],
      photos: ['', 'x'],
    });
  });

  it('does not change its input', () => {
    const input = { agency: { code: '', officer: { firstName: 'Dana' } } };
    dropBlanks(input);
    expect(input).toEqual({ agency: { code: '', officer: { firstName: 'Dana' } } });
  });

  it('a form with empty boxes parses after dropBlanks, the schema restoring the required objects', () => {
    const form = {
      ...validSeizure(),
      agency: { code: '', ori: '', caseNumber: '  ', officer: { firstName: '', lastName: '', badge: '' } },
      recovery: { occurredAt: '', country: '', state: '', geo: { lat: Number.NaN, lon: Number.NaN } },
      firearms: [{ id: IDS.firearm1, itemNumber: 1, type: '', manufacturer: '', serialNumber: '', barrelLengthMm: Number.NaN, serialStatus: 'legible' }],
      notes: '',
    };
    expect(SeizureSchema.safeParse(form).success).toBe(false);
    const result = validateSeizure(dropBlanks(form), CHECK_CTX);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.record.agency).toEqual({ officer: {} });
    expect(result.record.recovery).toEqual({});
    expect(result.record.firearms).toEqual([{ id: IDS.firearm1, itemNumber: 1, serialStatus: 'legible' }]);
    expect(result.record).not.toHaveProperty('notes');
  });
});

describe('drafts always save', () => {
  const draft = () => newSeizure({ id: IDS.seizure, firearmId: IDS.firearm1, deviceId: 'device-son-07', language: 'es', now: NOW });

  it('newSeizure() is a minimal draft', () => {
    expect(draft()).toEqual({
      id: IDS.seizure,
      status: 'draft',
      entryLanguage: 'es',
      vocabularyVersion: VOCABULARY_VERSION,
      agency: { officer: {} },
      recovery: {},
      firearms: [{ id: IDS.firearm1, itemNumber: 1, serialStatus: 'legible' }],
      ammunition: [],
      magazines: [],
      possessors: [],
      confirmedWarnings: [],
      createdAt: '2026-11-28T12:00:00.000Z',
      updatedAt: '2026-11-28T12:00:00.000Z',
      deviceId: 'device-son-07',
    });
    expect(newFirearm(IDS.firearm2, 3)).toEqual({ id: IDS.firearm2, itemNumber: 3, serialStatus: 'legible' });
  });

  it('a draft with almost nothing filled in parses, and says what a trace still needs', () => {
    const result = validateSeizure(draft(), CHECK_CTX);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const required = (path: string): Issue => ({ path, code: 'required', severity: 'error' });
    expect(sortIssues(result.issues)).toEqual(
      sortIssues([
        required('agency.code'),
        required('agency.officer.lastName'),
        required('agency.officer.firstName'),
        required('recovery.occurredAt'),
        required('recovery.country'),
        required('recovery.state'),
        required('firearms.0.type'),
        required('firearms.0.manufacturer'),
        required('firearms.0.model'),
        required('firearms.0.caliber'),
        required('firearms.0.countryOfOrigin'),
        { path: 'firearms.0.serialNumber', code: 'serial.required', severity: 'error' },
      ]),
    );
    expect(canBeReady(result.issues)).toBe(false);
  });

  it('without the agency and recovery objects the defaults stand in', () => {
    const bare: Record<string, unknown> = { ...draft(), firearms: [{ id: IDS.firearm1, itemNumber: 1 }] };
    delete bare.agency;
    delete bare.recovery;
    const result = validateSeizure(bare, CHECK_CTX);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.record.agency).toEqual({ officer: {} });
    expect(result.record.recovery).toEqual({});
    expect(result.issues).toContainEqual({ path: 'firearms.0.serialStatus', code: 'required', severity: 'error' });
    expect(result.issues.every((i) => i.severity === 'error' && i.code === 'required')).toBe(true);
  });

  it('a record marked ready with hard errors still parses; canBeReady says no', () => {
    const result = validateSeizure({ ...validSeizure(), firearms: [usPistol({ serialNumber: 'N/A' })] }, CHECK_CTX);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record.status).toBe('ready');
    expect(result.issues).toEqual([{ path: 'firearms.0.serialNumber', code: 'serial.placeholder', severity: 'error', params: { value: 'N/A' } }]);
    expect(canBeReady(result.issues)).toBe(false);
  });

  it('validateSeizure runs the rule checks with the given context', () => {
    const record = { ...validSeizure(), recovery: { ...validSeizure().recovery, occurredAt: '2026-11-28T13:00:00Z' } };
    const result = validateSeizure(record, CHECK_CTX);
    expect(result.ok && result.issues).toEqual([{ path: 'recovery.occurredAt', code: 'recovery.inFuture', severity: 'error' }]);
    expect(validateSeizure(record, { now: new Date('2026-11-28T13:00:00Z') })).toMatchObject({ ok: true, issues: [] });
  });
});

describe('warnings, confirmations and readiness', () => {
  const w1: Issue = { path: 'firearms.0.serialNumber', code: 'serial.ambiguousCharacters', severity: 'warning', params: { positions: '1' } };
  const w2: Issue = { path: 'firearms.1.serialNumber', code: 'serial.ambiguousCharacters', severity: 'warning' };
  const w3: Issue = { path: 'recovery.occurredAt', code: 'recovery.lateEntry', severity: 'warning', params: { hours: 30 } };
  const e1: Issue = { path: 'firearms.0.importer', code: 'firearm.importerRequired', severity: 'error' };

  it('warningKey is "path|code"', () => {
    expect(warningKey(w1)).toBe('firearms.0.serialNumber|serial.ambiguousCharacters');
    expect(warningKey({ path: 'recovery.occurredAt', code: 'recovery.lateEntry' })).toBe('recovery.occurredAt|recovery.lateEntry');
  });

  it.each<[string, Issue[], boolean]>([
    ['no issues', [], true],
    ['only warnings', [w1, w2, w3], true],
    ['one error among warnings', [w1, e1, w3], false],
    ['only an error', [e1], false],
  ])('canBeReady with %s -> %s', (_name, issues, ready) => {
    expect(canBeReady(issues)).toBe(ready);
  });

  it('unconfirmedWarnings returns warnings not yet confirmed, never errors', () => {
    const issues = [w1, w2, w3, e1];
    expect(unconfirmedWarnings(issues, [])).toEqual([w1, w2, w3]);
    expect(unconfirmedWarnings(issues, [warningKey(w1)])).toEqual([w2, w3]);
    expect(unconfirmedWarnings(issues, [warningKey(w1), warningKey(w2), warningKey(w3)])).toEqual([]);
    // A confirmation is per path: item 0's confirmation does not cover item 1.
    expect(unconfirmedWarnings([w2], [warningKey(w1)])).toEqual([w2]);
    // Confirming an error's key does not make it go away from readiness.
    expect(canBeReady(unconfirmedWarnings(issues, [warningKey(e1)]))).toBe(true);
    expect(canBeReady(issues)).toBe(false);
  });

  it('confirmations on a real record: the late-entry warning confirmed, nothing left to ask', () => {
    const record = { ...validSeizure(), recovery: { ...validSeizure().recovery, occurredAt: '2026-11-26T10:00:00Z' } };
    const result = validateSeizure(record, CHECK_CTX);
    if (!result.ok) throw new Error('shape');
    expect(result.issues).toEqual([{ path: 'recovery.occurredAt', code: 'recovery.lateEntry', severity: 'warning', params: { hours: 49 } }]);
    expect(unconfirmedWarnings(result.issues, ['recovery.occurredAt|recovery.lateEntry'])).toEqual([]);
    expect(canBeReady(result.issues)).toBe(true);
  });

  it('every code the shape check emits is a known issue code', () => {
    const inputs = [changed('colour', 1), changed('firearms', []), changed('firearms', REMOVE), changed('notes', 'x'.repeat(3000)), changed('recovery.geo.lat', 100)];
    const codes = inputs.flatMap(refused).map((i) => i.code);
    expect(new Set(codes)).toEqual(new Set(['invalid', 'required', 'tooLong', 'outOfRange']));
    for (const code of codes) expect(ISSUE_CODES).toContain(code);
  });
});
