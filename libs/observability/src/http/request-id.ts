import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isPlainToken } from '../context/operation-context';

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
  return isPlainToken(given) ? given : randomUUID();
}
