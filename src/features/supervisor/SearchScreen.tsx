/**
 * Serial search over the agency's firearms and those shared with it: by match key (the server
 * ignores O/0, I/1, hyphens and spaces), maker, case number, dates, place and trace status. The
 * query is checked with the server's own schema first, so a refusal is the same coded message
 * whichever side finds it. Each hit opens the seizure on this device.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { agencyNameOf, MX_STATES, TRACE_STATES, US_STATES } from '../../domain';
import { checkFirearmSearch, FirearmSearchQuerySchema } from '../../domain/firearm-search';
import { useLanguage } from '../../lib/use-language';
import { useMunicipalities } from '../../lib/use-municipalities';
import { calendarDate, makerName, stateName } from './labels';
import { ServerLoading, ServerProblem } from './ServerProblem';
import { failureOf, type Failure } from './server-read';
import { searchFirearms, type FirearmHit, type SearchTerms } from './supervisor-api';

const FIELDS = ['serial', 'maker', 'caseNumber', 'from', 'to', 'state', 'municipality', 'traceStatus'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
const EMPTY: Form = { serial: '', maker: '', caseNumber: '', from: '', to: '', state: '', municipality: '', traceStatus: '' };

type Results = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; failure: Failure } | { kind: 'done'; hits: FirearmHit[]; cursor: string | null; more: boolean };

/** The filled fields as the server reads them; a code the server would give for them, if any. */
function termsOf(form: Form): { terms: SearchTerms } | { failure: Failure } {
  const given = Object.fromEntries(FIELDS.flatMap((name) => (form[name].trim() ? [[name, form[name].trim()]] : [])));
  const parsed = FirearmSearchQuerySchema.safeParse(given);
  if (!parsed.success) return { failure: 'request.invalid' };
  const [problem] = checkFirearmSearch(parsed.data);
  return problem ? { failure: problem } : { terms: parsed.data };
}

export function SearchScreen() {
  const { t } = useTranslation(['supervisor', 'seizure']);
  const lang = useLanguage();
  const [form, setForm] = useState<Form>(EMPTY);
  const [results, setResults] = useState<Results>({ kind: 'idle' });
  const [asked, setAsked] = useState<SearchTerms>({});
  const municipalities = useMunicipalities(form.state);

  const set = (name: keyof Form) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: event.target.value, ...(name === 'state' && { municipality: '' }) }));

  async function run(terms: SearchTerms, cursor?: string) {
    const before = results.kind === 'done' && cursor ? results.hits : [];
    if (!cursor) setResults({ kind: 'loading' });
    try {
      const page = await searchFirearms(terms, cursor);
      setResults({ kind: 'done', hits: [...before, ...page.hits], cursor: page.cursor, more: page.cursor !== null });
    } catch (error) {
      setResults({ kind: 'failed', failure: failureOf(error) });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = termsOf(form);
    if ('failure' in checked) return setResults({ kind: 'failed', failure: checked.failure });
    setAsked(checked.terms);
    void run(checked.terms);
  }

  const input = (name: keyof Form, type = 'text', className?: string) => (
    <div className="field">
      <label htmlFor={`search-${name}`}>{t(`search.${name}`)}</label>
      <input id={`search-${name}`} type={type} className={className} value={form[name]} onChange={set(name)} autoComplete="off" />
    </div>
  );

  return (
    <>
      <p className="hint">{t('search.hint')}</p>
      <form className="supervisor-form" onSubmit={submit} role="search" aria-label={t('search.title')}>
        {input('serial', 'text', 'serial-input')}
        {input('maker')}
        {input('caseNumber')}
        <div className="field">
          <label htmlFor="search-traceStatus">{t('search.traceStatus')}</label>
          <select id="search-traceStatus" value={form.traceStatus} onChange={set('traceStatus')}>
            <option value="">{t('search.any')}</option>
            {TRACE_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`trace.${state}`)}
              </option>
            ))}
          </select>
        </div>
        {input('from', 'date')}
        {input('to', 'date')}
        <div className="field">
          <label htmlFor="search-state">{t('search.state')}</label>
          <select id="search-state" value={form.state} onChange={set('state')}>
            <option value="">{t('search.any')}</option>
            <optgroup label={t('search.mexico')}>
              {MX_STATES.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('search.unitedStates')}>
              {US_STATES.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name[lang]}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        {municipalities && (
          <div className="field">
            <label htmlFor="search-municipality">{t('search.municipality')}</label>
            <select id="search-municipality" value={form.municipality} onChange={set('municipality')}>
              <option value="">{t('search.any')}</option>
              {municipalities.of(form.state).map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="button-row">
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </div>
      </form>
      {results.kind === 'loading' && <ServerLoading />}
      {results.kind === 'failed' && <ServerProblem failure={results.failure} onRetry={() => void run(asked)} />}
      {results.kind === 'done' && (
        <section aria-labelledby="search-results">
          <h2 id="search-results" aria-live="polite">
            {results.hits.length === 0 ? t('search.none') : t('search.results', { count: results.hits.length })}
          </h2>
          {results.hits.length > 0 && <p className="hint">{t('search.notOnDevice')}</p>}
          <ul className="seizure-list">
            {results.hits.map((hit) => (
              <li key={hit.firearmId} className="search-hit">
                <Link href={`/seizures/${hit.recordId}`} className="seizure-item">
                  <span className="seizure-item-title" id={`hit-${hit.firearmId}`}>
                    {hit.serialNumber ?? t('search.noSerial')} · {[makerName(hit.manufacturer, lang), hit.model].filter(Boolean).join(' ')}
                  </span>
                  <span className="seizure-item-what">
                    {[hit.caseNumber, t('search.item', { item: hit.itemNumber }), calendarDate(hit.recoveredOn, lang), stateName(hit.state, lang)].filter(Boolean).join(' · ')}
                  </span>
                  <span className="badges">
                    <span className="badge">{t(`trace.${(hit.traceStatus ?? 'not_requested') as (typeof TRACE_STATES)[number]}`)}</span>
                    {hit.shared && <span className="badge badge-shared">{t('search.sharedBy', { agency: agencyNameOf(hit.agency, lang) })}</span>}
                  </span>
                </Link>
                {/* Described by its hit, not named by it: the hit's own link is the one a serial finds. */}
                <Link href={`/supervisor/links/firearms/${hit.firearmId}`} className="search-hit-links" aria-describedby={`hit-${hit.firearmId}`}>
                  {t('search.links')}
                </Link>
              </li>
            ))}
          </ul>
          {results.more && results.cursor && (
            <button type="button" className="secondary wide" onClick={() => void run(asked, results.cursor ?? undefined)}>
              {t('search.more')}
            </button>
          )}
        </section>
      )}
    </>
  );
}
