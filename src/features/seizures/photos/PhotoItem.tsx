/**
 * One photo: its thumbnail (from the display copy, never the original), where its upload stands,
 * where the camera says it was taken, and, while the server does not hold it, a delete button.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { photos, type PhotoView } from '../../../storage';
import { requestPhotoUpload } from '../../../sync';
import { mayDelete, photoStatus } from './photo-status';

/**
 * The display copy as a data: URL. The app's Content-Security-Policy lets images come from the
 * app itself and data: URLs only (no blob:), and a copy is a few hundred kilobytes at most.
 */
function useDisplayUrl(photoId: string, hasCopy: boolean): string | undefined {
  const bytes = useLiveQuery(() => (hasCopy ? photos.displayCopy(photoId) : undefined), [photoId, hasCopy]);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!bytes) return;
    let current = true;
    const reader = new FileReader();
    reader.onload = () => current && typeof reader.result === 'string' && setUrl(reader.result);
    reader.readAsDataURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
    return () => {
      current = false;
    };
  }, [bytes]);
  return url;
}

export function PhotoItem({ view, shotLabel, number, onDeleted }: { view: PhotoView; shotLabel: string; number: number; onDeleted: () => void }) {
  const { t } = useTranslation('photos');
  const lang = useLanguage();
  const url = useDisplayUrl(view.photoId, view.display !== undefined);
  const status = photoStatus(view);
  const reason = status.reason && t(`reason.${status.reason.key}` as 'reason.other', { code: status.reason.code });
  const statusText = t(`status.${status.key}`, { reason, percent: status.percent });
  const label = t('thumbAlt', { shot: shotLabel, number });
  return (
    <li className={`photo-item photo-${status.key}`} data-photo-id={view.photoId}>
      {url ? <img className="photo-thumb" src={url} alt={label} width={view.display?.width} height={view.display?.height} /> : <p className="photo-thumb photo-no-preview">{view.display ? label : t('noPreview')}</p>}
      <div className="photo-meta">
        <p className="photo-status" data-state={view.upload?.state ?? view.origin}>
          {statusText}
        </p>
        <p className="hint">{view.location ? t('location', { latitude: view.location.latitude.toFixed(5), longitude: view.location.longitude.toFixed(5) }) : t('noLocation')}</p>
        {view.takenAt && <p className="hint">{t('takenAt', { at: formatDateTime(view.takenAt, lang) })}</p>}
        <div className="button-row">
          {status.key === 'failed' && (
            <button type="button" className="secondary" onClick={() => void photos.retry(view.photoId).then(requestPhotoUpload)}>
              {t('retry')}
            </button>
          )}
          {mayDelete(view) && (
            <button type="button" className="secondary" aria-label={t('delete', { number, shot: shotLabel })} onClick={() => void photos.remove(view.photoId).then((gone) => gone && onDeleted())}>
              {t('deleteButton')}
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
