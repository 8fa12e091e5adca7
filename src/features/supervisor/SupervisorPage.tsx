/**
 * The supervisor's screens (docs/supervisor.md): serial search, trace readiness, devices,
 * alerts, possible rings and the link view (docs/links.md), for supervisors and administrators,
 * read from the server. One chunk loaded on demand, so an officer's phone never downloads it;
 * offline they say so instead of showing old numbers.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOnline } from '../../lib/use-online';
import { supervises, useSignedInRole } from '../../lib/use-role';
import { AlertsScreen } from './AlertsScreen';
import { DashboardScreen } from './DashboardScreen';
import { DevicesScreen } from './DevicesScreen';
import { LeadsScreen } from './links/LeadsScreen';
import type { LinkSubject } from './links/link-query';
import { LinkViewScreen } from './links/LinkViewScreen';
import { SearchScreen } from './SearchScreen';
import { ServerLoading, ServerProblem } from './ServerProblem';
import './supervisor.css';

const SCREENS = { search: SearchScreen, dashboard: DashboardScreen, devices: DevicesScreen, alerts: AlertsScreen, leads: LeadsScreen } as const;
type Screen = keyof typeof SCREENS;
const isScreen = (name: string): name is Screen => name in SCREENS;

const isSubject = (kind: string): kind is LinkSubject['kind'] => kind === 'seizures' || kind === 'firearms';

/** `links`: the link view of a seizure or a firearm (`/supervisor/links/seizures/:id`), not a tab of its own. */
export function SupervisorPage({ screen = 'search', links }: { screen?: string; links?: { kind: string; id: string } }) {
  const { t } = useTranslation(['supervisor', 'common']);
  const role = useSignedInRole();
  const online = useOnline();
  if (role === 'loading') return <ServerLoading />;
  if (links ? !isSubject(links.kind) : !isScreen(screen)) return <p>{t('common:notFound')}</p>;
  if (!supervises(role)) {
    return (
      <section className="supervisor" aria-labelledby="supervisor-title">
        <h1 id="supervisor-title">{t('gate.title')}</h1>
        <ServerProblem failure={role === null ? 'signedOut' : 'refused'} />
      </section>
    );
  }
  const subject = links && isSubject(links.kind) ? { kind: links.kind, id: links.id } : undefined;
  const Current = SCREENS[screen as Screen] ?? SearchScreen;
  return (
    <section className="supervisor" aria-labelledby="supervisor-title">
      <h1 id="supervisor-title">{t(subject ? 'nav.links' : `nav.${screen as Screen}`)}</h1>
      <nav aria-label={t('nav.label')} className="supervisor-tabs">
        {(Object.keys(SCREENS) as Screen[]).map((name) => (
          <Link key={name} href={name === 'search' ? '/supervisor' : `/supervisor/${name}`} aria-current={name === screen && !subject ? 'page' : undefined}>
            {t(`nav.${name}`)}
          </Link>
        ))}
      </nav>
      {!online ? <ServerProblem failure="offline" /> : subject ? <LinkViewScreen key={`${subject.kind}/${subject.id}`} subject={subject} /> : <Current />}
    </section>
  );
}
