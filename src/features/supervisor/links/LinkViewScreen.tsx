/**
 * The link view of a seizure or a firearm (docs/links.md "The screen"): filters by reason and by
 * the linked seizures' recovery dates, applied by the server, then the explorer. A new filter or
 * subject starts the view again from the server's answer.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LINK_REASONS, type LinkReason } from '../../../domain/links';
import { ServerLoading, ServerProblem } from '../ServerProblem';
import { useServerRead } from '../server-read';
import { LinkExplorer } from './LinkExplorer';
import { linkQuery, NO_FILTERS, type LinkFilters, type LinkSubject } from './link-query';
import { loadLinkView } from './links-api';

export function LinkViewScreen({ subject }: { subject: LinkSubject }) {
  const { t } = useTranslation('supervisor');
  const [form, setForm] = useState<LinkFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<LinkFilters>(NO_FILTERS);
  // The server refuses a reversed period as a malformed query; said here in its own words first.
  const [reversed, setReversed] = useState(false);
  const key = `${subject.kind}/${subject.id}${linkQuery(applied)}`;
  const { state, reload } = useServerRead(() => loadLinkView(subject, applied), key);

  const toggle = (reason: LinkReason) => (event: { target: { checked: boolean } }) =>
    setForm((f) => ({ ...f, reasons: event.target.checked ? [...f.reasons, reason] : f.reasons.filter((r) => r !== reason) }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const wrong = form.from !== '' && form.to !== '' && form.from > form.to;
    setReversed(wrong);
    if (!wrong) setApplied(form);
  }
  function clear() {
    setForm(NO_FILTERS);
    setApplied(NO_FILTERS);
    setReversed(false);
  }

  return (
    <>
      <form className="link-filters" onSubmit={submit} aria-label={t('links.filters')}>
        <fieldset>
          <legend>{t('links.reasons')}</legend>
          <div className="link-reasons">
            {LINK_REASONS.map((reason) => (
              <label key={reason} className="field-checkbox">
                <input type="checkbox" checked={form.reasons.includes(reason)} onChange={toggle(reason)} />
                {t(`links.reason.${reason}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="supervisor-form">
          <div className="field">
            <label htmlFor="links-from">{t('links.from')}</label>
            <input id="links-from" type="date" value={form.from} onChange={(e) => setForm((f) => ({ ...f, from: e.target.value }))} />
          </div>
          <div className="field">
            <label htmlFor="links-to">{t('links.to')}</label>
            <input id="links-to" type="date" value={form.to} onChange={(e) => setForm((f) => ({ ...f, to: e.target.value }))} />
          </div>
          <div className="button-row">
            <button type="submit" className="primary">
              {t('links.apply')}
            </button>
            <button type="button" className="secondary" onClick={clear}>
              {t('links.clear')}
            </button>
          </div>
        </div>
      </form>
      {reversed && (
        <p className="banner banner-error" role="alert">
          {t('errors.search.rangeReversed')}
        </p>
      )}
      {state.kind === 'loading' && <ServerLoading />}
      {state.kind === 'failed' && <ServerProblem failure={state.failure} onRetry={reload} />}
      {state.kind === 'done' && <LinkExplorer key={key} view={state.value} subject={subject} filters={applied} />}
    </>
  );
}
