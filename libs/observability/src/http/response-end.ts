import type { ServerResponse } from 'node:http';

/** The status recorded for a request whose connection closed before its response was finished. @internal */
export const ABORTED_STATUS = '499';

/**
 * Calls `done` exactly once when the response is over: with the status the client got when it
 * was finished, or `499` when the connection closed first (a client that hung up, a server
 * timeout).
 *
 * @internal
 */
export function onResponseEnd(res: ServerResponse, done: (status: string) => void): void {
  let ended = false;
  const end = (status: string) => {
    if (ended) return;
    ended = true;
    done(status);
  };
  res.once('finish', () => end(String(res.statusCode)));
  res.once('close', () => end(res.writableFinished ? String(res.statusCode) : ABORTED_STATUS));
}
