/**
 * Storage failures, sorted into the few cases an officer can act on. Each code has text in both
 * languages under storage:errors.<code>.
 */
export const STORAGE_ERROR_CODES = ['quotaExceeded', 'unavailable', 'blocked', 'upgradeRequired', 'writeFailed'] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`storage.${code}`, options);
    this.name = 'StorageError';
  }
}

const errorName = (error: unknown): string => {
  if (!error || typeof error !== 'object') return '';
  const { name, inner } = error as { name?: unknown; inner?: unknown };
  // Dexie wraps the browser's DOMException; the inner name is the precise one.
  const innerName = inner && typeof inner === 'object' ? (inner as { name?: unknown }).name : undefined;
  return String(innerName ?? name ?? '');
};

export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const names = [errorName(error), String((error as { name?: unknown } | null)?.name ?? '')];
  const code: StorageErrorCode = names.some((n) => n === 'QuotaExceededError')
    ? 'quotaExceeded'
    : names.some((n) => n === 'MissingAPIError' || n === 'InvalidStateError' || n === 'OpenFailedError' || n === 'SecurityError')
      ? 'unavailable'
      : names.some((n) => n === 'DatabaseClosedError')
        ? 'blocked'
        : names.some((n) => n === 'VersionError' || n === 'UpgradeError')
          ? 'upgradeRequired'
          : 'writeFailed';
  return new StorageError(code, { cause: error });
}

/** Runs a storage operation and turns whatever it throws into a StorageError. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStorageError(error);
  }
}
