/**
 * "Share with another agency", for supervisors and administrators, on a seizure the server
 * already has: share this seizure or its whole case with an agency the sharing policy allows,
 * and end a share. Every action goes to the server at once (a share only counts once the server
 * holds it), so this needs a connection; the seizure itself stays on the device either way.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyNameOf, agencyShortName, findAgency } from '../../../domain/agencies';
import { caseNumberKey } from '../../../domain/keys';
import type { Seizure } from '../../../domain/schema';
import { formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { TransportError } from '../../../sync';
import { listShares, revokeShare, shareWithAgency, type Share, type Shares } from '../../../sync/shares';

type Failure = 'offline' | 'signIn' | 'forbidden' | 'notAllowed' | 'notOnServer' | 'server';
type Scope = 'record' | 'case';

function failureOf(error: unknown): Failure {
  if (!(error instanceof TransportError)) return 'server';
  if (error.kind === 'network' || error.kind === 'timeout') return 'offline';
  if (error.kind === 'auth') return 'signIn';
  if (error.code === 'share.notAllowed') return 'notAllowed';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'notOnServer';
  return 'server';
}

/** The active shares our agency gave that cover this seizure: itself, or its case. */
function sharesOf(shares: Shares, record: Seizure): Share[] {
  const caseKey = caseNumberKey(record.agency.caseNumber);
  return shares.given.filter(
    (s) => s.revokedAt === null && (s.recordId === record.id || (caseKey !== '' && s.caseNumber !== null && caseNumberKey(s.caseNumber) === caseKey)),
  );
}

export function SharePanel({ record }: { record: Seizure }) {
  const { t } = useTranslation('seizure');
  const lang = useLanguage();
  const ids = useId();
  const [shares, setShares] = useState<Shares | undefined>();
  const [failure, setFailure] = useState<Failure | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [toAgency, setToAgency] = useState('');
  const [scope, setScope] = useState<Scope>('record');
  const caseNumber = record.agency.caseNumber?.trim() ?? '';
  const agencyName = (code: string) => agencyNameOf(code, lang, shares?.mayShareWith.find((a) => a.code === code)?.name);
  const shortAgencyName = (code: string) => {
    const known = findAgency(code);
    return known ? agencyShortName(known, lang) : agencyName(code);
  };

  const loaded = useCallback((answer: Shares) => {
    setShares(answer);
    setToAgency((current) => current || (answer.mayShareWith[0]?.code ?? ''));
  }, []);
  const load = async () => {
    setFailure(undefined);
    try {
      loaded(await listShares());
    } catch (error) {
      setFailure(failureOf(error));
    }
  };

  useEffect(() => {
    let live = true;
    listShares().then(
      (answer) => live && loaded(answer),
      (error: unknown) => live && setFailure(failureOf(error)),
    );
    return () => {
      live = false;
    };
  }, [loaded]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setDone(undefined);
    setFailure(undefined);
    try {
      const message = await work();
      await load();
      setDone(message);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setBusy(false);
    }
  };

  const share = () =>
    act(async () => {
      const shared = await shareWithAgency(scope === 'case' ? { caseNumber, toAgency } : { recordId: record.id, toAgency });
      return t(shared.caseNumber === null ? 'share.sharedRecord' : 'share.sharedCase', { agency: agencyName(shared.toAgency), caseNumber });
    });
  const revoke = (s: Share) =>
    act(async () => {
      await revokeShare(s.id);
      return t('share.revoked', { agency: agencyName(s.toAgency) });
    });

  const current = shares ? sharesOf(shares, record) : [];

  return (
    <section className="section share-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('share.title')}</h2>
      <p className="hint">{t('share.explain')}</p>
      {failure && (
        <div className="banner banner-error" role="alert">
          <p>{t(`share.failure.${failure}`)}</p>
          {!shares && (
            <button type="button" className="secondary" onClick={() => void load()}>
              {t('share.retry')}
            </button>
          )}
        </div>
      )}
      {done && (
        <div className="banner banner-success" role="status">
          <p>{done}</p>
        </div>
      )}
      {!shares && !failure && <p role="status">{t('share.loading')}</p>}
      {shares && (
        <>
          {shares.mayShareWith.length === 0 ? (
            <p>{t('share.noTargets')}</p>
          ) : (
            <form
              className="share-form"
              onSubmit={(event) => {
                event.preventDefault();
                void share();
              }}
            >
              <div className="field">
                <label htmlFor={`${ids}-agency`}>{t('share.agency')}</label>
                <select id={`${ids}-agency`} value={toAgency} onChange={(event) => setToAgency(event.target.value)}>
                  {shares.mayShareWith.map((agency) => (
                    <option key={agency.code} value={agency.code}>
                      {/* Short in the picker, so it fits a phone; the sentences below name it in full. */}
                      {shortAgencyName(agency.code)}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset>
                <legend>{t('share.scope')}</legend>
                <div className="field field-checkbox">
                  <input id={`${ids}-record`} type="radio" name={`${ids}-scope`} checked={scope === 'record'} onChange={() => setScope('record')} />
                  <label htmlFor={`${ids}-record`}>{t('share.scopeRecord')}</label>
                </div>
                <div className="field field-checkbox">
                  <input id={`${ids}-case`} type="radio" name={`${ids}-scope`} checked={scope === 'case'} disabled={caseNumber === ''} onChange={() => setScope('case')} />
                  <label htmlFor={`${ids}-case`}>{caseNumber === '' ? t('share.scopeCaseNone') : t('share.scopeCase', { caseNumber })}</label>
                </div>
              </fieldset>
              <button type="submit" className="primary" disabled={busy || toAgency === ''}>
                {t('share.submit')}
              </button>
            </form>
          )}
          <h3>{t('share.currentTitle')}</h3>
          {current.length === 0 ? (
            <p>{t('share.none')}</p>
          ) : (
            <ul className="plain-list">
              {current.map((s) => (
                <li key={s.id} className="share-item">
                  <span>
                    {t(s.caseNumber === null ? 'share.lineRecord' : 'share.lineCase', {
                      agency: agencyName(s.toAgency),
                      caseNumber: s.caseNumber ?? '',
                      by: s.grantedBy.username ?? '—',
                      at: formatDateTime(s.grantedAt, lang),
                    })}
                  </span>{' '}
                  <button type="button" className="secondary" disabled={busy} onClick={() => void revoke(s)} aria-label={t('share.revokeLabel', { agency: agencyName(s.toAgency) })}>
                    {t('share.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
