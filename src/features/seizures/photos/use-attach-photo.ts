/**
 * Attaching files as photos of one shot: each is prepared (hash, EXIF, display copy) and kept in
 * one transaction, or refused with the reason before anything is written; the upload is asked
 * for at once (it goes after the record's own sync).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../i18n';
import { preparePhoto, type PhotoTarget } from '../../../lib/photo-file';
import { useLanguage } from '../../../lib/use-language';
import { photos, PhotoRefusedError, type PhotoRefusal } from '../../../storage';
import { requestPhotoUpload } from '../../../sync';

const MB = 1024 * 1024;

export type AttachMessage = { kind: 'status' | 'alert'; text: string };

export function useAttachPhoto(target: PhotoTarget) {
  const { t } = useTranslation('photos');
  const lang = useLanguage();
  const [message, setMessage] = useState<AttachMessage>();
  const [busy, setBusy] = useState(false);
  const mb = (bytes: number) => formatNumber(Math.round((bytes / MB) * 10) / 10, lang);

  const refusalText = (refusal: PhotoRefusal): string => {
    switch (refusal.code) {
      case 'photo.noSpace':
        return t('refused.noSpace', { needed: mb(refusal.needed), free: mb(refusal.free) });
      case 'photo.overServerLimit':
        return t('refused.overServerLimit', { size: mb(refusal.size), max: mb(refusal.maxBytes) });
      case 'photo.notAnImage':
        return t('refused.notAnImage');
      case 'photo.empty':
        return t('refused.empty');
    }
  };

  async function attach(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    setBusy(true);
    setMessage({ kind: 'status', text: t('saving') });
    let kept = 0;
    try {
      for (const file of files) {
        const prepared = file.size === 0 ? undefined : await preparePhoto(file, target);
        if (!prepared) throw new PhotoRefusedError({ code: file.size === 0 ? 'photo.empty' : 'photo.notAnImage' });
        await photos.add(prepared);
        kept++;
      }
      setMessage({ kind: 'status', text: t('saved') });
    } catch (error) {
      setMessage({ kind: 'alert', text: error instanceof PhotoRefusedError ? refusalText(error.refusal) : t('refused.failed') });
    } finally {
      setBusy(false);
      if (kept > 0) requestPhotoUpload();
    }
  }

  return { attach, message, setMessage, busy };
}
