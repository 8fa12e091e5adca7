/**
 * The scanner: the camera (getUserMedia, back camera) read a few times a second, and a photo taken
 * or chosen as the fallback (no camera, permission refused, a page over plain http). It hands the
 * first code read to `onText` and stops the camera; what the text means is the caller's to say.
 * The reader itself (barcode-reader.ts) loads with this panel, only when an officer scans.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { barcodeReader, readFromImage } from './barcode-reader';

type ScanState = 'loading' | 'camera' | 'noCamera' | 'nothingFound' | 'failed';
const FRAME_INTERVAL_MS = 250;

export default function ScanPanel({ onText, onClose }: { onText: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation('evidence');
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<ScanState>('loading');
  const done = useRef(false);
  const finish = (text: string) => {
    if (done.current) return;
    done.current = true;
    onText(text);
  };

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    void (async () => {
      try {
        const reader = await barcodeReader();
        if (!navigator.mediaDevices?.getUserMedia) return setState('noCamera');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).catch(() => undefined);
        if (stopped) return;
        if (!stream || !video.current) return setState('noCamera');
        video.current.srcObject = stream;
        await video.current.play();
        setState('camera');
        const frame = async () => {
          if (stopped || done.current || !video.current) return;
          const [found] = video.current.readyState >= 2 ? await reader.detect(video.current).catch(() => []) : [];
          if (found) finish(found.rawValue);
          else timer = setTimeout(() => void frame(), FRAME_INTERVAL_MS);
        };
        void frame();
      } catch {
        if (!stopped) setState('failed');
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // finish reads refs only: the camera starts once per panel.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const fromPhoto = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const text = await readFromImage(file);
      if (text === undefined) setState('nothingFound');
      else finish(text);
    } catch (error) {
      // A photo the browser cannot open reads as "nothing found"; a reader that cannot start is a failure.
      setState(error instanceof DOMException && error.name === 'InvalidStateError' ? 'nothingFound' : 'failed');
      console.error('scan: reading the photo failed', error);
    }
  };

  return (
    <section className="scan-panel" aria-labelledby="scan-title">
      <h2 id="scan-title">{t('scan.title')}</h2>
      <video ref={video} className="scan-video" muted playsInline hidden={state !== 'camera'} aria-label={t('scan.camera')} />
      <p role="status">{state === 'camera' ? t('scan.camera') : t(`scan.${state}`)}</p>
      <label className="button secondary scan-photo">
        {t('scan.fromPhoto')}
        <input type="file" accept="image/*" capture="environment" className="visually-hidden" onChange={(event) => void fromPhoto(event)} />
      </label>
      <button type="button" className="secondary" onClick={onClose}>
        {t('scan.close')}
      </button>
    </section>
  );
}
