/** The PIN chosen right after an online sign-in (first time on this phone, or to replace a lost one). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceLock, type PinProblem } from '../../lock';
import { PinField } from './PinField';
import { useLockSubmit } from './use-lock-submit';

export function ChoosePinForm() {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [repeated, setRepeated] = useState('');
  const [problem, setProblem] = useState<PinProblem>();
  const { busy, failed, onSubmit } = useLockSubmit(async () => {
    const found = await deviceLock.choosePin(pin, repeated);
    setProblem(found);
    if (found === 'mismatch') setRepeated('');
  });

  const onRepeat = problem === 'mismatch';
  return (
    <form className="section" onSubmit={onSubmit} noValidate>
      <PinField id="new-pin" label={t('lock.pin')} value={pin} onChange={setPin} autoFocus autoComplete="new-password" error={problem && !onRepeat ? t(`lock.pinProblem.${problem}`) : undefined} />
      <PinField id="new-pin-repeat" label={t('lock.repeatPin')} value={repeated} onChange={setRepeated} autoComplete="new-password" error={onRepeat ? t('lock.pinProblem.mismatch') : undefined} />
      {failed && (
        <p className="banner banner-error" role="alert">
          {t('lock.failed')}
        </p>
      )}
      <button type="submit" className="primary wide" disabled={busy || pin === '' || repeated === ''}>
        {busy ? t('lock.savingPin') : t('lock.savePin')}
      </button>
    </form>
  );
}
