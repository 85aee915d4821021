import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Span } from '@opentelemetry/api';

/** One HTTP request as the pipeline follows it, from its arrival to its response's end. @internal */
export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The `method` label: a standard method, or `OTHER`. */
  readonly method: string;
  /** `performance.now()` when the request arrived. */
  readonly startedMs: number;
  readonly requestId: string;
  /** The SERVER span, when tracing runs. */
  span: Span | undefined;
  /** The scope everything about the request runs in: its span and its request id. */
  context: Context;
  /** The status Node answered the request with itself (a request timeout: 408), if it did. */
  rejectedWith?: string;
}

/** How a request ended, resolved once for every sink. @internal */
export interface HttpOutcome {
  /** The status the client got, or `499` when the connection closed first. */
  readonly status: string;
  /** The matched route template (or the SDK endpoint's path); undefined when none matched. */
  readonly route: string | undefined;
  readonly seconds: number;
}

/** What records something about every request: at its start (optional) and at its end. @internal */
export interface HttpSink {
  start?(exchange: HttpExchange): void;
  end(exchange: HttpExchange, outcome: HttpOutcome): void;
  /** A request Node rejected before it reached the pipeline (malformed, headers too large). */
  rejected?(status: string): void;
}
