import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallOutcome } from '../instrument/call';
import type { Operation, OperationOutcome, OperationSink } from '../instrument/operation';
import { ABORTED_STATUS } from './response-end';

/**
 * One HTTP request as the pipeline follows it, from its arrival to its response's end: an
 * operation whose span is the SERVER span and whose scope carries the request id.
 *
 * @internal
 */
export interface HttpExchange extends Operation {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The `method` label: a standard method, or `OTHER`. */
  readonly method: string;
  /** `performance.now()` when the request arrived. */
  readonly startedMs: number;
  readonly requestId: string;
  /** The status Node answered the request with itself (a request timeout: 408), if it did. */
  rejectedWith?: string;
}

/**
 * How a request ended, resolved once for every sink: the operation's outcome (a 5xx failed, a
 * connection closed first was given up: `cancelled`), with the HTTP figures.
 *
 * @internal
 */
export interface HttpOutcome extends OperationOutcome {
  /** The status the client got, or `499` when the connection closed first. */
  readonly status: string;
  /** The matched route template (or the SDK endpoint's path); undefined when none matched. */
  readonly route: string | undefined;
}

/**
 * The operation's outcome of an HTTP status: a 5xx failed, a connection closed first (`499`) gave
 * up; any other answer, a 4xx included (the caller's mistake, not the server's), succeeded.
 *
 * @internal
 */
export function outcomeOfStatus(status: string): CallOutcome {
  if (status === ABORTED_STATUS) return 'cancelled';
  return Number(status) >= 500 ? 'error' : 'success';
}

/**
 * What records something about every request, at its start (optional) and at its end, and, for
 * the sinks that count them, the requests Node rejected before the pipeline saw them (malformed,
 * headers too large).
 *
 * @internal
 */
export interface HttpSink extends OperationSink<HttpExchange, HttpOutcome> {
  /** A request Node rejected before it reached the pipeline (malformed, headers too large). */
  rejected?(status: string): void;
}
