/**
 * One firearm's trace status on the record's page: where the trace stands, whether the server
 * has it, its refusal or an open conflict (both versions shown, the officer chooses), and the
 * form to record a change for those allowed (may-record.ts). The server judges every change
 * again and refuses an officer where the agency does not allow it; that refusal shows here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IssueMessages } from '../../../components/IssueMessages';
import type { Issue } from '../../../domain/issues';
import type { Seizure } from '../../../domain/schema';
import type { TraceStatus } from '../../../domain/trace-status';
import { formatCalendarDate, formatDateTime } from '../../../i18n';
import { useLanguage } from '../../../lib/use-language';
import { traceStatuses, type TraceStatusRow } from '../../../storage';
import { requestSync } from '../../../sync';
import { TraceStatusForm } from './TraceStatusForm';

export interface TraceStatusPanelProps {
  record: Seizure;
  firearmId: string;
  row: TraceStatusRow | undefined;
  /** The signed-in user may record trace status (a supervisor, or an officer where the agency allows). */
  mayRecord: boolean;
  /** The record is another agency's, shared with ours: read-only. */
  shared: boolean;
}

/** The details of a status as short lines, in the officer's language. */
function useStatusLines(): (status: TraceStatus) => string[] {
  const { t } = useTranslation(['trace', 'vocab']);
  const lang = useLanguage();
  const day = (iso: string) => formatCalendarDate(iso, lang);
  return (status) => {
    const lines = [t(`vocab:traceState.${status.status}`)];
    if (status.requestedAt) lines.push(t('detail.requested', { date: day(status.requestedAt) }));
    if (status.requestNumber) lines.push(t('detail.number', { number: status.requestNumber }));
    const result = status.result;
    if (status.status === 'traced' && result) {
      lines.push(t(result.purchaserFound ? 'detail.purchaser' : 'detail.noPurchaser'));
      const name = [result.purchaserFirstName, result.purchaserLastName, result.purchaserSecondLastName].filter(Boolean).join(' ');
      if (name) lines.push(result.purchaserDateOfBirth ? t('detail.purchaserNamedBorn', { name, date: day(result.purchaserDateOfBirth) }) : t('detail.purchaserNamed', { name }));
      const dealer = [result.dealerName, result.dealerFfl].filter(Boolean).join(' · ');
      if (dealer) lines.push(t('detail.dealer', { dealer }));
      if (result.purchaseDate) lines.push(t('detail.purchased', { date: day(result.purchaseDate) }));
      if (result.timeToCrimeDays !== undefined) lines.push(t('detail.timeToCrime', { days: result.timeToCrimeDays }));
    }
    if (status.status === 'not_traced' && status.notTracedReason) lines.push(t(`vocab:notTracedReason.${status.notTracedReason}`));
    if (status.note) lines.push(status.note);
    return lines;
  };
}

export function TraceStatusPanel({ record, firearmId, row, mayRecord, shared }: TraceStatusPanelProps) {
  const { t } = useTranslation(['trace', 'vocab']);
  const lang = useLanguage();
  const lines = useStatusLines();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [chooseFailed, setChooseFailed] = useState(false);
  const headingId = `trace-${firearmId}-title`;
  const choose = async (choice: 'keepMine' | 'takeTheirs') => {
    try {
      await traceStatuses[choice](firearmId);
      setChooseFailed(false);
      if (choice === 'keepMine') requestSync('save');
    } catch {
      // Nothing changed: both versions are still there to choose from.
      setChooseFailed(true);
    }
  };

  return (
    <section className="trace-status" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('title')}</h4>
      <p className="trace-status-lines" data-trace-state={row?.status.status ?? 'not_requested'}>
        {row ? lines(row.status).join(' · ') : t('vocab:traceState.not_requested')}
      </p>
      {row && !shared && (
        <p className="hint">
          <span className={`badge badge-sync-${row.state}`}>{t(`sync.${row.state}`)}</span> {t('detail.by', { when: formatDateTime(row.status.updatedAt, lang) })}
        </p>
      )}
      {saved && (
        <p className="banner banner-success" role="status">
          {t('saved')}
        </p>
      )}
      {row?.state === 'rejected' && (
        <div className="banner banner-error" role="alert">
          <p>
            <strong>{t('refusedTitle')}</strong>
          </p>
          <IssueMessages id={`trace-${firearmId}-refusal`} issues={(row.errors ?? []) as Issue[]} />
          <p>{t('refusedHint')}</p>
        </div>
      )}
      {row?.state === 'conflict' && row.conflict && (
        <div className="banner banner-warning" role="alert">
          <p>
            <strong>{t('conflictTitle')}</strong>
          </p>
          <p>{t('conflictTheirs', { status: lines(row.conflict.status).join(' · ') })}</p>
          <p>{t('conflictMine', { status: lines(row.status).join(' · ') })}</p>
          {chooseFailed && <p>{t('saveFailed')}</p>}
          <div className="action-bar">
            <button type="button" className="secondary" onClick={() => void choose('takeTheirs')}>
              {t('takeTheirs')}
            </button>
            <button type="button" className="primary" onClick={() => void choose('keepMine')}>
              {t('keepMine')}
            </button>
          </div>
        </div>
      )}
      {shared ? (
        <p className="hint">{t('readOnlyShared')}</p>
      ) : !mayRecord ? (
        <p className="hint">{t('notAllowed')}</p>
      ) : editing ? (
        <TraceStatusForm
          record={record}
          firearmId={firearmId}
          row={row}
          onDone={(done) => {
            setEditing(false);
            setSaved(done);
          }}
        />
      ) : (
        row?.state !== 'conflict' && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSaved(false);
              setEditing(true);
            }}
          >
            {row ? t('change') : t('record')}
          </button>
        )
      )}
    </section>
  );
}
