/** What went wrong with a read from the server, in the supervisor's language, with a retry where one can help. */
import { useTranslation } from 'react-i18next';
import { isQueryCode, type Failure } from './server-read';

export function ServerProblem({ failure, onRetry }: { failure: Failure; onRetry?: (() => void) | undefined }) {
  const { t } = useTranslation('supervisor');
  const text = isQueryCode(failure) ? t(`errors.${failure}`) : t(`gate.${failure}`);
  const retry = onRetry && (failure === 'unreachable' || failure === 'failed' || failure === 'offline');
  return (
    <div className="banner banner-error" role="alert">
      <p>{text}</p>
      {retry && (
        <button type="button" className="secondary" onClick={onRetry}>
          {t('gate.retry')}
        </button>
      )}
    </div>
  );
}

export function ServerLoading() {
  const { t } = useTranslation('supervisor');
  return <p role="status">{t('gate.loading')}</p>;
}
