/**
 * A firearm's bag code as the officer copies it onto the bag: large, grouped for reading aloud,
 * as a QR code, and printable as a label of its own (print CSS in evidence.css: only this label
 * on the page).
 */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBagCode } from '../../../domain/bag-code';
import { QrCode } from './QrCode';
import './evidence.css';

export function BagCodeLabel({ code, itemNumber, caseNumber }: { code: string | undefined; itemNumber: number; caseNumber: string | undefined }) {
  const { t } = useTranslation('evidence');
  const label = useRef<HTMLDivElement>(null);
  if (code === undefined) return <p className="hint">{t('bagCode.notYet')}</p>;
  const print = () => {
    const element = label.current;
    if (!element) return;
    element.classList.add('is-printing');
    document.body.classList.add('printing-bag-label');
    const done = () => {
      element.classList.remove('is-printing');
      document.body.classList.remove('printing-bag-label');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };
  return (
    <div ref={label} className="bag-label" role="group" aria-label={t('bagCode.label', { item: itemNumber })}>
      <QrCode text={code} label={t('bagCode.qrLabel', { code: formatBagCode(code) })} />
      <div>
        <p className="bag-label-meta">{t('bagCode.title')}</p>
        <p className="bag-code-value" data-testid="bag-code">
          {formatBagCode(code)}
        </p>
        <p className="bag-label-meta">
          {[caseNumber, t('bagCode.labelItem', { item: itemNumber })].filter(Boolean).join(' · ')}
        </p>
        <p className="hint bag-label-hint">{t('bagCode.printHint')}</p>
        <button type="button" className="secondary" onClick={print}>
          {t('bagCode.print')}
        </button>
      </div>
    </div>
  );
}
