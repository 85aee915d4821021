import { InvalidInputException } from './invalid-input.exception';

/** The request header that makes a prediction safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The response header set when the answer is the one recorded for an earlier request. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** Longest key accepted: a UUID is 36 characters. */
const MAX_LENGTH = 255;

/** Visible ASCII, no space, no comma (Node joins a repeated header with ", "). */
const ALLOWED = /^[\x21-\x2B\x2D-\x7E]+$/;

/** Why `raw` is not a usable key, or undefined when it is. */
function problem(raw: string): string | undefined {
  if (raw.length === 0) return 'is empty: send a unique value per request, such as a UUID';
  if (raw.includes(',')) {
    return 'must be sent once, as one value without commas (several headers were joined)';
  }
  if (raw.length > MAX_LENGTH) {
    return `is ${raw.length} characters long: at most ${MAX_LENGTH}, such as a UUID`;
  }
  if (!ALLOWED.test(raw)) {
    return 'must be visible ASCII characters without spaces or commas, such as a UUID';
  }
  return undefined;
}

/**
 * Validates the `Idempotency-Key` request header: absent is fine (undefined); otherwise 1 to 255
 * visible ASCII characters without spaces or commas, sent once. Throws a 400 naming the header
 * and the reason. The value itself is never echoed: it may be long, and it is the client's.
 */
export function parseIdempotencyKey(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  const reason =
    typeof raw === 'string' ? problem(raw) : 'must be sent once, as one value without commas';
  if (reason !== undefined) {
    throw new InvalidInputException([{ field: IDEMPOTENCY_KEY_HEADER, reason }]);
  }
  return raw as string;
}
