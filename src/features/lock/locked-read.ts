import { LockedError } from '../../storage';

/** A read refused because the device is locked, as thrown by the sealing middleware, wrapped by the repositories (cause) or by Dexie (inner). */
export const isLockedRead = (error: unknown): boolean =>
  error instanceof LockedError || (error instanceof Error && (error.cause instanceof LockedError || (error as { inner?: unknown }).inner instanceof LockedError));
