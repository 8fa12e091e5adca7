/**
 * How long the app may sit unused on a device before it locks itself and asks for the PIN. The
 * server sends it with every sign-in so an agency sets it once for all its phones; CJIS (5.5.5,
 * session lock) asks for at most 30 minutes, which is also the default.
 */
export const DEFAULT_LOCK_AFTER_MINUTES = 30;
export const MAX_LOCK_AFTER_MINUTES = 30;
