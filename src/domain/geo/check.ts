/**
 * The location check (X-W6, docs/domain-rules.md#x-w6): a recorded position that lies clearly outside
 * the chosen Mexican state is a warning, never an error: the officer may have taken the fix
 * later, elsewhere, or the state may be the one in error; either way they are asked to look.
 */
import type { Issue } from '../issues';
import type { Seizure } from '../schema';
import { findMxState } from '../vocab/mexico';
import { isOutsideState, type GeoLocator } from './locator';

export function geoIssues(record: Seizure, geo: GeoLocator | undefined): Issue[] {
  const r = record.recovery;
  if (!geo || r.country !== 'MX' || !r.geo) return [];
  const state = findMxState(r.state);
  if (!state) return [];
  const distance = geo.distanceToState(state.code, r.geo);
  if (distance === undefined || !isOutsideState(distance, r.geo.accuracyM)) return [];
  return [
    {
      path: 'recovery.geo',
      code: 'recovery.geoOutsideState',
      severity: 'warning',
      params: { state: state.name, km: Math.max(1, Math.round(distance / 1000)) },
    },
  ];
}
