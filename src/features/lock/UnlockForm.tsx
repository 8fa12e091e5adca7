/** The PIN asked when the app is locked; wrong PINs are counted by the vault, not here. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceLock, type LockState } from '../../lock';
import { PinField } from './PinField';
import { useLockSubmit } from './use-lock-submit';

export function UnlockForm({ state }: { state: Extract<LockState, { kind: 'locked' }> }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const { busy, failed, onSubmit } = useLockSubmit(async () => {
    // A wrong PIN changes the lock's state (attempts left, or erased); the box is emptied for the next try.
    if ((await deviceLock.unlock(pin)) !== 'unlocked') setPin('');
  });

  return (
    <form className="section" onSubmit={onSubmit} noValidate>
      <PinField id="unlock-pin" label={t('lock.pin')} value={pin} onChange={setPin} autoFocus error={state.attemptsLeft !== undefined ? t('lock.wrongPin', { n: state.attemptsLeft }) : undefined} />
      {failed && (
        <p className="banner banner-error" role="alert">
          {t('lock.failed')}
        </p>
      )}
      <button type="submit" className="primary wide" disabled={busy || pin.length < 6}>
        {busy ? t('lock.checking') : t('lock.unlock')}
      </button>
    </form>
  );
}
