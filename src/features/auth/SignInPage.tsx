/**
 * Sign-in, needed once with a connection so records can be sent; afterwards the app keeps
 * working offline for this officer. A failed sign-in changes nothing on the device.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { signIn, TransportError, type FailureKind } from '../../sync';

export function SignInPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<FailureKind | 'storage' | 'locked'>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await signIn(username.trim(), password);
      navigate('/');
    } catch (error) {
      // Too many wrong passwords: the server locks the name for a while (CJIS AC-7).
      if (error instanceof TransportError && error.code === 'auth.locked') setFailure('locked');
      else setFailure(error instanceof TransportError ? error.kind : 'storage');
      setBusy(false);
    }
  };

  return (
    <div className="signin-page">
      <h1>{t('auth.title')}</h1>
      <p className="hint">{t('auth.why')}</p>
      <form className="section" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="signin-username">{t('auth.username')}</label>
          <input id="signin-username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('auth.password')}</label>
          <input id="signin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {failure && (
          <div className="banner banner-error" role="alert">
            <p>{t(`auth.failure.${failure}`)}</p>
          </div>
        )}
        <button type="submit" className="primary wide" disabled={busy || !username || !password}>
          {busy ? t('auth.signingIn') : t('auth.submit')}
        </button>
      </form>
    </div>
  );
}
