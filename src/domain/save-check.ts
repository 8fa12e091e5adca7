/**
 * The device's one decision on a save: may these values be stored, and as "ready" if that is
 * asked? The form asks it once, on exactly the values being saved, and hands the answer to the
 * repository, which writes what was allowed without judging the same values again; anything
 * else that reaches the repository is put to this same function there, before any write. The
 * server judges every record it receives on its own (server/protocol/prepare-record.ts): what
 * a device decided is never taken on trust.
 */
import type { CheckContext } from './checks';
import { warningKey, type Issue } from './issues';
import type { Seizure } from './schema';
import { canBeReady, unconfirmedWarnings, validateSeizure } from './validate';

/** A record allowed to be saved as it stands. Only checkSave makes one (isCheckedSave tells). */
export interface CheckedSave {
  readonly record: Seizure;
  /** What the checks found; warnings never stop a draft. */
  readonly issues: readonly Issue[];
}

/**
 * Why a save cannot go ahead: the shape is wrong (such a record is never stored), or "ready" was
 * asked with hard errors left, or with warnings the officer has not confirmed (asked only with
 * `confirming`).
 */
export type SaveBlock = 'shape' | 'errors' | 'warnings';

export type SaveCheck = { ok: true; save: CheckedSave } | { ok: false; blocked: SaveBlock; issues: Issue[] };

export interface SaveCheckOptions {
  /**
   * The officer saves from the form, and the record's `confirmedWarnings` are the warnings they
   * confirmed: any other warning blocks "ready", and confirmations of warnings that no longer
   * apply are dropped from what is saved, so stale ones do not pile up. Without it (a record
   * saved by code) warnings are left to whoever made the record, as on the server.
   */
  confirming?: boolean;
}

// Which answers this module gave: a record cannot be passed off as checked by its shape alone.
const given = /* @__PURE__ */ new WeakSet<CheckedSave>();

export const isCheckedSave = (value: unknown): value is CheckedSave => typeof value === 'object' && value !== null && given.has(value as CheckedSave);

/** Keeps only confirmations of warnings that still apply. */
export function liveConfirmations(confirmed: readonly string[], issues: readonly Issue[]): string[] {
  const current = new Set(issues.filter((i) => i.severity === 'warning').map(warningKey));
  return confirmed.filter((key) => current.has(key));
}

export function checkSave(input: unknown, ctx: CheckContext, options: SaveCheckOptions = {}): SaveCheck {
  const result = validateSeizure(input, ctx);
  if (!result.ok) return { ok: false, blocked: 'shape', issues: result.issues };
  const { record, issues } = result;
  if (record.status === 'ready') {
    if (!canBeReady(issues)) return { ok: false, blocked: 'errors', issues: issues.filter((i) => i.severity === 'error') };
    const toConfirm = options.confirming ? unconfirmedWarnings(issues, record.confirmedWarnings) : [];
    if (toConfirm.length > 0) return { ok: false, blocked: 'warnings', issues: toConfirm };
  }
  // A subset of confirmations already checked: the record stays as valid as it was parsed.
  const saved = options.confirming ? { ...record, confirmedWarnings: liveConfirmations(record.confirmedWarnings, issues) } : record;
  const save: CheckedSave = Object.freeze({ record: Object.freeze(saved), issues });
  given.add(save);
  return { ok: true, save };
}
