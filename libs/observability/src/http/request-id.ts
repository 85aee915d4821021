import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The header that carries the request id, in and out. @publicApi */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The id of a request: the caller's `x-request-id` when it is a plain token of at most 128
 * characters (a proxy's id joins the logs), else a new UUID. Anything else a caller sends is
 * replaced, so the id is always safe to log and to echo.
 *
 * @internal
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && VALID_ID.test(given) ? given : randomUUID();
}
