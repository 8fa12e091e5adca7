/**
 * Where the header shows the supervisor's entries: nothing at all for an officer; for a supervisor
 * or administrator, the entries from their own chunk (features/supervisor/SupervisorNav), loaded
 * on demand. A chunk that cannot be loaded leaves the header as an officer's, never broken.
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { supervises, useSignedInRole } from '../lib/use-role';

const nav = () => import('../features/supervisor/SupervisorNav');
const MenuLink = lazy(() => nav().then((m) => ({ default: m.SupervisorMenuLink })));
const AlertCount = lazy(() => nav().then((m) => ({ default: m.SupervisorAlertCount })));

class Quiet extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError = () => ({ failed: true });
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

function ForSupervisors({ children }: { children: ReactNode }) {
  if (!supervises(useSignedInRole())) return null;
  return (
    <Quiet>
      <Suspense fallback={null}>{children}</Suspense>
    </Quiet>
  );
}

export const SupervisorMenuEntry = () => (
  <ForSupervisors>
    <MenuLink />
  </ForSupervisors>
);

export const SupervisorAlertsBadge = () => (
  <ForSupervisors>
    <AlertCount />
  </ForSupervisors>
);
