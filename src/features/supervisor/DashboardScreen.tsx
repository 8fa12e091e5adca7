/**
 * Trace readiness over a chosen period (the recovery's date at the scene): what share of the
 * agency's firearms is ready, requested, traced or not (by reason), what traces lack most, the
 * firearms ready but never requested (oldest first: the ones to send today), and how long a
 * request takes. Each chart has its numbers as a table beside it, for screen readers.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { NOT_TRACED_REASONS, TRACE_STATES } from '../../domain';
import { formatNumber } from '../../i18n';
import { useLanguage } from '../../lib/use-language';
import { calendarDate, stateName } from './labels';
import { ServerLoading, ServerProblem } from './ServerProblem';
import { useServerRead } from './server-read';
import { loadDashboard, type Dashboard } from './supervisor-api';
import { BarChart } from './TraceChart';

const PRESETS = ['30', '90', '365', 'all', 'custom'] as const;
type Preset = (typeof PRESETS)[number];
type Period = { from?: string; to?: string };

/** Today as a calendar date on this device's clock. */
const localDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

function periodOf(preset: Preset, custom: Period, now = new Date()): Period {
  if (preset === 'all') return {};
  if (preset === 'custom') return custom;
  const from = new Date(now);
  from.setDate(from.getDate() - Number(preset) + 1);
  return { from: localDay(from), to: localDay(now) };
}

export function DashboardScreen() {
  const { t } = useTranslation('supervisor');
  const [preset, setPreset] = useState<Preset>('90');
  const [custom, setCustom] = useState<Period>({});
  const [draft, setDraft] = useState<Period>({});
  const period = periodOf(preset, custom);
  const { state, reload } = useServerRead(() => loadDashboard(period), JSON.stringify(period));

  return (
    <>
      <form
        className="supervisor-form"
        onSubmit={(event) => {
          event.preventDefault();
          setCustom(draft);
        }}
      >
        <div className="field">
          <label htmlFor="dashboard-preset">{t('dashboard.period')}</label>
          <select id="dashboard-preset" value={preset} onChange={(event) => setPreset(event.target.value as Preset)}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`dashboard.preset.${p}`)}
              </option>
            ))}
          </select>
        </div>
        {preset === 'custom' && (
          <>
            {(['from', 'to'] as const).map((end) => (
              <div className="field" key={end}>
                <label htmlFor={`dashboard-${end}`}>{t(`dashboard.${end}`)}</label>
                <input id={`dashboard-${end}`} type="date" value={draft[end] ?? ''} onChange={(event) => setDraft((d) => ({ ...d, [end]: event.target.value || undefined }))} />
              </div>
            ))}
            <div className="button-row">
              <button type="submit" className="primary">
                {t('dashboard.show')}
              </button>
            </div>
          </>
        )}
      </form>
      {state.kind === 'loading' && <ServerLoading />}
      {state.kind === 'failed' && <ServerProblem failure={state.failure} onRetry={reload} />}
      {state.kind === 'done' && <DashboardNumbers dashboard={state.value} />}
    </>
  );
}

function DashboardNumbers({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation(['supervisor', 'seizure']);
  const lang = useLanguage();
  const { firearms, trace, notTracedReasons, gaps, readyNotRequested, daysToRequest } = dashboard;
  const percent = (n: number) => new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { style: 'percent', maximumFractionDigits: 0 }).format(firearms.total ? n / firearms.total : 0);
  const statusBars = TRACE_STATES.map((s) => ({ key: s, label: t(`trace.${s}`), value: trace[s] ?? 0 }));
  const reasonBars = NOT_TRACED_REASONS.map((r) => ({ key: r, label: t(`reason.${r}`), value: notTracedReasons[r] ?? 0 }));
  return (
    <>
      <p>{t('dashboard.firearms', { total: formatNumber(firearms.total, lang), ready: formatNumber(firearms.traceReady, lang), percent: percent(firearms.traceReady) })}</p>

      <h2>{t('dashboard.statusTitle')}</h2>
      <BarChart bars={statusBars} />
      <CountTable caption={t('dashboard.statusCaption')} head={t('dashboard.status')} bars={[{ key: 'ready', label: t('dashboard.traceReady'), value: firearms.traceReady }, ...statusBars]} percent={percent} />

      <h2>{t('dashboard.reasonsTitle')}</h2>
      <BarChart bars={reasonBars} />
      <CountTable caption={t('dashboard.reasonsCaption')} head={t('dashboard.reason')} bars={reasonBars} percent={percent} />

      <h2>{t('dashboard.gapsTitle')}</h2>
      {gaps.length === 0 ? (
        <p>{t('dashboard.noGaps')}</p>
      ) : (
        // The checklist's own words: "Importer: missing", as the officer's form says it.
        <CountTable
          caption={t('dashboard.gapsCaption')}
          head={t('dashboard.field')}
          bars={gaps.map((gap) => ({ key: `${gap.field}.${gap.kind}`, label: `${t(`seizure:field.${gap.field}` as 'seizure:field.model')}: ${t(`seizure:readiness.state.${gap.kind}` as 'seizure:readiness.state.missing')}`, value: gap.count }))}
          percent={percent}
        />
      )}

      <h2>{t('dashboard.waitingTitle')}</h2>
      {readyNotRequested.length === 0 ? (
        <p>{t('dashboard.waitingNone')}</p>
      ) : (
        <ol className="plain-list">
          {readyNotRequested.map((firearm) => (
            <li key={firearm.firearmId}>
              <Link href={`/seizures/${firearm.recordId}`}>{t('dashboard.waitingItem', { item: firearm.itemNumber, date: calendarDate(firearm.recoveredOn, lang) ?? '—' })}</Link>
              {firearm.state && ` · ${stateName(firearm.state, lang)}`}
            </li>
          ))}
        </ol>
      )}

      <h2>{t('dashboard.daysTitle')}</h2>
      <p>{daysToRequest.count === 0 ? t('dashboard.daysNone') : t('dashboard.days', { count: daysToRequest.count, median: daysToRequest.median ?? 0, p90: daysToRequest.p90 ?? 0 })}</p>
    </>
  );
}

function CountTable({ caption, head, bars, percent }: { caption: string; head: string; bars: readonly { key: string; label: string; value: number }[]; percent: (n: number) => string }) {
  const { t } = useTranslation('supervisor');
  const lang = useLanguage();
  return (
    <div className="table-scroll">
      <table className="supervisor-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t('dashboard.count')}</th>
            <th scope="col">{t('dashboard.share')}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td className="number">{formatNumber(bar.value, lang)}</td>
              <td className="number">{percent(bar.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
