import { useTranslation } from 'react-i18next';
import type { SeizureView } from '../../../storage';

/**
 * A record's two states: how complete it is (draft / ready) and where it stands with the server;
 * and, for a record another agency shares with ours (read-only here), which agency.
 */
export function StatusBadges({ row }: { row: Pick<SeizureView, 'status' | 'syncState' | 'serverRevision' | 'sharedBy'> }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`badge badge-${row.status}`}>{t(`status.${row.status}`)}</span>
      <span className={`badge badge-sync-${row.syncState}`}>
        {row.syncState === 'synced' ? t('syncState.syncedRevision', { revision: row.serverRevision ?? 0 }) : t(`syncState.${row.syncState}`)}
      </span>
      {row.sharedBy !== undefined && <span className="badge badge-shared">{t('sharedBy', { agency: row.sharedBy })}</span>}
    </span>
  );
}
