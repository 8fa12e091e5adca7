/**
 * checkSave: the device's one decision on a save, as a table of what is asked against what is
 * allowed. The repository's side (it writes an allowed save as it stands, and puts anything
 * else to the same decision) is in test/unit/storage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/domain/issues';
import { checkSave, isCheckedSave, liveConfirmations, type SaveCheck, type SaveCheckOptions } from '../../src/domain/save-check';
import type { Seizure } from '../../src/domain/schema';
import { CHECK_CTX, usPistol, validSeizure, withRecovery } from '../domain/fixtures';

const LATE = 'recovery.occurredAt|recovery.lateEntry';
const AMBIGUOUS = 'firearms.0.serialNumber|serial.ambiguousCharacters';
/** Entered 49 hours after the recovery: one warning, nothing else. */
const late = (overrides: Partial<Seizure> = {}): Seizure => ({ ...withRecovery({ occurredAt: '2026-11-26T10:00:00Z' }), ...overrides });
const placeholderSerial = (overrides: Partial<Seizure> = {}): Seizure => ({ ...validSeizure(), firearms: [usPistol({ serialNumber: 'N/A' })], ...overrides });
const malformed = (overrides: Partial<Seizure> = {}) => ({ ...validSeizure(), ...overrides, colour: 'red' });

const outcome = (check: SaveCheck) => (check.ok ? 'saved' : check.blocked);
const codes = (issues: readonly Issue[]) => issues.map((i) => i.code);

describe('checkSave', () => {
  it.each<[string, unknown, SaveCheckOptions, ReturnType<typeof outcome>, string[]]>([
    ['a clean record, ready', validSeizure(), {}, 'saved', []],
    ['a clean record, ready, from the form', validSeizure(), { confirming: true }, 'saved', []],
    ['a wrong shape, as a draft', malformed({ status: 'draft' }), {}, 'shape', ['invalid']],
    ['a wrong shape, ready, from the form', malformed(), { confirming: true }, 'shape', ['invalid']],
    ['hard errors, as a draft: saved with them', placeholderSerial({ status: 'draft' }), { confirming: true }, 'saved', ['serial.placeholder']],
    ['hard errors, ready: refused with the errors only', placeholderSerial({ recovery: late().recovery }), {}, 'errors', ['serial.placeholder']],
    ['hard errors, ready, from the form: the errors come first', placeholderSerial({ recovery: late().recovery }), { confirming: true }, 'errors', ['serial.placeholder']],
    ['a warning, ready, saved by code: left to whoever made the record', late(), {}, 'saved', ['recovery.lateEntry']],
    ['a warning not confirmed, ready, from the form: asked for', late(), { confirming: true }, 'warnings', ['recovery.lateEntry']],
    ['a warning confirmed, ready, from the form', late({ confirmedWarnings: [LATE] }), { confirming: true }, 'saved', ['recovery.lateEntry']],
    ['a warning not confirmed, as a draft, from the form', late({ status: 'draft' }), { confirming: true }, 'saved', ['recovery.lateEntry']],
  ])('%s', (_case, input, options, expected, issueCodes) => {
    const check = checkSave(input, CHECK_CTX, options);
    expect(outcome(check)).toBe(expected);
    expect(codes(check.ok ? check.save.issues : check.issues)).toEqual(issueCodes);
  });

  it('decides on the context it is given (the time, for one)', () => {
    const soon = withRecovery({ occurredAt: '2026-11-28T13:00:00Z' });
    expect(checkSave(soon, CHECK_CTX)).toMatchObject({ ok: false, blocked: 'errors', issues: [{ code: 'recovery.inFuture' }] });
    expect(checkSave(soon, { now: new Date('2026-11-28T13:00:00Z') })).toMatchObject({ ok: true });
  });

  it.each<[string, Seizure, SaveCheckOptions, string[]]>([
    ['from the form, stale confirmations are dropped', late({ confirmedWarnings: [LATE, AMBIGUOUS] }), { confirming: true }, [LATE]],
    ['from the form, a draft too', late({ status: 'draft', confirmedWarnings: [AMBIGUOUS] }), { confirming: true }, []],
    ['saved by code, the confirmations stay as given', late({ confirmedWarnings: [LATE, AMBIGUOUS] }), {}, [LATE, AMBIGUOUS]],
  ])('the record allowed is the one parsed: %s', (_case, input, options, confirmedWarnings) => {
    const check = checkSave(input, CHECK_CTX, options);
    if (!check.ok) throw new Error(check.blocked);
    expect(check.save.record).toEqual({ ...input, confirmedWarnings });
  });

  it('an allowed save cannot be changed after the decision', () => {
    const check = checkSave(validSeizure(), CHECK_CTX);
    if (!check.ok) throw new Error(check.blocked);
    expect(Object.isFrozen(check.save)).toBe(true);
    expect(Object.isFrozen(check.save.record)).toBe(true);
  });
});

describe('isCheckedSave', () => {
  const allowed = checkSave(validSeizure(), CHECK_CTX);
  it.each<[string, unknown, boolean]>([
    ['an answer checkSave gave', allowed.ok && allowed.save, true],
    ['a copy of it', allowed.ok && { ...allowed.save }, false],
    ['an object of the same shape', { record: validSeizure(), issues: [] }, false],
    ['a record', validSeizure(), false],
    ['nothing', undefined, false],
    ['null', null, false],
  ])('%s: %s', (_case, value, expected) => {
    expect(isCheckedSave(value)).toBe(expected);
  });
});

describe('liveConfirmations', () => {
  const warning = (path: string, code: Issue['code']): Issue => ({ path, code, severity: 'warning' });
  it.each<[string, string[], Issue[], string[]]>([
    ['a confirmation of a warning that still applies stays', [LATE], [warning('recovery.occurredAt', 'recovery.lateEntry')], [LATE]],
    ['one of a warning gone is dropped', [LATE, AMBIGUOUS], [warning('recovery.occurredAt', 'recovery.lateEntry')], [LATE]],
    ['one matching an error is dropped', [LATE], [{ path: 'recovery.occurredAt', code: 'recovery.lateEntry', severity: 'error' }], []],
    ['nothing confirmed, nothing kept', [], [warning('recovery.occurredAt', 'recovery.lateEntry')], []],
  ])('%s', (_case, confirmed, issues, kept) => {
    expect(liveConfirmations(confirmed, issues)).toEqual(kept);
  });
});
