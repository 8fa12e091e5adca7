/** The recorded position in words, the same on the form and on the record's screen. */
import type { TFunction } from 'i18next';
import type { Language, Seizure } from '../../../domain/schema';
import { vocabLabel } from '../../../domain/vocab/labels';
import { formatDateTime, formatNumber } from '../../../i18n';
import { hasPosition } from '../hooks/use-geo-locator';

type Recovery = Partial<Pick<Seizure['recovery'], 'geo' | 'geoMissing'>>;

/** "Latitude …, longitude … (accurate to … m) · Position taken …", why there is none, or undefined when it was never tried. */
export function positionText(recovery: Recovery, t: TFunction<'seizure'>, tl: TFunction<'location'>, lang: Language): string | undefined {
  const { geo, geoMissing } = recovery;
  if (hasPosition(geo)) {
    const where = t('form.geoValue', {
      lat: formatNumber(Number(geo.lat.toFixed(5)), lang),
      lon: formatNumber(Number(geo.lon.toFixed(5)), lang),
      accuracy: formatNumber(geo.accuracyM ?? 0, lang),
    });
    return geo.fixedAt ? `${where} · ${tl('fixedAt', { time: formatDateTime(geo.fixedAt, lang) })}` : where;
  }
  return geoMissing ? tl('missing', { reason: vocabLabel('geoMissing', geoMissing, lang) }) : undefined;
}
