/**
 * Someone else changed this seizure on the server while this device held unsent changes. Nothing
 * was overwritten: both versions are here, field by field, and the officer chooses which one
 * stands. Keeping this device's version sends it as the next revision; the server's version stays
 * in the record's history either way.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { seizures, toStorageError, type StorageErrorCode } from '../../../storage';
import { keepMyVersion, takeServerVersion } from '../../../sync';
import { StorageErrorBanner } from '../../../components/StorageErrorBanner';
import { issueFieldLabel, type Translate } from '../components/issue-field-label';
import { leaves, valueInWords } from '../components/record-values';

export function ConflictPage({ id }: { id: string }) {
  const { t } = useTranslation(['seizure', 'vocab', 'common']);
  const tr = t as unknown as Translate;
  const lang = useLanguage();
  const [, navigate] = useLocation();
  const row = useLiveQuery(() => seizures.get(id), [id], null);
  const [error, setError] = useState<StorageErrorCode>();

  if (row === null) return <p role="status">{t('common:loading')}</p>;
  if (!row?.conflict) {
    return (
      <div className="banner banner-info" role="status">
        <p>{t('conflict.none')}</p>
        <Link href={`/seizures/${id}`}>{t('conflict.back')}</Link>
      </div>
    );
  }
  const mine = row.record;
  const theirs = row.conflict.record;
  const [mineLeaves, theirLeaves] = [leaves(mine), leaves(theirs)];
  const paths = [...new Set([...mineLeaves.keys(), ...theirLeaves.keys()])].filter((p) => mineLeaves.get(p) !== theirLeaves.get(p));
  const itemNumberAt = (index: number) => mine.firearms[index]?.itemNumber ?? theirs.firearms[index]?.itemNumber ?? index + 1;

  const choose = async (keep: 'mine' | 'theirs') => {
    setError(undefined);
    try {
      if (keep === 'mine') await keepMyVersion(id);
      else await takeServerVersion(id);
      navigate(`/seizures/${id}`);
    } catch (e) {
      setError(toStorageError(e).code);
    }
  };

  return (
    <div className="conflict-page">
      <h1>{t('conflict.title')}</h1>
      <p>{t('conflict.explain', { revision: row.conflict.revision, when: formatDateTime(theirs.updatedAt, lang) })}</p>
      <table className="compare">
        <caption>{t('conflict.caption', { n: paths.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('conflict.field')}</th>
            <th scope="col">{t('conflict.mine')}</th>
            <th scope="col">{t('conflict.theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {paths.map((path) => (
            <tr key={path}>
              <th scope="row">{issueFieldLabel(path, tr, itemNumberAt)}</th>
              <td>{valueInWords(path, mineLeaves.get(path), mine, lang, tr)}</td>
              <td>{valueInWords(path, theirLeaves.get(path), theirs, lang, tr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <StorageErrorBanner code={error} />}
      <div className="action-bar">
        <button type="button" className="secondary" onClick={() => void choose('theirs')}>
          {t('conflict.takeTheirs')}
        </button>
        <button type="button" className="primary" onClick={() => void choose('mine')}>
          {t('conflict.keepMine')}
        </button>
      </div>
    </div>
  );
}
