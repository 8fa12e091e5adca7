/** The bag code on a firearm's 3312.1 page: the paper request leads back to the bag on the shelf. */
import { useTranslation } from 'react-i18next';
import { formatBagCode } from '../../../domain/bag-code';
import { QrCode } from './QrCode';
import './evidence.css';

export function TraceBagCode({ code }: { code: string }) {
  const { t } = useTranslation('evidence');
  return (
    <p className="trace-bag-code">
      <QrCode text={code} label={t('bagCode.qrLabel', { code: formatBagCode(code) })} />
      <span>
        {t('bagCode.onSheet')}: <strong className="bag-code-value-small">{formatBagCode(code)}</strong>
      </span>
    </p>
  );
}
