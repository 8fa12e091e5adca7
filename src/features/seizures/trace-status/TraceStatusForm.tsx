/**
 * Recording a firearm's trace status: requested (date, eTrace number), traced (the result) or
 * not traced (a reason). Judged by the domain's rules as the officer saves (trace-form.ts), so a
 * wrong request number, a purchase after the recovery or a time to crime that does not match the
 * dates is refused with its message before anything is written; a status that passes is saved on
 * the device with its outbox entry, and sync takes it to the server, offline or not.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../components/Field';
import { IssueMessages } from '../../../components/IssueMessages';
import { NOT_TRACED_REASONS, timeToCrime, TRACE_STATES, type TraceStatus } from '../../../domain/trace-status';
import type { Seizure } from '../../../domain/schema';
import { traceStatuses, type TraceStatusRow } from '../../../storage';
import { requestSync } from '../../../sync';
import { initialValues, traceResolver, type TraceField, type TraceFormValues, type TraceIssuesByField } from './trace-form';

export interface TraceStatusFormProps {
  record: Seizure;
  firearmId: string;
  row: TraceStatusRow | undefined;
  onDone: (saved: boolean) => void;
}

export function TraceStatusForm({ record, firearmId, row, onDone }: TraceStatusFormProps) {
  const { t } = useTranslation(['trace', 'vocab']);
  const [issues, setIssues] = useState<TraceIssuesByField>({});
  const [failed, setFailed] = useState(false);
  // The state the change moves from: the device's, as it was when the form opened (one form, one edit).
  const previous = useRef(row?.status.status ?? 'not_requested');
  const recoveredAt = record.recovery.occurredAt;
  const resolver = useMemo(
    () => traceResolver({ firearmId, seizureId: record.id }, () => ({ previous: previous.current, recoveredAt, now: new Date() }), setIssues),
    [firearmId, record.id, recoveredAt],
  );
  const form = useForm<TraceFormValues, unknown, TraceStatus>({ defaultValues: initialValues(row?.status), resolver, shouldFocusError: true });
  const { register, handleSubmit, watch, formState } = form;
  const state = watch('status');
  const purchaseDate = watch('purchaseDate');
  const purchaserFound = watch('purchaserFound');
  const expectedDays = timeToCrime(purchaseDate || undefined, record.recovery.occurredAt);

  const save = handleSubmit(async (status) => {
    setFailed(false);
    try {
      await traceStatuses.record(status);
      requestSync('save');
      onDone(true);
    } catch {
      setFailed(true);
    }
  });

  const id = (field: TraceField) => `trace-${firearmId}-${field}`;
  const field = (name: TraceField, label: string, control: (props: { id: string; describedBy: string; invalid: boolean }) => ReactNode, hint?: string) => (
    <Field id={id(name)} label={label} hint={hint} issues={issues[name] ?? []}>
      {({ id: controlId, describedBy, invalid }) => control({ id: controlId, describedBy, invalid })}
    </Field>
  );
  const input = (registered: UseFormRegisterReturn, type = 'text') => (props: { id: string; describedBy: string; invalid: boolean }) => (
    <input id={props.id} type={type} aria-describedby={props.describedBy} aria-invalid={props.invalid || undefined} {...registered} />
  );

  return (
    <form className="trace-form" noValidate onSubmit={(event) => void save(event)}>
      {field('status', t('field.status'), (p) => (
        <select id={p.id} aria-describedby={p.describedBy} aria-invalid={p.invalid || undefined} {...register('status')}>
          {TRACE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`vocab:traceState.${s}`)}
            </option>
          ))}
        </select>
      ))}
      {state !== 'not_requested' && (
        <>
          {field('requestedAt', t('field.requestedAt'), input(register('requestedAt'), 'date'))}
          {field('requestNumber', t('field.requestNumber'), input(register('requestNumber')), t('hint.requestNumber'))}
        </>
      )}
      {state === 'traced' && (
        <>
          <div className="field">
            <label className="confirm">
              <input type="checkbox" {...register('purchaserFound')} /> {t('field.purchaserFound')}
            </label>
            <IssueMessages id={`${id('purchaserFound')}-issues`} issues={issues.purchaserFound ?? []} />
          </div>
          {purchaserFound && (
            <>
              {field('purchaserFirstName', t('field.purchaserFirstName'), input(register('purchaserFirstName')))}
              {field('purchaserLastName', t('field.purchaserLastName'), input(register('purchaserLastName')))}
              {field('purchaserSecondLastName', t('field.purchaserSecondLastName'), input(register('purchaserSecondLastName')))}
              {field('purchaserDateOfBirth', t('field.purchaserDateOfBirth'), input(register('purchaserDateOfBirth'), 'date'))}
            </>
          )}
          {field('dealerName', t('field.dealerName'), input(register('dealerName')))}
          {field('dealerFfl', t('field.dealerFfl'), input(register('dealerFfl')), t('hint.dealerFfl'))}
          {field('purchaseDate', t('field.purchaseDate'), input(register('purchaseDate'), 'date'))}
          {field('timeToCrimeDays', t('field.timeToCrimeDays'), input(register('timeToCrimeDays'), 'number'), expectedDays !== undefined ? t('hint.timeToCrime', { days: expectedDays }) : undefined)}
        </>
      )}
      {state === 'not_traced' &&
        field('notTracedReason', t('field.notTracedReason'), (p) => (
          <select id={p.id} aria-describedby={p.describedBy} aria-invalid={p.invalid || undefined} {...register('notTracedReason')}>
            <option value="">—</option>
            {NOT_TRACED_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`vocab:notTracedReason.${reason}`)}
              </option>
            ))}
          </select>
        ))}
      {field('note', t('field.note'), (p) => <textarea id={p.id} aria-describedby={p.describedBy} rows={2} {...register('note')} />)}
      {failed && (
        <p className="banner banner-error" role="alert">
          {t('saveFailed')}
        </p>
      )}
      <div className="action-bar">
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          {t('cancel')}
        </button>
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {t('save')}
        </button>
      </div>
    </form>
  );
}
