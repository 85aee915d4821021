const reasonOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * The statement never reached the database (no connection in time, connection refused, the
 * database known to be down): nothing it would have written was written.
 */
export class SqlNotSentError extends Error {
  constructor(cause: unknown) {
    super(`not sent to the database: ${reasonOf(cause)}`, { cause });
    this.name = 'SqlNotSentError';
  }
}

/**
 * The statement was sent, and no verdict came back in time (timeout, connection lost): it may
 * have been committed, or not. Only a read of the data can tell.
 */
export class SqlOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super(`sent to the database, but no answer came back: ${reasonOf(cause)}`, { cause });
    this.name = 'SqlOutcomeUnknownError';
  }
}

/**
 * Whether `error` is the database's own verdict on a statement (a SQLSTATE such as 23505 or
 * 57014), after which the statement is known to have been rolled back. Connection exceptions
 * (class 08) and server shutdowns (57P0x) are not verdicts: the connection ended under the
 * statement.
 */
export function isStatementVerdict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    !code.startsWith('08') &&
    !code.startsWith('57P0')
  );
}

/** Whether `error` says the database is unreachable or unresponsive (not a statement's verdict). */
export const isOutage = (error: unknown): boolean =>
  error instanceof SqlNotSentError || error instanceof SqlOutcomeUnknownError;
