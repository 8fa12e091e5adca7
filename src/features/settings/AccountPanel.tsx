/**
 * Who is signed in on this device. Signing out forgets the sign-in only: records, sent or not,
 * stay on the device and unsent ones go out after the next sign-in. (Per-officer separation on
 * a shared phone comes with device encryption.)
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSession, pendingSummary, signOut } from '../../sync';

export function AccountPanel() {
  const { t } = useTranslation();
  const session = useLiveQuery(() => currentSession(), [], null);
  const pending = useLiveQuery(() => pendingSummary(), []);
  if (session === null) return null;
  return (
    <section className="section" aria-labelledby="account-title">
      <h2 id="account-title">{t('settings.accountTitle')}</h2>
      {session ? (
        <>
          <p>{t('settings.signedInAs', { username: session.user.username, agency: session.user.agency.name })}</p>
          {pending && pending.count > 0 && <p className="hint">{t('settings.unsentOnSignOut', { n: pending.count })}</p>}
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('settings.signOut')}
          </button>
        </>
      ) : (
        <>
          <p>{t('settings.notSignedIn')}</p>
          <Link href="/signin" className="button primary">
            {t('sync.signIn')}
          </Link>
        </>
      )}
    </section>
  );
}
