/**
 * Shows the app only to the officer who opened it. Locked after use (idle limit, "Lock"), the app
 * stays mounted but hidden and inert, so a half-filled form is exactly as it was after the PIN;
 * locked from the start, it is not rendered at all until the PIN is given.
 */
import { Suspense, lazy, useState, type ReactNode } from 'react';
import { useDeviceLock } from '../../lock';

// Loaded when first needed (from the service worker's cache offline): the list screen stays light.
const LockScreen = lazy(() => import('./LockScreen').then((m) => ({ default: m.LockScreen })));

export function LockGate({ children }: { children: ReactNode }) {
  const state = useDeviceLock();
  const isOpen = state.kind === 'open' || state.kind === 'unlocked';
  const [mounted, setMounted] = useState(isOpen);
  if (isOpen && !mounted) setMounted(true);
  return (
    <>
      {!isOpen && state.kind !== 'starting' && (
        <Suspense fallback={null}>
          <LockScreen state={state} />
        </Suspense>
      )}
      {mounted && (
        <div className="app-shell" hidden={!isOpen} inert={!isOpen}>
          {children}
        </div>
      )}
    </>
  );
}
