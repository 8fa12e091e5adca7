/**
 * Who is signed in on this device. Signing out forgets the sign-in and locks the officer's keys
 * away: records, sent or not, stay on the device, and unsent ones go out after the next sign-in.
 * With unsent records the officer is asked first, and nothing happens unless they confirm.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { agencyNameOf } from '../../domain/agencies';
import { useLanguage } from '../../lib/use-language';
import { deviceLock } from '../../lock';
import { currentSession, pendingSummary, signOut, unsentPhotos } from '../../sync';

export function AccountPanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const session = useLiveQuery(() => currentSession(), [], null);
  const pending = useLiveQuery(() => pendingSummary(), []);
  const photosUnsent = useLiveQuery(() => unsentPhotos(), []) ?? 0;
  const [confirming, setConfirming] = useState(false);
  if (session === null) return null;

  const unsent = pending?.count ?? 0;
  const leave = async () => {
    setConfirming(false);
    deviceLock.signedOut();
    await signOut();
  };

  return (
    <section className="section" aria-labelledby="account-title">
      <h2 id="account-title">{t('settings.accountTitle')}</h2>
      {session ? (
        <>
          <p>{t('settings.signedInAs', { username: session.user.username, agency: agencyNameOf(session.user.agency.code, lang, session.user.agency.name) })}</p>
          {unsent > 0 && !confirming && <p className="hint">{t('settings.unsentOnSignOut', { n: unsent })}</p>}
          {photosUnsent > 0 && !confirming && <p className="hint">{t('settings.unsentPhotosOnSignOut', { n: photosUnsent })}</p>}
          {confirming ? (
            <div role="alertdialog" aria-labelledby="signout-confirm" className="banner banner-error">
              <p id="signout-confirm">{unsent > 0 ? t('settings.signOutConfirm', { n: unsent }) : t('settings.signOutConfirmPhotos', { n: photosUnsent })}</p>
              {unsent > 0 && photosUnsent > 0 && <p>{t('settings.unsentPhotosOnSignOut', { n: photosUnsent })}</p>}
              <div className="button-row">
                <button type="button" className="secondary" autoFocus onClick={() => setConfirming(false)}>
                  {t('settings.cancel')}
                </button>
                <button type="button" className="danger" onClick={() => void leave()}>
                  {t('settings.signOutAnyway')}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="secondary" onClick={() => (unsent > 0 || photosUnsent > 0 ? setConfirming(true) : void leave())}>
              {t('settings.signOut')}
            </button>
          )}
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
