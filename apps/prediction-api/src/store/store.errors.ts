const reasonOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/** Raised when the store cannot record or read, and nothing was written; the API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`The prediction store could not ${operation}: ${reasonOf(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Raised when a write was sent and never confirmed (timeout, connection lost): it may be
 * committed. The API answers 503 saying so; a retry with the same `Idempotency-Key` is safe.
 */
export class StoreOutcomeUnknownError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`The prediction store may or may not ${operation}: ${reasonOf(cause)}`, { cause });
    this.name = 'StoreOutcomeUnknownError';
  }
}

/**
 * Raised when an `Idempotency-Key` was already used for another request (other rows, another
 * endpoint), or for predictions that retention has since deleted: a new key is needed.
 */
export class IdempotencyKeyConflictError extends Error {
  constructor(readonly reason: string) {
    super(`Idempotency-Key ${reason}`);
    this.name = 'IdempotencyKeyConflictError';
  }
}
