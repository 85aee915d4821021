import { STATUS_CODES } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The status Node answers when its HTTP parser or its request timeout rejects a request before
 * the framework sees it (`clientError`), by error code, as `node:_http_server` maps them; undefined
 * for errors that get no answer (a connection reset by the client).
 *
 * @internal
 */
export function rejectionStatus(code: string | undefined): number | undefined {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  if (code?.startsWith('HPE_') === true) return 400;
  return undefined;
}

/** What the pipeline tells about, and learns from, a socket Node rejected a request on. @internal */
export interface ClientErrorWatcher {
  /** The response in flight on `socket`, if a request on it reached the pipeline. */
  responseOn(socket: Duplex): ServerResponse | undefined;
  /** `socket`'s request was answered `status` (its response, if any, ends as such). */
  rejected(status: number, socket: Duplex): void;
}

/**
 * Observes the requests Node rejects itself (a malformed request line, headers over the size
 * limit, a request that timed out) and answers them exactly as Node's default does: Node only
 * answers when no `clientError` listener exists, so with ours the answer is ours to write.
 * Written here rather than left to Node because those requests are otherwise invisible to the
 * metrics: a flood of malformed requests, or slow clients timing out, must show on the
 * dashboard. When another listener exists (Fastify installs one), that listener answers and this
 * one only records.
 *
 * @internal
 */
export function observeClientErrors(server: Server, watcher: ClientErrorWatcher): () => void {
  const listener = (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = rejectionStatus(error.code);
    // As Node: answer only when nothing of an in-flight response was sent on the socket yet.
    const answers =
      status !== undefined && socket.writable && watcher.responseOn(socket)?.headersSent !== true;
    if (answers) watcher.rejected(status, socket);
    if (server.listenerCount('clientError') > 1) return;
    if (answers) {
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy(error);
  };
  // First, so that it sees the socket before another listener (Fastify's) answers and closes it.
  server.prependListener('clientError', listener);
  return () => server.off('clientError', listener);
}
