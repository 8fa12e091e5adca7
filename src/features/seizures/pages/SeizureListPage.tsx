/**
 * The seizures on this device, newest first, with search by serial number or case number. The
 * search goes through the serial match key and case-number indexes, so it stays instant with
 * thousands of records. Each seizure can be ticked for export (export/ExportPanel.tsx).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDateTime, formatOccurredAt } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { drafts, seizures, settings, traceStatuses } from '../../../storage';
import { readyNotRequested, traceCounts } from '../../../domain/trace-summary';
import { CaseNumber } from '../../../components/CaseNumber';
import { firearmSummary } from '../components/firearm-summary';
import { StatusBadges } from '../components/StatusBadges';
import { TraceSummary } from '../components/TraceSummary';
import { ExportPanel } from '../export/ExportPanel';
import { BagCodeFinder } from '../evidence/BagCodeFinder';

const LIST_LIMIT = 100;

export function SeizureListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const deferredQuery = useDeferredValue(query);
  const [awaitingOnly, setAwaitingOnly] = useState(false);
  // The filter looks through every ready seizure on the device, not only the newest LIST_LIMIT:
  // the oldest ones waiting for a trace request are the ones it is for.
  const rows = useLiveQuery(async () => {
    if (!awaitingOnly || deferredQuery.trim() !== '') return seizures.search(deferredQuery, LIST_LIMIT);
    return seizures.ready();
  }, [deferredQuery, awaitingOnly]);
  // The trace statuses of the listed seizures, read with them: a summary per row and the filter.
  const traces = useLiveQuery(async () => (rows ? traceStatuses.forRecords(rows.map((row) => row.id)) : undefined), [rows]);
  const counts = new Map((rows ?? []).map((row) => [row.id, traceCounts(row.record, traces?.get(row.id) ?? [])]));
  // Among the seizures the search found, or every ready one when there is no search.
  const shown = rows && awaitingOnly ? rows.filter((row) => readyNotRequested(row.record, counts.get(row.id) ?? traceCounts(row.record, []))) : rows;
  const unfinished = useLiveQuery(() => drafts.unsavedNew(), []);
  const profile = useLiveQuery(() => settings.profile(), [], null);
  // The banners above the search field are known only after two reads; showing the field before
  // them would make it jump down when one appears (a layout shift the officer may tap into).
  const aboveKnown = unfinished !== undefined && profile !== null;

  if (!aboveKnown) {
    return (
      <div className="list-page">
        <h1>{t('list.title')}</h1>
        <p role="status">{t('loading')}</p>
      </div>
    );
  }

  return (
    <div className="list-page">
      <h1>{t('list.title')}</h1>
      {profile === undefined && (
        <div className="banner banner-info">
          <p>{t('list.setUpProfile')}</p>
          <Link href="/settings" className="button secondary">
            {t('list.openSettings')}
          </Link>
        </div>
      )}
      {unfinished.map((draft) => (
        <div key={draft.id} className="banner banner-warning" role="status">
          <p>{t('list.unfinished', { savedAt: formatDateTime(draft.savedAt, lang) })}</p>
          <Link href={`/new/${draft.id}`} className="button secondary">
            {t('list.resume')}
          </Link>
        </div>
      ))}
      <div className="field">
        <label htmlFor="seizure-search">{t('list.searchLabel')}</label>
        <input
          id="seizure-search"
          type="search"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <BagCodeFinder />
      {/* Offered once it can matter: the list holds a ready seizure (or the filter is on). */}
      {(awaitingOnly || rows?.some((row) => row.record.status === 'ready')) && (
        <label className="confirm">
          <input type="checkbox" checked={awaitingOnly} onChange={(event) => setAwaitingOnly(event.target.checked)} />
          {t('traceSummary.filter')}
        </label>
      )}
      {rows === undefined || shown === undefined ? (
        <p role="status">{t('loading')}</p>
      ) : awaitingOnly && shown.length === 0 ? (
        <p role="status">{t('traceSummary.filteredNone')}</p>
      ) : rows.length === 0 ? (
        <p role="status">{query.trim() ? t('list.noResults') : t('list.empty')}</p>
      ) : (
        <>
          <ul className="seizure-list">
            {shown.map((row) => (
              <li key={row.id} className="seizure-row">
                <input
                  type="checkbox"
                  className="seizure-select"
                  checked={selected.has(row.id)}
                  onChange={(event) => toggle(row.id, event.target.checked)}
                  aria-label={t('export.select', { what: [row.record.agency.caseNumber || t('list.noCaseNumber'), formatOccurredAt(row.record.recovery.occurredAt, lang) || t('list.noDate')].join(' · ') })}
                />
                <Link href={`/seizures/${row.id}`} className="seizure-item">
                  <span className="seizure-item-title">{row.record.agency.caseNumber ? <CaseNumber value={row.record.agency.caseNumber} /> : t('list.noCaseNumber')}</span>
                  <span className="seizure-item-when">{formatOccurredAt(row.record.recovery.occurredAt, lang) || t('list.noDate')}</span>
                  <span className="seizure-item-what">
                    {t('list.firearmCount', { n: row.record.firearms.length })}
                    {row.record.firearms[0] && firearmSummary(row.record.firearms[0], lang) && ` · ${firearmSummary(row.record.firearms[0], lang)}`}
                  </span>
                  <TraceSummary counts={counts.get(row.id) ?? traceCounts(row.record, [])} />
                  <StatusBadges row={row} />
                </Link>
              </li>
            ))}
          </ul>
          {/* Under the list, where "search to find others" is read once the list runs out; above it,
              its line or two would push the newest seizure under the "new" button on a small phone. */}
          <p className="list-count" role="status">
            {awaitingOnly ? t('traceSummary.filtered', { n: shown.length }) : t(rows.length >= LIST_LIMIT ? 'list.countLimited' : 'list.count', { n: rows.length })}
          </p>
          {selected.size > 0 && (
            <button type="button" className="secondary" onClick={() => setSelected(new Set())}>
              {t('export.clearSelection', { n: selected.size })}
            </button>
          )}
        </>
      )}
      <ExportPanel selectedIds={[...selected]} query={deferredQuery} onExported={() => setSelected(new Set())} />
      <div className="action-bar action-bar-single">
        <Link href="/new" className="button primary">
          {t('list.newSeizure')}
        </Link>
      </div>
    </div>
  );
}
