/**
 * What the officer sees while the app is not open to them: the PIN, the PIN to choose after a
 * sign-in, or the sign-in that brings back an erased or forgotten PIN. Nothing of the records is
 * on this screen.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import type { LockState } from '../../lock';
import { ChoosePinForm } from './ChoosePinForm';
import { SignInPage } from './SignInPage';
import { UnlockForm } from './UnlockForm';

type Covering = Exclude<LockState, { kind: 'unlocked' | 'starting' }>;

function ScreenBody({ state }: { state: Covering }) {
  const { t } = useTranslation();
  const [forgotPin, setForgotPin] = useState(false);

  if (state.kind === 'signedOut') {
    return (
      <>
        <h1>{t('lock.signedOutTitle')}</h1>
        <p className="hint">{t('auth.why')}</p>
        <SignInPage embedded />
      </>
    );
  }
  if (state.kind === 'choosePin') {
    return (
      <>
        <h1>{t(state.reason === 'reset' ? 'lock.chooseNewPinTitle' : 'lock.choosePinTitle')}</h1>
        <p className="hint">{t('lock.choosePinWhy')}</p>
        <ChoosePinForm />
      </>
    );
  }
  if (state.kind === 'signInNeeded' || forgotPin) {
    const why = state.kind === 'signInNeeded' ? t(state.reason === 'pinWiped' ? 'lock.pinWiped' : 'lock.noPin') : t('lock.forgotPinHint');
    return (
      <>
        <h1>{t('lock.signInTitle')}</h1>
        <p className={state.kind === 'signInNeeded' && state.reason === 'pinWiped' ? 'banner banner-error' : 'hint'} role={state.kind === 'signInNeeded' ? 'alert' : undefined}>
          {why}
        </p>
        <SignInPage embedded initialUsername={state.username} resetPin={forgotPin} />
        {forgotPin && state.kind === 'locked' && (
          <button type="button" className="secondary wide" onClick={() => setForgotPin(false)}>
            {t('lock.backToPin')}
          </button>
        )}
      </>
    );
  }
  return (
    <>
      <h1>{t('lock.lockedTitle')}</h1>
      <p>{t('lock.lockedAs', { username: state.username })}</p>
      {state.idle && <p className="hint">{t('lock.lockedIdle')}</p>}
      <UnlockForm state={state} />
      <button type="button" className="link-button" onClick={() => setForgotPin(true)}>
        {t('lock.forgotPin')}
      </button>
    </>
  );
}

export function LockScreen({ state }: { state: Covering }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="app-header">
        <div className="app-header-row">
          <span className="app-name">{t('appName')}</span>
          <LanguageSwitch />
        </div>
      </header>
      <main id="lock" className="lock-screen">
        <ScreenBody state={state} />
      </main>
    </>
  );
}
