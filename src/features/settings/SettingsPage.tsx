/**
 * The officer's details (filled into every new seizure), the language, and whether this
 * device's storage is protected from eviction.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENCIES, agencyFullName, agencyShortName, findAgency } from '../../domain/agencies';
import { useLanguage } from '../../lib/use-language';
import { settings, toStorageError, type Profile, type StorageErrorCode } from '../../storage';
import { currentSession } from '../../sync';
import { StorageErrorBanner } from '../../components/StorageErrorBanner';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { AccountPanel } from './AccountPanel';
import { StoragePanel } from './StoragePanel';

const EMPTY: Profile = { officer: {} };

export function SettingsPage() {
  const { t } = useTranslation(['common', 'seizure']);
  // null while loading, undefined when no profile was saved yet.
  const stored = useLiveQuery(() => settings.profile(), [], null);
  const session = useLiveQuery(() => currentSession(), [], null);
  // The account already names the officer's agency: start from it rather than "Choose…".
  const accountAgency = findAgency(session?.user.agency.code)?.code;
  const initial = stored ?? EMPTY;
  return (
    <div className="settings-page">
      <h1>{t('settings.title')}</h1>
      {stored === null || session === null ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <ProfileForm initial={initial.agencyCode || !accountAgency ? initial : { ...initial, agencyCode: accountAgency }} />
      )}
      <AccountPanel />
      <section className="section">
        <h2>{t('settings.languageTitle')}</h2>
        <LanguageSwitch />
      </section>
      <StoragePanel />
    </div>
  );
}

function ProfileForm({ initial }: { initial: Profile }) {
  const { t } = useTranslation(['common', 'seizure']);
  const lang = useLanguage();
  const [profile, setProfile] = useState<Profile>(initial);
  const [status, setStatus] = useState<'idle' | 'saved'>('idle');
  const [error, setError] = useState<StorageErrorCode>();
  const chosen = findAgency(profile.agencyCode);

  const setOfficer = (field: keyof Profile['officer'], value: string) =>
    setProfile((p) => ({ ...p, officer: { ...p.officer, [field]: value } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const trimmed = Object.fromEntries(Object.entries(profile.officer).map(([k, v]) => [k, v?.trim() || undefined]));
      await settings.saveProfile({ agencyCode: profile.agencyCode || undefined, officer: trimmed });
      setStatus('saved');
    } catch (e) {
      setError(toStorageError(e).code);
    }
  };

  const text = (field: keyof Profile['officer'], label: string, autoComplete: string) => (
    <div className="field">
      <label htmlFor={`profile-${field}`}>{label}</label>
      <input id={`profile-${field}`} autoComplete={autoComplete} value={profile.officer[field] ?? ''} onChange={(e) => setOfficer(field, e.target.value)} />
    </div>
  );

  return (
      <form className="section" onSubmit={(e) => void submit(e)}>
        <h2>{t('settings.profileTitle')}</h2>
        <p className="hint">{t('settings.profileHint')}</p>
        <div className="field">
          <label htmlFor="profile-agency">{t('seizure:field.agencyCode')}</label>
          {chosen?.acronym && (
            <p id="profile-agency-hint" className="hint">
              {agencyFullName(chosen, lang)}
            </p>
          )}
          <select
            id="profile-agency"
            aria-describedby={chosen?.acronym ? 'profile-agency-hint' : undefined}
            value={profile.agencyCode ?? ''}
            onChange={(e) => setProfile((p) => ({ ...p, agencyCode: e.target.value }))}
          >
            <option value="">{t('choose')}</option>
            {AGENCIES.map((a) => (
              <option key={a.code} value={a.code}>
                {agencyShortName(a, lang)}
              </option>
            ))}
          </select>
        </div>
        {text('firstName', t('seizure:field.officerFirstName'), 'given-name')}
        {text('lastName', t('seizure:field.officerLastName'), 'family-name')}
        {text('secondLastName', t('seizure:field.officerSecondLastName'), 'off')}
        {text('badge', t('seizure:field.badge'), 'off')}
        {/* The trace request's contact: the same for every seizure, so asked once here too. */}
        {text('phone', t('seizure:field.officerPhone'), 'tel')}
        {text('email', t('seizure:field.officerEmail'), 'email')}
        {error && <StorageErrorBanner code={error} />}
        {status === 'saved' && !error && <p role="status">{t('settings.profileSaved')}</p>}
        <button type="submit" className="primary">
          {t('settings.saveProfile')}
        </button>
      </form>
  );
}
