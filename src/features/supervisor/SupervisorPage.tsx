/**
 * The supervisor's screens (docs/supervisor.md): serial search, trace readiness, devices and
 * alerts, for supervisors and administrators, read from the server. One chunk loaded on demand,
 * so an officer's phone never downloads it; offline they say so instead of showing old numbers.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOnline } from '../../lib/use-online';
import { supervises, useSignedInRole } from '../../lib/use-role';
import { AlertsScreen } from './AlertsScreen';
import { DashboardScreen } from './DashboardScreen';
import { DevicesScreen } from './DevicesScreen';
import { SearchScreen } from './SearchScreen';
import { ServerLoading, ServerProblem } from './ServerProblem';
import './supervisor.css';

const SCREENS = { search: SearchScreen, dashboard: DashboardScreen, devices: DevicesScreen, alerts: AlertsScreen } as const;
type Screen = keyof typeof SCREENS;
const isScreen = (name: string): name is Screen => name in SCREENS;

export function SupervisorPage({ screen = 'search' }: { screen?: string }) {
  const { t } = useTranslation(['supervisor', 'common']);
  const role = useSignedInRole();
  const online = useOnline();
  if (role === 'loading') return <ServerLoading />;
  if (!isScreen(screen)) return <p>{t('common:notFound')}</p>;
  if (!supervises(role)) {
    return (
      <section className="supervisor" aria-labelledby="supervisor-title">
        <h1 id="supervisor-title">{t('gate.title')}</h1>
        <ServerProblem failure={role === null ? 'signedOut' : 'refused'} />
      </section>
    );
  }
  const Current = SCREENS[screen];
  return (
    <section className="supervisor" aria-labelledby="supervisor-title">
      <h1 id="supervisor-title">{t(`nav.${screen}`)}</h1>
      <nav aria-label={t('nav.label')} className="supervisor-tabs">
        {(Object.keys(SCREENS) as Screen[]).map((name) => (
          <Link key={name} href={name === 'search' ? '/supervisor' : `/supervisor/${name}`} aria-current={name === screen ? 'page' : undefined}>
            {t(`nav.${name}`)}
          </Link>
        ))}
      </nav>
      {online ? <Current /> : <ServerProblem failure="offline" />}
    </section>
  );
}
