/**
 * The state and the nearest municipalities for the recorded position, computed on the device
 * from the bundled INEGI boundaries (no network), offered as buttons: a suggestion the officer
 * takes or leaves, never a value filled in behind their back.
 */
import { useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Seizure } from '../../../domain/schema';
import { findMxState } from '../../../domain/vocab/mexico';
import { useGeoLocator } from '../hooks/use-geo-locator';
import { useMunicipalities } from '../hooks/use-municipalities';

export function GeoSuggestions({ lat, lon }: { lat: number; lon: number }) {
  const { t } = useTranslation('location');
  const { control, setValue } = useFormContext<Seizure>();
  const [country, state, municipality] = useWatch({ control, name: ['recovery.country', 'recovery.state', 'recovery.municipality'] });
  const geo = useGeoLocator(true);
  const suggestion = useMemo(() => geo?.suggest({ lat, lon }), [geo, lat, lon]);
  const names = useMunicipalities(suggestion?.stateCode);

  if (!geo) {
    return (
      <p className="hint" role="status">
        {t('suggestionsLoading')}
      </p>
    );
  }
  const chosenState = findMxState(state)?.code;
  const choose = (stateCode: string, municipalityCode?: string) => {
    const dirty = { shouldDirty: true };
    setValue('recovery.country', 'MX', dirty);
    setValue('recovery.state', stateCode, dirty);
    // A municipality of another state would be cleared by the section anyway; say so at once.
    setValue('recovery.municipality', municipalityCode ?? (municipality?.startsWith(stateCode) ? municipality : ''), dirty);
  };
  const stateName = suggestion && (findMxState(suggestion.stateCode)?.name ?? suggestion.stateCode);

  return (
    <section className="geo-suggestions" aria-label={t('suggestionsTitle')}>
      <p className="label-like">{t('suggestionsTitle')}</p>
      {!suggestion || !stateName ? (
        <p>{t(country === 'US' ? 'usFromCountry' : 'outsideMexico')}</p>
      ) : (
        <>
          <p>
            {t('suggestedState', { state: stateName })}{' '}
            {(country !== 'MX' || chosenState !== suggestion.stateCode) && (
              <button type="button" className="secondary" onClick={() => choose(suggestion.stateCode)}>
                {t('useState', { state: stateName })}
              </button>
            )}
          </p>
          <p>{t('nearbyMunicipalities')}</p>
          <ul className="geo-suggestions-list">
            {suggestion.municipalityCodes.map((code) => {
              const name = names?.find(code)?.name ?? code;
              return (
                <li key={code}>
                  {country === 'MX' && municipality === code ? (
                    name
                  ) : (
                    <button type="button" className="link-button" onClick={() => choose(suggestion.stateCode, code)}>
                      {t('useMunicipality', { municipality: name })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {country === 'US' && <p className="hint">{t('usFromCountry')}</p>}
        </>
      )}
      <p className="hint attribution">{t('attribution')}</p>
    </section>
  );
}
