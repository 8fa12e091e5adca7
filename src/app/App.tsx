import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Switch, useLocation } from 'wouter';
import { StorageErrorBanner } from '../components/StorageErrorBanner';
// In the first bundle anyway: the lock screen shows it on every start without an account.
import { SignInPage } from '../features/lock/SignInPage';
import { SeizureListPage } from '../features/seizures/pages/SeizureListPage';
import { NewSeizurePage } from '../features/seizures/pages/NewSeizurePage';
import type { StorageErrorCode } from '../storage';
import { Header } from './Header';
import { lazyScreen } from './lazy-screen';
import { ScreenBoundary } from './ScreenBoundary';

const EditSeizurePage = lazyScreen(() => import('../features/seizures/pages/EditSeizurePage').then((m) => m.EditSeizurePage));
const SeizureDetailPage = lazyScreen(() => import('../features/seizures/pages/SeizureDetailPage').then((m) => m.SeizureDetailPage));
const ConflictPage = lazyScreen(() => import('../features/seizures/pages/ConflictPage').then((m) => m.ConflictPage));
const TraceRequestPage = lazyScreen(() => import('../features/seizures/pages/TraceRequestPage').then((m) => m.TraceRequestPage));
const SupervisorPage = lazyScreen(() => import('../features/supervisor/SupervisorPage').then((m) => m.SupervisorPage));
const SettingsPage = lazyScreen(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage));

/**
 * The capture form is what an officer most often opens after the PIN: its chunks are fetched
 * while the PIN is typed (main.tsx), so "New seizure" shows the form without a round trip.
 */
export const preloadCaptureForm = (): void => EditSeizurePage.preload();

export function App({ storageProblem }: { storageProblem?: StorageErrorCode | undefined }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {storageProblem && <StorageErrorBanner code={storageProblem} />}
        {/* Reset by the address: a screen that failed does not stand in for the next one. */}
        <ScreenBoundary resetKey={location}>
          <Suspense fallback={<p role="status">{t('loading')}</p>}>
            <Switch>
              <Route path="/" component={SeizureListPage} />
              <Route path="/new" component={NewSeizurePage} />
              <Route path="/new/:id">{(params) => <EditSeizurePage id={params.id} />}</Route>
              <Route path="/seizures/:id/edit">{(params) => <EditSeizurePage id={params.id} />}</Route>
              <Route path="/seizures/:id/trace-request">{(params) => <TraceRequestPage id={params.id} />}</Route>
              <Route path="/seizures/:id/conflict">{(params) => <ConflictPage id={params.id} />}</Route>
              <Route path="/signin">{() => <SignInPage />}</Route>
              <Route path="/seizures/:id">{(params) => <SeizureDetailPage id={params.id} />}</Route>
              <Route path="/settings" component={SettingsPage} />
              <Route path="/supervisor">{() => <SupervisorPage />}</Route>
              <Route path="/supervisor/links/:kind/:id">{(params) => <SupervisorPage links={params} />}</Route>
              <Route path="/supervisor/:screen">{(params) => <SupervisorPage screen={params.screen} />}</Route>
              <Route>
                <p>{t('notFound')}</p>
              </Route>
            </Switch>
          </Suspense>
        </ScreenBoundary>
      </main>
    </>
  );
}
