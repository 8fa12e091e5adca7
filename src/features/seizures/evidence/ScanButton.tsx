/**
 * A "scan" button that opens the scanner in place. The scanner's code (and the barcode reader
 * behind it) is a chunk of its own, fetched on the first tap.
 */
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './evidence.css';

const ScanPanel = lazy(() => import('./scan/ScanPanel'));

export function ScanButton({ label, onText }: { label: string; onText: (text: string) => void }) {
  const { t } = useTranslation('evidence');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="secondary scan-button" aria-expanded={open} onClick={() => setOpen((was) => !was)}>
        {label}
      </button>
      {open && (
        <Suspense fallback={<p role="status">{t('scan.loading')}</p>}>
          <ScanPanel
            onClose={() => setOpen(false)}
            onText={(text) => {
              setOpen(false);
              onText(text);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
