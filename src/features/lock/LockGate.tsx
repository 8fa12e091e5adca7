/**
 * Shows the app only to the officer who opened it. Locked after use (idle limit, "Lock"), the app
 * stays mounted but hidden and inert, so a half-filled form is exactly as it was after the PIN;
 * locked from the start, it is not rendered at all until the PIN is given. Another officer, or a
 * sign-out, gets a new app: nothing the previous officer's screens held in memory carries over.
 */
import { useState, type ReactNode } from 'react';
import { useDeviceLock } from '../../lock';
import { LockedReadBoundary } from './LockedReadBoundary';
// In the first bundle, not lazy: every cold start shows it first (the PIN, or the sign-in), and a
// chunk fetched after the entry ran would be one more round trip before the first paint.
import { LockScreen } from './LockScreen';

export function LockGate({ children }: { children: ReactNode }) {
  const state = useDeviceLock();
  const isOpen = state.kind === 'unlocked';
  const officer = 'userId' in state ? state.userId : undefined;
  const [mountedFor, setMountedFor] = useState<string>();
  const [unlocks, setUnlocks] = useState(0);
  const [wasOpen, setWasOpen] = useState(isOpen);
  if (isOpen !== wasOpen) {
    setWasOpen(isOpen);
    if (isOpen) setUnlocks(unlocks + 1);
  }
  if (isOpen && mountedFor !== officer) setMountedFor(officer);
  if (!isOpen && mountedFor !== undefined && mountedFor !== officer) setMountedFor(undefined);
  return (
    <>
      {!isOpen && state.kind !== 'starting' && (
        <LockScreen state={state} />
      )}
      {mountedFor !== undefined && (
        <div key={mountedFor} className="app-shell" hidden={!isOpen} inert={!isOpen}>
          <LockedReadBoundary unlocks={unlocks}>{children}</LockedReadBoundary>
        </div>
      )}
    </>
  );
}
