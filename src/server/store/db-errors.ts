/**
 * Tells "the database is unreachable or overloaded right now" (503: the device keeps its data
 * and retries later) from every other failure (500). Both carry no detail to the client.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

// PostgreSQL SQLSTATEs: class 08 connection exceptions, 57P0x shutdowns, 53xxx insufficient
// resources, the transaction failures that a retry resolves, and the timeouts of database.ts:
// 57014 a statement cancelled by statement_timeout, 25P03 a session ended by
// idle_in_transaction_session_timeout, 55P03 a lock not granted in time.
const PG_RETRYABLE = /^(08...|57P0[1-4]|53...|40001|40P01|57014|25P03|55P03)$/;

// SQLite (better-sqlite3 codes): the file is locked past busy_timeout, cannot be opened, or
// the disk failed or filled up.
const SQLITE_RETRYABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL)/;

const PG_POOL_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'driver has already been destroyed',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || PG_RETRYABLE.test(code) || SQLITE_RETRYABLE.test(code))) return true;
  if (PG_POOL_MESSAGES.some((text) => error.message.includes(text))) return true;
  // AggregateError from net when every address of a host refused.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}
