import type { Operation, OperationSink } from '../instrument/operation';

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

/**
 * One message as the pipeline follows it, from the handler's call to its result's end: an
 * operation whose span is the SERVER or CONSUMER span and whose scope carries its message id.
 *
 * @internal
 */
export interface MessageExchange extends Operation {
  readonly site: HandlerSite;
  /** `performance.now()` when the handler was called. */
  readonly startedMs: number;
  /** The message's id in the logs: the transport's when it is a plain token, else a new one. */
  readonly messageId: string;
}

/** What records something about every handled message (the shared operation model). @internal */
export type MessageSink = OperationSink<MessageExchange>;
