/**
 * One seizure's links by reason, as a list: the accessible equivalent of the graph. Each linked
 * seizure says the link's strength and details (serial distance and model, metres and days, the
 * FFL), whether it has a short time to crime, and offers what the graph's tap does (add its
 * links) and its own link view.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useLanguage } from '../../../lib/use-language';
import { linkDetail, seizureLine } from './link-labels';
import type { ReasonGroup } from './link-state';

export function LinkGroups({
  groups,
  canExpand,
  expanding,
  onExpand,
}: {
  groups: ReasonGroup[];
  canExpand: (recordId: string) => boolean;
  expanding: string | undefined;
  onExpand: (recordId: string) => void;
}) {
  const { t } = useTranslation('supervisor');
  const lang = useLanguage();
  if (groups.length === 0) return <p>{t('links.none')}</p>;
  return groups.map((group) => (
    <section key={group.reason} className="link-group" aria-label={t(`links.reason.${group.reason}`)}>
      <h3>{t('links.group', { reason: t(`links.reason.${group.reason}`), count: group.links.length })}</h3>
      <ul className="link-list">
        {group.links.map(({ seizure, edge }) => {
          // Many rows have the same buttons: each one's name says which seizure it acts on.
          const line = seizureLine(t, lang, seizure);
          return (
          <li key={seizure.recordId} className="link-item">
            <span className="link-item-title">{line}</span>
            <span className="link-item-detail">{linkDetail(t, lang, edge)}</span>
            <span className="badges">
              <span className={`badge badge-${edge.strength}`}>{t(`links.strength.${edge.strength}`)}</span>
              {seizure.shortTimeToCrime && (
                <span className="badge badge-short" title={t('links.shortTimeToCrime')}>
                  {t('links.shortTimeToCrimeBadge')}
                </span>
              )}
            </span>
            <span className="link-actions">
              {canExpand(seizure.recordId) && (
                <button type="button" className="secondary" disabled={expanding !== undefined} onClick={() => onExpand(seizure.recordId)} aria-label={`${t('links.expand')}: ${line}`}>
                  {expanding === seizure.recordId ? t('links.expanding') : t('links.expand')}
                </button>
              )}
              <Link href={`/supervisor/links/seizures/${seizure.recordId}`} aria-label={`${t('links.openLinks')}: ${line}`}>
                {t('links.openLinks')}
              </Link>
              <Link href={`/seizures/${seizure.recordId}`} aria-label={`${t('links.openSeizure')}: ${line}`}>
                {t('links.openSeizure')}
              </Link>
            </span>
          </li>
          );
        })}
      </ul>
    </section>
  ));
}
