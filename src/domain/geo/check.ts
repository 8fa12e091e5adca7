/**
 * The location check (X-W6, docs/domain-rules.md#x-w6): a recorded position that lies clearly outside
 * the chosen Mexican state is a warning, never an error: the officer may have taken the fix
 * later, elsewhere, or the state may be the one in error; either way they are asked to look.
 */
import type { Issue } from '../issues';
import type { Seizure } from '../schema';
import { findMxState } from '../vocab/mexico';
import type { GeoLocator } from './locator';

/**
 * The simplified borders move by up to 0.7 km (docs/location.md): only a point farther than this
 * plus the fix's own accuracy outside the chosen state is worth a warning.
 */
export const GEO_BORDER_TOLERANCE_M = 1000;

export function isOutsideState(distanceToStateM: number, accuracyM: number | undefined): boolean {
  return distanceToStateM > GEO_BORDER_TOLERANCE_M + (accuracyM ?? 0);
}

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
