/**
 * Sign-in, needed once with a connection so records can be sent; afterwards the app keeps
 * working offline for this officer, opened with the PIN chosen right after (src/lock). A failed
 * sign-in changes nothing on the device. Users with a second factor (TOTP) are asked for the
 * code from their authenticator app once the server has checked the password (docs/security.md
 * "Second factor"). The lock screen shows this form too, to recover a forgotten or erased PIN.
 *
 * It lives with the lock screen because every sign-in ends in the device lock (afterSignIn opens
 * or starts the officer's vault); /signin shows the same form when a session runs out while the
 * app is open.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { deviceLock } from '../../lock';
import { signIn, TransportError, type FailureKind } from '../../sync';

type Failure = FailureKind | 'storage' | 'locked' | 'rateLimited' | 'otpInvalid' | 'otpEnrollmentRequired';

/** The failures with a message of their own, by the server's code. */
const FAILURE_BY_CODE: Readonly<Record<string, Failure>> = {
  // Too many wrong passwords or codes: the server locks the name for a while (CJIS AC-7).
  'auth.locked': 'locked',
  // Too many sign-ins from one address in a minute (a station behind one NAT, or a guesser).
  'request.rateLimited': 'rateLimited',
  'auth.otpInvalid': 'otpInvalid',
  'auth.otpEnrollmentRequired': 'otpEnrollmentRequired',
};

const CODE_FORMAT = /^[0-9]{6}$/;

interface SignInPageProps {
  /** Inside the lock screen: the lock screen has the page's heading. */
  embedded?: boolean;
  initialUsername?: string;
  /** The officer forgot the PIN: a new one is chosen after the sign-in. */
  resetPin?: boolean;
}

export function SignInPage({ embedded = false, initialUsername = '', resetPin = false }: SignInPageProps) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await signIn(username.trim(), password, needsCode ? code : undefined);
      await deviceLock.afterSignIn(answer, { resetPin });
      navigate('/');
    } catch (error) {
      const serverCode = error instanceof TransportError ? error.code : undefined;
      if (serverCode === 'auth.otpRequired') {
        // The password was right; the same form now asks for the code and keeps what was typed.
        setNeedsCode(true);
      } else {
        // A code is good for one attempt only; a fresh one is needed after a refusal.
        if (serverCode === 'auth.otpInvalid') setCode('');
        setFailure((serverCode ? FAILURE_BY_CODE[serverCode] : undefined) ?? (error instanceof TransportError ? error.kind : 'storage'));
      }
      setBusy(false);
    }
  };

  return (
    <div className="signin-page">
      {embedded ? <h2>{t('auth.title')}</h2> : <h1>{t('auth.title')}</h1>}
      {!embedded && <p className="hint">{t('auth.why')}</p>}
      <form className="section" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="signin-username">{t('auth.username')}</label>
          <input id="signin-username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('auth.password')}</label>
          <input id="signin-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {needsCode && (
          <div className="field">
            <label htmlFor="signin-code">{t('auth.code')}</label>
            <input
              id="signin-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              autoFocus
              aria-describedby="signin-code-hint"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
            <p id="signin-code-hint" className="hint">
              {t('auth.codeHint')}
            </p>
          </div>
        )}
        {failure && (
          <div className="banner banner-error" role="alert">
            <p>{t(`auth.failure.${failure}`)}</p>
          </div>
        )}
        <button type="submit" className="primary wide" disabled={busy || !username || !password || (needsCode && !CODE_FORMAT.test(code))}>
          {busy ? t('auth.signingIn') : t('auth.submit')}
        </button>
      </form>
    </div>
  );
}
