/**
 * "Find by bag code" on the list: a code typed (opened as soon as it is complete and passes its
 * check) or scanned from the bag's label opens the record holding it, found through the device's
 * sealed serial index (storage/seizure-repository.ts byBagCode). A code that fails says why,
 * the check character's failure included. Folded behind one line until opened: on a 360 × 740
 * phone the newest record must still show above the "new" button (test/e2e/phone-layout.test.ts).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { BAG_CODE_LENGTH, formatBagCode, normalizeBagCode, parseBagCode } from '../../../domain/bag-code';
import { seizures } from '../../../storage';
import { bagCodeProblemText } from './bag-code-problem';
import { ScanButton } from './ScanButton';
import './evidence.css';

export function BagCodeFinder() {
  const { t } = useTranslation('evidence');
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string>();

  const open = async (text: string, scanned = false) => {
    const parsed = parseBagCode(text);
    if (!parsed.ok) return setProblem(scanned ? t('scan.notABagCode', { text }) : bagCodeProblemText(t, parsed));
    const row = await seizures.byBagCode(parsed.code);
    if (row) navigate(`/seizures/${row.id}`);
    else setProblem(t('find.notFound', { code: formatBagCode(parsed.code) }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void open(typed);
  };

  return (
    <details className="bag-code-finder">
      <summary>{t('find.label')}</summary>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="bag-code-find">{t('find.label')}</label>
          <p className="hint" id="bag-code-find-hint">
            {t('find.hint')}
          </p>
          <div className="bag-code-finder-row">
            <input
              id="bag-code-find"
              type="text"
              inputMode="text"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              aria-describedby={problem ? 'bag-code-find-hint bag-code-find-problem' : 'bag-code-find-hint'}
              aria-invalid={problem ? true : undefined}
              value={typed}
              onChange={(event) => {
                const value = event.target.value;
                setTyped(value);
                setProblem(undefined);
                if ([...normalizeBagCode(value)].length === BAG_CODE_LENGTH) void open(value);
              }}
            />
            <button type="submit" className="secondary">
              {t('find.open')}
            </button>
          </div>
          {problem && (
            <p className="field-error" id="bag-code-find-problem" role="alert">
              {problem}
            </p>
          )}
        </div>
        <ScanButton label={t('scan.button')} onText={(text) => void open(text, true)} />
      </form>
    </details>
  );
}
