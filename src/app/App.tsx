import { Suspense, lazy, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Switch } from 'wouter';
import { StorageErrorBanner } from '../components/StorageErrorBanner';
// In the first bundle anyway: the lock screen shows it on every start without an account.
import { SignInPage } from '../features/auth/SignInPage';
import { SeizureListPage } from '../features/seizures/pages/SeizureListPage';
import { NewSeizurePage } from '../features/seizures/pages/NewSeizurePage';
import { loadScreenStrings } from '../i18n';
import type { StorageErrorCode } from '../storage';
import { Header } from './Header';

// Screens other than the list load on demand so the first screen stays light, each with the
// screens' strings in the officer's language (fetched in parallel with its chunk, once).
function screen<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    const [component] = await Promise.all([load(), loadScreenStrings()]);
    return { default: component };
  });
}
const EditSeizurePage = screen(() => import('../features/seizures/pages/EditSeizurePage').then((m) => m.EditSeizurePage));
const SeizureDetailPage = screen(() => import('../features/seizures/pages/SeizureDetailPage').then((m) => m.SeizureDetailPage));
const ConflictPage = screen(() => import('../features/seizures/pages/ConflictPage').then((m) => m.ConflictPage));
const SettingsPage = screen(() => import('../features/settings/SettingsPage').then((m) => m.SettingsPage));

export function App({ storageProblem }: { storageProblem?: StorageErrorCode | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {storageProblem && <StorageErrorBanner code={storageProblem} />}
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
          <Switch>
            <Route path="/" component={SeizureListPage} />
            <Route path="/new" component={NewSeizurePage} />
            <Route path="/seizures/:id/edit">{(params) => <EditSeizurePage id={params.id} />}</Route>
            <Route path="/seizures/:id/conflict">{(params) => <ConflictPage id={params.id} />}</Route>
            <Route path="/signin">{() => <SignInPage />}</Route>
            <Route path="/seizures/:id">{(params) => <SeizureDetailPage id={params.id} />}</Route>
            <Route path="/settings" component={SettingsPage} />
            <Route>
              <p>{t('notFound')}</p>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
