/** Records the device's position with its accuracy, when the officer asks; never in the background. */
import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Seizure } from '../../../domain';
import { formatNumber } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';

type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable';

export function GeoButton() {
  const { t } = useTranslation('seizure');
  const lang = useLanguage();
  const { control, setValue } = useFormContext<Seizure>();
  const geo = useWatch({ control, name: 'recovery.geo' });
  const [state, setState] = useState<GeoState>('idle');

  const locate = () => {
    if (!('geolocation' in navigator)) return setState('unavailable');
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude, accuracy } = position.coords;
        setValue('recovery.geo', { lat: latitude, lon: longitude, accuracyM: Math.round(accuracy) }, { shouldDirty: true });
        setState('idle');
      },
      (error) => setState(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="field">
      <span className="label-like">{t('field.geo')}</span>
      {geo?.lat !== undefined && geo.lon !== undefined && !Number.isNaN(geo.lat) && (
        <p>
          {t('form.geoValue', {
            lat: formatNumber(Number(geo.lat.toFixed(5)), lang),
            lon: formatNumber(Number(geo.lon.toFixed(5)), lang),
            accuracy: formatNumber(geo.accuracyM ?? 0, lang),
          })}
        </p>
      )}
      <button type="button" className="secondary" onClick={locate} disabled={state === 'locating'}>
        {state === 'locating' ? t('form.locating') : t('form.useLocation')}
      </button>
      {(state === 'denied' || state === 'unavailable') && (
        <p className="field-note" role="status">
          {t(state === 'denied' ? 'form.locationDenied' : 'form.locationUnavailable')}
        </p>
      )}
    </div>
  );
}
