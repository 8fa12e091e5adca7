import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { agencyNameOf } from '../../../domain/agencies';
import { StorageErrorBanner } from '../../../components/StorageErrorBanner';
import { flashState } from '../../../lib/flash';
import { useLanguage } from '../../../lib/use-language';
import { drafts, seizures } from '../../../storage';
import { SeizureForm } from '../components/SeizureForm';
import { useFormStart } from '../hooks/use-form-start';

export function EditSeizurePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [attempt, setAttempt] = useState(0);
  const lang = useLanguage();
  const start = useFormStart(id, lang, attempt);
  // A seizure another agency shares with ours is read-only here (the server refuses its edits too).
  const sharedBy = useLiveQuery(async () => (await seizures.get(id))?.sharedBy, [id]);
  const { t: ts } = useTranslation('seizure');

  if (sharedBy !== undefined) {
    return (
      <div className="banner banner-info" role="alert">
        <p>{ts('sharedRecord.notEditable', { agency: agencyNameOf(sharedBy, lang) })}</p>
        <Link href={`/seizures/${id}`}>{ts('sharedRecord.open')}</Link>
      </div>
    );
  }
  if (start.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (start.state === 'failed') return <StorageErrorBanner code={start.code} />;
  const { initial, isNew, restored, baseUpdatedAt } = start.start;

  const discard = async () => {
    await drafts.remove(id);
    if (isNew) navigate('/');
    else setAttempt((n) => n + 1);
  };

  return (
    <SeizureForm
      // A fresh form instance per load, so discarding a restored draft really resets it.
      key={`${id}-${attempt}`}
      initial={initial}
      isNew={isNew}
      restored={restored}
      baseUpdatedAt={baseUpdatedAt}
      onSaved={(savedId, status) => navigate(`/seizures/${savedId}`, { state: flashState(status === 'ready' ? 'savedReady' : 'savedDraft') })}
      onDiscard={() => void discard()}
    />
  );
}
