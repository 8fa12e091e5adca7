import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { StorageErrorBanner } from '../../../components/StorageErrorBanner';
import { flashState } from '../../../lib/flash';
import { useLanguage } from '../../../lib/use-language';
import { drafts } from '../../../storage';
import { SeizureForm } from '../components/SeizureForm';
import { useFormStart } from '../hooks/use-form-start';

export function EditSeizurePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [attempt, setAttempt] = useState(0);
  const start = useFormStart(id, useLanguage(), attempt);

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
