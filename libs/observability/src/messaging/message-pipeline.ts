import { withOperationIds } from '../context/operation-context';
import type { CallOutcome } from '../instrument/call';
import { SinkChain } from '../instrument/operation';
import type { HandlerSite, MessageExchange, MessageSink } from './message-exchange';
import { callerContextOf, messageIdOf } from './trace-carriers';

/**
 * What happens to every message a Nest microservice handler receives, whatever the transport
 * (the server adapter calls it around each handler):
 *
 * 1. The caller's trace context is read where the transport carries it (NATS and RabbitMQ
 *    headers, the TCP and Redis envelope), on a fresh root: a bad or forged value starts a trace.
 * 2. The message gets its id (`message_id` in every log line written while it is handled).
 * 3. The sinks (a `SinkChain` of the operation model every context shares) see its start: the
 *    span sink opens the SERVER (request) or CONSUMER (event) span, which becomes the handler's
 *    scope, so the decorators' spans and the outgoing calls nest under it.
 * 4. When the handler's work ends (its Promise settled, its reply stream completed or failed),
 *    the outcome and the duration are resolved once and handed to the sinks in reverse order:
 *    the metrics first, the span last.
 *
 * A failure of the telemetry never fails the message: it is counted and reported, and the
 * handler runs untraced.
 *
 * @internal
 */
export class MessagePipeline {
  private readonly chain: SinkChain<MessageExchange>;

  constructor(sinks: readonly MessageSink[]) {
    this.chain = new SinkChain(sinks);
  }

  /** Opens the scope of one message for the handler at `site`; `rpcContext` is Nest's. */
  start(site: HandlerSite, rpcContext: unknown): MessageExchange {
    const messageId = messageIdOf(site.system, rpcContext);
    const parent = callerContextOf(site.system, rpcContext);
    const exchange: MessageExchange = {
      site,
      startedMs: performance.now(),
      messageId,
      span: undefined,
      context: withOperationIds(parent, { field: 'message_id', value: messageId }),
    };
    this.chain.start(exchange, site.pattern);
    return exchange;
  }

  /** Ends `exchange` with how the handler's work ended. Never throws. */
  end(exchange: MessageExchange, outcome: CallOutcome, error: unknown): void {
    const seconds = (performance.now() - exchange.startedMs) / 1000;
    this.chain.end(exchange, { outcome, error, seconds }, exchange.site.pattern);
  }
}
