import type { HttpException } from '@nestjs/common';
import { ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { IDEMPOTENCY_KEY_HEADER } from '../http/idempotency-key';
import {
  IdempotencyKeyConflictError,
  StoreOutcomeUnknownError,
  StoreUnavailableError,
} from '../store/store.errors';
import { STORE_MESSAGES } from '../store/store.messages';

/** What a 503 tells the client about its write: `not_recorded` or `unknown`. */
export type WriteOutcome = 'not_recorded' | 'unknown';

const unavailable = (message: string, cause: Error, outcome?: WriteOutcome) =>
  new ServiceUnavailableException(
    {
      statusCode: 503,
      error: 'Service Unavailable',
      message,
      ...(outcome === undefined ? {} : { outcome }),
    },
    { cause },
  );

/**
 * The answer to a store failure, saying what is known about the client's data: a write that did
 * not happen (503, `outcome: "not_recorded"`), a write that may have happened (503,
 * `outcome: "unknown"`, retry with the same `Idempotency-Key`), an unreadable store (503), or a
 * reused `Idempotency-Key` (422 naming the header). Undefined for any other error.
 *
 * @param write whether the failed operation was a write
 */
export function storeFailureResponse(error: unknown, write: boolean): HttpException | undefined {
  if (error instanceof IdempotencyKeyConflictError) {
    const reason = error.reason;
    return new UnprocessableEntityException(
      {
        statusCode: 422,
        error: 'Unprocessable Content',
        message: `${IDEMPOTENCY_KEY_HEADER}: ${reason}`,
        errors: [{ field: IDEMPOTENCY_KEY_HEADER, reason }],
      },
      { cause: error },
    );
  }
  if (error instanceof StoreOutcomeUnknownError) {
    return unavailable(STORE_MESSAGES.outcomeUnknown, error, 'unknown');
  }
  if (error instanceof StoreUnavailableError) {
    return write
      ? unavailable(STORE_MESSAGES.notRecorded, error, 'not_recorded')
      : unavailable(STORE_MESSAGES.unreadable, error);
  }
  return undefined;
}
