import type { Context, Span } from '@opentelemetry/api';
import type { CallOutcome } from '../instrument/call';

/**
 * What a handled message is: a request that expects a reply (`@MessagePattern`, an RPC) or an
 * event nobody answers (`@EventPattern`).
 *
 * @internal
 */
export type MessageKind = 'rpc' | 'event';

/** Where a handler is registered, resolved once when Nest registers it. @internal */
export interface HandlerSite {
  readonly kind: MessageKind;
  /** `rpc_system` / `messaging_system`: the transport (`tcp`, `nats`, `redis`, `rabbitmq`, ...). */
  readonly system: string;
  /** The registered pattern as Nest normalises it: a code identifier, never the caller's text. */
  readonly pattern: string;
}

/** One message as the pipeline follows it, from the handler's call to its result's end. @internal */
export interface MessageExchange {
  readonly site: HandlerSite;
  /** `performance.now()` when the handler was called. */
  readonly startedMs: number;
  /** The message's id in the logs: the transport's when it is a plain token, else a new one. */
  readonly messageId: string;
  /** The SERVER or CONSUMER span, when tracing runs. */
  span: Span | undefined;
  /** The scope the handler runs in: its span and its message id. */
  context: Context;
}

/** How the handling of a message ended, resolved once for every sink. @internal */
export interface MessageOutcome {
  readonly outcome: CallOutcome;
  readonly error: unknown;
  readonly seconds: number;
}

/** What records something about every handled message. @internal */
export interface MessageSink {
  start?(exchange: MessageExchange, carrier: Context): void;
  end(exchange: MessageExchange, outcome: MessageOutcome): void;
}
