/**
 * The role of whoever is signed in on this device, as the server said at sign-in (kept in the
 * session). It only decides what the app offers: the server checks the role on every request.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { createSyncStore, db } from '../storage';

const sessions = createSyncStore(db);

/** Supervisors and administrators see the supervisor's screens, the history and sharing. */
export const supervises = (role: string | null | undefined): boolean => role === 'supervisor' || role === 'admin';

/** 'loading' until the session is read; null when nobody is signed in. */
export const useSignedInRole = (): string | null | 'loading' => useLiveQuery(async () => (await sessions.session())?.user.role ?? null, [], 'loading');
