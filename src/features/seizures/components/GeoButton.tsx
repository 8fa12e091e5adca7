/**
 * Records the device's position with its accuracy and the time of the fix, when the officer
 * asks; never in the background. When no fix comes, the reason is recorded instead, so a reader
 * knows the position was tried (docs/location.md).
 */
import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { IssueMessages } from '../../../components/IssueMessages';
import type { GEO_MISSING_REASONS, Seizure } from '../../../domain/schema';
import { useLanguage } from '../../../lib/use-language';
import { hasPosition } from '../hooks/use-geo-locator';
import { useFormIssues } from './form-issues';
import { GeoSuggestions } from './GeoSuggestions';
import { positionText } from './position-text';

type MissingReason = (typeof GEO_MISSING_REASONS)[number];

export function GeoButton() {
  const { t } = useTranslation('seizure');
  const { t: tl } = useTranslation('location');
  const lang = useLanguage();
  const { control, setValue, getValues } = useFormContext<Seizure>();
  const geo = useWatch({ control, name: 'recovery.geo' });
  const missing = useWatch({ control, name: 'recovery.geoMissing' });
  const issues = useFormIssues();
  const [locating, setLocating] = useState(false);

  const noFix = (reason: MissingReason) => {
    setLocating(false);
    // A fix taken earlier stays: a failed retry indoors must not erase it.
    if (!hasPosition(getValues('recovery.geo'))) setValue('recovery.geoMissing', reason, { shouldDirty: true });
  };

  const locate = () => {
    if (!('geolocation' in navigator)) return noFix('no_fix');
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude, accuracy } = position.coords;
        const fixedAt = new Date(position.timestamp).toISOString();
        setValue('recovery.geo', { lat: latitude, lon: longitude, accuracyM: Math.round(accuracy), fixedAt }, { shouldDirty: true });
        setValue('recovery.geoMissing', undefined, { shouldDirty: true });
        setLocating(false);
      },
      (error) => noFix(error.code === error.PERMISSION_DENIED ? 'denied' : 'no_fix'),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  };

  const position = hasPosition(geo) ? geo : undefined;
  return (
    <div className="field">
      <span className="label-like">{t('field.geo')}</span>
      {position && <p>{positionText({ geo }, t, tl, lang)}</p>}
      {!position && missing && (
        <p className="field-note" role="status">
          {positionText({ geoMissing: missing }, t, tl, lang)} {tl(`missingHint.${missing}`)}
        </p>
      )}
      <button id="f-recovery-geo" type="button" className="secondary" onClick={locate} disabled={locating} aria-describedby="f-recovery-geo-issues">
        {locating ? t('form.locating') : t('form.useLocation')}
      </button>
      <IssueMessages id="f-recovery-geo-issues" issues={issues.at('recovery.geo')} confirmed={issues.confirmed} onConfirm={issues.confirm} />
      {position && <GeoSuggestions lat={position.lat} lon={position.lon} />}
    </div>
  );
}
