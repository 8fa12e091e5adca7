/**
 * The guided photos of one firearm (issue 17 item 1; docs/photos.md): the serial number close
 * up, each side, each other marking, and the obliterated area when the serial is obliterated.
 * Each shot has a camera button (the phone's camera app, rear lens) and a gallery button; the
 * photos already taken show with where their upload stands. A shared record's photos are read only.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Firearm } from '../../../domain';
import type { PhotoShot } from '../../../domain/photos';
import { photos, type PhotoView } from '../../../storage';
import { PhotoItem } from './PhotoItem';
import { useAttachPhoto } from './use-attach-photo';
import './photos.css';

/** The shots asked for, in the order an officer takes them. */
export function guidedShots(firearm: Pick<Firearm, 'serialStatus'>): PhotoShot[] {
  return ['serial', 'left', 'right', ...(firearm.serialStatus === 'obliterated' ? (['obliterated'] as const) : []), 'marking'];
}

function ShotSlot({ recordId, firearmId, shot, taken, readOnly }: { recordId: string; firearmId: string; shot: PhotoShot; taken: PhotoView[]; readOnly: boolean }) {
  const { t } = useTranslation('photos');
  const { attach, message, setMessage, busy } = useAttachPhoto({ recordId, firearmId, shot });
  const id = `photo-${firearmId}-${shot}`;
  const shotLabel = t(`shot.${shot}`);
  const onFiles = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    void attach(files);
  };
  return (
    <div className="photo-shot" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{shotLabel}</h4>
      {!readOnly && <p className="hint">{t(`shotHint.${shot}`)}</p>}
      {taken.length === 0 ? (
        <p className="hint">{t('none')}</p>
      ) : (
        <ul className="photo-list">
          {taken.map((view, i) => (
            <PhotoItem key={view.photoId} view={view} shotLabel={shotLabel} number={i + 1} onDeleted={() => setMessage({ kind: 'status', text: t('deleted') })} />
          ))}
        </ul>
      )}
      {!readOnly && (
        <div className="button-row photo-actions">
          <input id={`${id}-camera`} className="photo-input" type="file" accept="image/*" capture="environment" aria-label={t('camera', { shot: shotLabel })} disabled={busy} onChange={(e) => onFiles(e.currentTarget)} />
          <label className={`button primary${busy ? ' is-busy' : ''}`} htmlFor={`${id}-camera`}>
            {t('cameraButton')}
          </label>
          <input id={`${id}-gallery`} className="photo-input" type="file" accept="image/*" multiple aria-label={t('gallery', { shot: shotLabel })} disabled={busy} onChange={(e) => onFiles(e.currentTarget)} />
          <label className="button secondary" htmlFor={`${id}-gallery`}>
            {t('galleryButton')}
          </label>
        </div>
      )}
      {message && (
        <p className={message.kind === 'alert' ? 'photo-message banner banner-error' : 'photo-message'} role={message.kind}>
          {message.text}
        </p>
      )}
    </div>
  );
}

export function FirearmPhotos({ recordId, firearm, readOnly }: { recordId: string; firearm: Pick<Firearm, 'id' | 'serialStatus' | 'itemNumber'>; readOnly: boolean }) {
  const { t } = useTranslation('photos');
  const all = useLiveQuery(() => photos.forRecord(recordId), [recordId]);
  const mine = (all ?? []).filter((p) => p.firearmId === firearm.id);
  const asked = guidedShots(firearm);
  // A shot taken before the serial's status changed (or another device's "other") still shows.
  const shots = [...asked, ...new Set(mine.map((p) => p.shot).filter((shot) => !asked.includes(shot)))];
  if (readOnly && mine.length === 0) return null;
  return (
    <section className="photos" aria-labelledby={`photos-${firearm.id}`}>
      <h3 id={`photos-${firearm.id}`}>{t('title')}</h3>
      {!readOnly && <p className="hint">{t('hint')}</p>}
      {shots.map((shot) => (
        <ShotSlot key={shot} recordId={recordId} firearmId={firearm.id} shot={shot} taken={mine.filter((p) => p.shot === shot)} readOnly={readOnly} />
      ))}
    </section>
  );
}
