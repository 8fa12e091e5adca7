/**
 * The header's warning while the phone's clock is over 5 minutes off the server's, as the last
 * sync measured it (domain/clock-skew.ts): the officer can set the clock right before entering
 * more times. A later sync that finds the clocks agreeing clears it.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { isSkewed } from '../domain/clock-skew';
import { lastClockSkew } from '../sync';

export function ClockSkewWarning() {
  const { t } = useTranslation('clock');
  const skew = useLiveQuery(() => lastClockSkew(), []);
  if (!isSkewed(skew)) return null;
  return (
    <p className="clock-skew" role="alert">
      {t('skewWarning', { minutes: Math.abs(skew.minutes) })}
    </p>
  );
}
